/**
 * The replicated collections and who writes them. RxDB's open core allows at most 13 collections per
 * JavaScript realm (RxDB `NON_PREMIUM_COLLECTION_LIMIT`, error COL23; docs/receipt-numbers.md): the van uses these 11 plus two local-only collections, so a
 * new kind of record joins an existing collection (as the trip ledger holds two kinds of entry).
 * `VAN_COLLECTIONS` are the ones the van pushes; `tripLedger` (protocol 9) is written by both sides.
 */
export const OFFICE_COLLECTIONS = ['trips', 'appointments', 'units', 'feeSchedules', 'staff', 'scanAcks'] as const;
export const VAN_COLLECTIONS = ['cases', 'caseEvents', 'receipts', 'scans', 'tripLedger'] as const;
export const SYNC_COLLECTIONS = [...OFFICE_COLLECTIONS, ...VAN_COLLECTIONS] as const;

export type OfficeCollection = (typeof OFFICE_COLLECTIONS)[number];
export type VanCollection = (typeof VAN_COLLECTIONS)[number];
export type SyncCollection = (typeof SYNC_COLLECTIONS)[number];

export function isSyncCollection(name: string): name is SyncCollection {
  return (SYNC_COLLECTIONS as readonly string[]).includes(name);
}

export function isVanCollection(name: SyncCollection): name is VanCollection {
  return (VAN_COLLECTIONS as readonly string[]).includes(name);
}

/**
 * `caseEvents` and `tripLedger` are written by both sides: the van its intake events and visit outcomes,
 * the office its review events and receipt grants (authorSide in domain/case/events.ts and LEDGER_AUTHOR
 * in documents/ledger.ts decide which kind belongs to whom).
 */
export const MIXED_AUTHOR_COLLECTIONS: readonly SyncCollection[] = ['caseEvents', 'tripLedger'];
