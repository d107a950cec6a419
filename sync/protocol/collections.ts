/**
 * The replicated collections and who writes them. RxDB's open core allows at most 13 collections per
 * JavaScript realm (reference/rxdb.md §1.2): the van uses these 10 plus one local-only collection.
 */
export const OFFICE_COLLECTIONS = ['trips', 'appointments', 'units', 'feeSchedules', 'staff', 'scanAcks'] as const;
export const VAN_COLLECTIONS = ['cases', 'caseEvents', 'receipts', 'scans'] as const;
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
 * `caseEvents` is the one collection both sides author: the van its intake events, the office its
 * review events (authorSide in domain/case/events.ts decides which kind belongs to whom).
 */
export const MIXED_AUTHOR_COLLECTIONS: readonly SyncCollection[] = ['caseEvents'];
