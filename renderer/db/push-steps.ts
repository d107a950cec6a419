import { type SyncCollection, type VanCollection } from '#protocol/collections.ts';
import { type PushRow, type Rejection } from '#protocol/messages.ts';
import { type VanDatabase } from './database.ts';
import { heldEntry, loadBlockers, splitHeld } from './hold-back.ts';
import { type HeldBackEntry } from './schemas/sync-held-back.ts';

/** Sets documents the office refuses aside with its reason (push-quarantine.ts), so the rest keeps flowing. */
export const setAsideInto = (db: VanDatabase, collection: SyncCollection) => async (rejections: readonly Rejection[]): Promise<void> => {
  const at = new Date().toISOString();
  await db.syncQuarantine.bulkUpsert(
    rejections.map((r) => ({ id: `${collection}:${r.id}`, sourceCollection: collection, docId: r.id, code: r.code, reason: r.reason, at })),
  );
};

/** Returns the rows that may go now; those behind a quarantined document of their case go into `held` (the caller stores them). */
export const holdBackInto = (db: VanDatabase, collection: VanCollection, held: HeldBackEntry[]) => async (rows: readonly PushRow[]): Promise<readonly PushRow[]> => {
  const blockers = await loadBlockers(db);
  if (blockers.size === 0) return rows;
  const split = splitHeld(collection, rows, blockers);
  const at = new Date().toISOString();
  held.push(...split.held.map((h) => heldEntry(collection, h.row, h.blocker, at)));
  return split.push;
};
