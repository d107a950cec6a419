import { VAN_COLLECTIONS } from '#protocol/collections.ts';
import { type VanDatabase } from './database.ts';
import { caseDocuments, heldAmong, heldBack, loadBlockers } from './hold-back.ts';
import { isAbove, isOwn, pagesAbove, readOutbox } from './outbox.ts';

/** Documents read at a time while counting: a trip's worth is held a page at a time, not whole. */
const COUNT_PAGE = 500;

/**
 * Documents the office has not answered yet (above the outbox mark, outbox.ts), plus the held-back ones the
 * mark passed (answered by nobody yet: they wait on the van behind a quarantined document of their case,
 * hold-back.ts), and scans whose file the office has not verified. Quarantined documents count as answered:
 * the office refused them. A document the van pulled counts until the outbox has passed it (at the next send,
 * without a request when there is nothing of its own to send), so the count is never lower than the truth.
 */
export async function countPending(db: VanDatabase): Promise<{ pendingDocuments: number; pendingScans: number }> {
  const { mark, deviceId } = await readOutbox(db);
  let pendingDocuments = (await heldBack(db, deviceId)).filter((h) => !isAbove(h.at, mark)).length;
  for (const collection of VAN_COLLECTIONS) {
    // Only what is above the mark is read (outbox.ts): pulled documents in it (the office's, another device's)
    // are not this van's to send.
    for await (const page of pagesAbove(db, collection, mark, COUNT_PAGE)) pendingDocuments += page.filter((doc) => isOwn({ collection, doc }, deviceId)).length;
  }
  const acks = new Set((await db.scanAcks.find().exec()).map((a) => a.sha256));
  const scans = await db.scans.find().exec();
  const pendingScans = new Set(scans.filter((s) => !acks.has(s.sha256)).map((s) => s.sha256)).size;
  return { pendingDocuments, pendingScans };
}

/**
 * A case counts as synced only when the office has answered all its documents (none of this device's above the
 * outbox mark), none is held back, and all its scans are verified.
 */
export async function isCaseSynced(db: VanDatabase, caseId: string): Promise<boolean> {
  const { mark, deviceId } = await readOutbox(db);
  const docs = await caseDocuments(db, caseId);
  if (docs.some((d) => isAbove(d.at, mark) && isOwn(d, deviceId))) return false;
  // The documents just read, not read again: this runs for every case card on every sync tick.
  if (heldAmong(docs, deviceId, await loadBlockers(db)).length > 0) return false;
  const scans = docs.flatMap((d) => (d.collection === 'scans' && d.doc.sha256 ? [d.doc.sha256] : []));
  const acks = await db.scanAcks.findByIds(scans).exec();
  return scans.every((sha256) => acks.has(sha256));
}
