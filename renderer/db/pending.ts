import { VAN_COLLECTIONS } from '#protocol/collections.ts';
import { type RejectionCode } from '#protocol/messages.ts';
import { type VanDatabase } from './database.ts';
import { type Position, isAbove, isOwn, pagesAbove, positionOf, readOutbox } from './outbox.ts';

/** Documents read at a time while counting: a trip's worth is held a page at a time, not whole. */
const COUNT_PAGE = 500;

/** The code of a document the office holds back behind an earlier refused one of its case (protocol 21). */
export const HELD_BACK = 'held-back' satisfies RejectionCode;

/**
 * Documents the office has not answered yet (above the outbox mark, outbox.ts), plus the ones it held back behind
 * an earlier refused document of their case (set aside, but not at the office: they go with their blocker), and
 * scans whose file the office has not verified. Other set-aside documents count as answered: the office refused
 * them. A document the van pulled counts until the outbox has passed it (at the next send, without a request when
 * there is nothing of its own to send), so the count is never lower than the truth.
 */
export async function countPending(db: VanDatabase): Promise<{ pendingDocuments: number; pendingScans: number }> {
  const { mark, deviceId } = await readOutbox(db);
  // A count query needs an index the quarantine (a handful of entries) does not have.
  let pendingDocuments = (await db.syncQuarantine.find({ selector: { code: HELD_BACK } }).exec()).length;
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

type CaseCollection = 'cases' | 'caseEvents' | 'receipts' | 'scans';
const CASE_COLLECTIONS: readonly CaseCollection[] = ['cases', 'caseEvents', 'receipts', 'scans'];
type CaseDocument = { collection: CaseCollection; doc: { id: string; deviceId?: string; sha256?: string }; at: Position };

async function caseDocuments(db: VanDatabase, caseId: string): Promise<CaseDocument[]> {
  const out: CaseDocument[] = [];
  for (const collection of CASE_COLLECTIONS) {
    const docs = collection === 'cases' ? await db.cases.find({ selector: { id: caseId } }).exec() : await db[collection].find({ selector: { caseId } }).exec();
    for (const d of docs as { toJSON(withMeta?: boolean): unknown }[]) out.push({ collection, doc: d.toJSON() as CaseDocument['doc'], at: positionOf(d) });
  }
  return out;
}

/**
 * A case counts as synced only when the office has answered all its documents (none of this device's above the
 * outbox mark), holds none of them back, and has verified all its scans.
 */
export async function isCaseSynced(db: VanDatabase, caseId: string): Promise<boolean> {
  const { mark, deviceId } = await readOutbox(db);
  const docs = await caseDocuments(db, caseId);
  if (docs.some((d) => isAbove(d.at, mark) && isOwn(d, deviceId))) return false;
  const aside = await db.syncQuarantine.findByIds(docs.map((d) => `${d.collection}:${d.doc.id}`)).exec();
  if ([...aside.values()].some((q) => q.code === HELD_BACK)) return false;
  const scans = docs.flatMap((d) => (d.collection === 'scans' && d.doc.sha256 ? [d.doc.sha256] : []));
  const acks = await db.scanAcks.findByIds(scans).exec();
  return scans.every((sha256) => acks.has(sha256));
}
