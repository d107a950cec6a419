import { type VanCollection, isSyncCollection, isVanCollection } from '#protocol/collections.ts';
import { type VanDatabase } from './database.ts';
import { type HeldBackEntry } from './schemas/sync-held-back.ts';

/**
 * Per-case order (docs/sync-protocol.md): a case's documents reach the office in order, so while an
 * earlier document of a case is quarantined, the case's later documents wait on the van. They stay
 * pending (the office does not have them) and are never set aside; other cases keep flowing.
 *
 * What waits for what:
 * - a quarantined `cases` document holds every event, receipt and scan of that case;
 * - a quarantined event (seq N) holds the case's events of the same device with seq > N, and the case's
 *   receipts and scans (they record what those events did);
 * - a quarantined receipt or scan holds nothing: no later document of the case builds on it.
 *
 * What releases them (decision): only the quarantined document itself being accepted by the office,
 * i.e. "retry" after an office-side fix (a trip or receipt block allocated, a rule corrected). Events are
 * immutable and hash-chained per device, so the van cannot replace the refused event with a correcting
 * one: a later correcting event would have a higher seq and wait behind it like the others. Once the
 * blocker is gone, `releaseHeldBack` (outbox.ts) sends the held documents in write order; sending twice is
 * harmless (the office answers a repeat of an identical document as a duplicate), so a crash between the
 * send and the bookkeeping duplicates nothing. The office stops at a refusal, so nothing of the case written
 * after the refused document reaches it before the van has held it back.
 */
export type Blocker = { collection: VanCollection; docId: string; caseId: string; deviceId: string; seq: number | null };

type CaseDocLike = { id: string; caseId?: string; deviceId?: string; seq?: number };

const caseOf = (collection: VanCollection, doc: CaseDocLike): string | undefined => (collection === 'cases' ? doc.id : doc.caseId);

/** The quarantined documents that hold others back, per case. */
export async function loadBlockers(db: VanDatabase): Promise<Map<string, Blocker[]>> {
  const byCase = new Map<string, Blocker[]>();
  for (const entry of await db.syncQuarantine.find().exec()) {
    const collection = entry.sourceCollection;
    if (!isSyncCollection(collection) || !isVanCollection(collection) || collection === 'receipts' || collection === 'scans') continue;
    const doc = (await db[collection].findOne(entry.docId).exec())?.toJSON() as CaseDocLike | undefined;
    const caseId = doc && caseOf(collection, doc);
    if (!doc || !caseId) continue;
    const blocker: Blocker = { collection, docId: doc.id, caseId, deviceId: doc.deviceId ?? '', seq: collection === 'caseEvents' ? (doc.seq ?? null) : null };
    byCase.set(caseId, [...(byCase.get(caseId) ?? []), blocker]);
  }
  return byCase;
}

/** The quarantined document `doc` must wait for, if any. */
export function blockerOf(collection: VanCollection, doc: CaseDocLike, blockers: ReadonlyMap<string, readonly Blocker[]>): Blocker | undefined {
  const caseId = caseOf(collection, doc);
  if (!caseId) return undefined;
  for (const b of blockers.get(caseId) ?? []) {
    if (b.collection === collection && b.docId === doc.id) continue;
    if (b.collection === 'cases') return b;
    if (collection === 'receipts' || collection === 'scans') return b;
    if (collection === 'caseEvents' && doc.deviceId === b.deviceId && (doc.seq ?? 0) > (b.seq ?? 0)) return b;
  }
  return undefined;
}

export function heldEntry(collection: VanCollection, doc: CaseDocLike, blocker: Blocker, at: string): HeldBackEntry {
  return {
    id: `${collection}:${doc.id}`,
    sourceCollection: collection,
    docId: doc.id,
    caseId: blocker.caseId,
    blockedByCollection: blocker.collection,
    blockedByDocId: blocker.docId,
    blockedBySeq: blocker.seq,
    at,
  };
}
