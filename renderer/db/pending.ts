import { VAN_COLLECTIONS, type VanCollection } from '#protocol/collections.ts';
import { type VanDatabase } from './database.ts';
import { heldBack } from './hold-back.ts';
import { type OutboxEntry, aboveQuery, isAbove, isOwn, positionOf, readOutbox } from './outbox.ts';

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
    // IndexedDB counts a range by reading it (RxDB calls that a slow count), so the range is read: pulled
    // documents in it (the office's, another device's) are not this van's to send.
    const docs = await db[collection].find(aboveQuery(mark)).exec();
    pendingDocuments += (docs as { toJSON(): unknown }[]).filter((d) => mine(collection, d, deviceId)).length;
  }
  const acks = new Set((await db.scanAcks.find().exec()).map((a) => a.sha256));
  const scans = await db.scans.find().exec();
  const pendingScans = new Set(scans.filter((s) => !acks.has(s.sha256)).map((s) => s.sha256)).size;
  return { pendingDocuments, pendingScans };
}

/**
 * A case counts as synced only when the office has answered all its documents (none above the outbox mark),
 * none is held back, and all its scans are verified.
 */
export async function isCaseSynced(db: VanDatabase, caseId: string): Promise<boolean> {
  const { mark, deviceId } = await readOutbox(db);
  const header = await db.cases.findOne(caseId).exec();
  type Named = { name: 'cases' | 'caseEvents' | 'receipts' | 'scans'; doc: unknown };
  const docs: Named[] = [
    ...(header ? [{ name: 'cases' as const, doc: header }] : []),
    ...(await db.caseEvents.find({ selector: { caseId } }).exec()).map((doc) => ({ name: 'caseEvents' as const, doc })),
    ...(await db.receipts.find({ selector: { caseId } }).exec()).map((doc) => ({ name: 'receipts' as const, doc })),
  ];
  const scans = await db.scans.find({ selector: { caseId } }).exec();
  docs.push(...scans.map((doc) => ({ name: 'scans' as const, doc })));
  if (docs.some(({ name, doc }) => isAbove(positionOf(doc as never), mark) && mine(name, doc as never, deviceId))) return false;
  if ((await heldBack(db, deviceId, caseId)).length > 0) return false;
  if (scans.length === 0) return true;
  const acks = await db.scanAcks.findByIds(scans.map((s) => s.sha256)).exec();
  return scans.every((s) => acks.has(s.sha256));
}

/** Whether the outbox will send this document (every document counts while the device is not known yet). */
function mine(collection: VanCollection, doc: { toJSON(): unknown }, deviceId: string | undefined): boolean {
  return deviceId === undefined || isOwn({ collection, doc: doc.toJSON() as OutboxEntry['doc'] }, deviceId);
}
