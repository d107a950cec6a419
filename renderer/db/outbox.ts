import { type MangoQuery } from 'rxdb';
import { LEDGER_AUTHOR } from '#protocol/documents/ledger.ts';
import { VAN_COLLECTIONS, type VanCollection } from '#protocol/collections.ts';
import { type OutboxResult, type OutboxRow, type WireDocument } from '#protocol/messages.ts';
import { type CaseEvent } from './case-events.ts';
import { receiptOfEvent } from './charges.ts';
import { type VanDatabase } from './database.ts';
import { type OfficeClient } from './office-client.ts';
import { blockerOf, heldEntry, loadBlockers } from './hold-back.ts';
import { type HeldBackEntry } from './schemas/sync-held-back.ts';

/**
 * The outbox: the van's own documents go to the office in the order they were written (RxDB's local write
 * time `_meta.lwt`, then id, the order RxDB's own replication reads changes in; events are appended one at
 * a time, so this is also their chain order). The office answers each one: stored, duplicate or refused.
 * What the office has answered is one position per collection, the mark: everything at or below it is
 * answered, nothing above it is. It only moves forward over an unbroken run of answers, so a crash or a
 * lost answer at any point sends the same documents again, which the office answers as duplicates.
 */
export type Position = { lwt: number; id: string };
export type Marks = Record<VanCollection, Position>;
export type OutboxEntry = { collection: VanCollection; doc: WireDocument & { caseId?: string; deviceId?: string; seq?: number }; at: Position };

const MARKS_KEY = 'sync-outbox';
const ZERO: Position = { lwt: 0, id: '' };

export const isAbove = (a: Position, mark: Position) => a.lwt > mark.lwt || (a.lwt === mark.lwt && a.id > mark.id);

type Stored = { marks: Partial<Marks>; deviceId?: string };

export async function readMarks(db: VanDatabase): Promise<Marks> {
  return (await readOutbox(db)).marks;
}

/** The marks, and the device whose documents the outbox sends (unknown before its first send). */
export async function readOutbox(db: VanDatabase): Promise<{ marks: Marks; deviceId: string | undefined }> {
  const local = await db.getLocal<Stored>(MARKS_KEY);
  const stored = (local?.get('marks') as Partial<Marks> | undefined) ?? {};
  const marks = Object.fromEntries(VAN_COLLECTIONS.map((c) => [c, stored[c] ?? ZERO])) as Marks;
  return { marks, deviceId: local?.get('deviceId') as string | undefined };
}

/** Marks only move forward: a send and an answer bundle taken meanwhile never undo each other's progress. */
async function writeMarks(db: VanDatabase, marks: Marks, deviceId: string): Promise<unknown> {
  const stored = (await readOutbox(db)).marks;
  const ahead = Object.fromEntries(VAN_COLLECTIONS.map((c) => [c, isAbove(stored[c], marks[c]) ? stored[c] : marks[c]])) as Marks;
  return db.upsertLocal<Stored>(MARKS_KEY, { marks: ahead, deviceId });
}

/** RxDB's changes-since query (rx-storage-helper's getChangedDocumentsSinceQuery), through the public query API. */
export function aboveQuery(mark: Position, limit?: number): MangoQuery<unknown> {
  return {
    selector: { $or: [{ '_meta.lwt': { $gt: mark.lwt } }, { '_meta.lwt': mark.lwt, id: { $gt: mark.id } }], '_meta.lwt': { $gte: mark.lwt } },
    sort: [{ '_meta.lwt': 'asc' }, { id: 'asc' }],
    ...(limit === undefined ? {} : { limit }),
  } as unknown as MangoQuery<unknown>;
}

/** Where a stored document stands in the write order. */
export const positionOf = (doc: { toJSON(withMeta: true): unknown }): Position => {
  const data = doc.toJSON(true) as { id: string; _meta: { lwt: number } };
  return { lwt: data._meta.lwt, id: data.id };
};

/** A stored document as it goes on the wire: the body without RxDB's meta fields. */
function wireOf(doc: { toJSON(): unknown }): OutboxEntry['doc'] {
  return { ...(doc.toJSON() as OutboxEntry['doc']), _deleted: false };
}

/** The documents above `marks`, all collections merged in write order, at most `limit`. */
export async function entriesAbove(db: VanDatabase, marks: Marks, limit: number): Promise<OutboxEntry[]> {
  const all: OutboxEntry[] = [];
  for (const collection of VAN_COLLECTIONS) {
    const docs = await db[collection].find(aboveQuery(marks[collection], limit)).exec();
    for (const d of docs as { toJSON(withMeta?: boolean): unknown }[]) all.push({ collection, doc: wireOf(d), at: positionOf(d) });
  }
  all.sort((a, b) => a.at.lwt - b.at.lwt || (a.at.id < b.at.id ? -1 : a.at.id > b.at.id ? 1 : 0));
  return all.slice(0, limit);
}

/** Documents the van pulled are not its to send: another device's, or the office's (its events, receipt grants). */
export function isOwn(entry: Pick<OutboxEntry, 'collection' | 'doc'>, deviceId: string): boolean {
  if (entry.doc.deviceId !== deviceId) return false;
  if (entry.collection !== 'tripLedger') return true;
  const kind = (entry.doc as { kind?: unknown }).kind;
  return !(typeof kind === 'string' && kind in LEDGER_AUTHOR && LEDGER_AUTHOR[kind as keyof typeof LEDGER_AUTHOR] === 'office');
}

const rowOf = (e: OutboxEntry): OutboxRow => ({ collection: e.collection, doc: e.doc });

/** Sets refused documents aside with the office's reason (the quarantine); the rest keeps flowing. */
async function setAside(db: VanDatabase, results: readonly OutboxResult[]): Promise<void> {
  const at = new Date().toISOString();
  const refused = results.flatMap((r) => (r.status === 'refused' ? [r] : r.receiptRefused ? [{ collection: 'receipts', ...r.receiptRefused }] : []));
  if (refused.length === 0) return;
  await db.syncQuarantine.bulkUpsert(refused.map((r) => ({ id: `${r.collection}:${r.id}`, sourceCollection: r.collection, docId: r.id, code: r.code, reason: r.reason, at })));
}

/**
 * Sends everything above the marks, a batch at a time, until nothing is left; resolves with how many documents
 * the office answered. A document behind a quarantined one of its case is held back (hold-back.ts) instead of
 * sent. Throws when the office cannot be reached or refuses the device: the marks stay where they are.
 */
export async function drainOutbox(db: VanDatabase, client: Pick<OfficeClient, 'outbox'>, deviceId: string, batchSize: number, onAnswered: (n: number) => void): Promise<void> {
  const known = await readOutbox(db);
  if (known.deviceId !== deviceId) await writeMarks(db, known.marks, deviceId);
  for (;;) {
    const marks = await readMarks(db);
    const entries = await entriesAbove(db, marks, batchSize);
    if (entries.length === 0) return;
    const blockers = await loadBlockers(db);
    const send: OutboxEntry[] = [];
    const held: { entry: OutboxEntry; held: HeldBackEntry }[] = [];
    const at = new Date().toISOString();
    for (const entry of entries) {
      if (!isOwn(entry, deviceId)) continue;
      const blocker = blockerOf(entry.collection, entry.doc, blockers);
      if (blocker) held.push({ entry, held: heldEntry(entry.collection, entry.doc, blocker, at) });
      else send.push(entry);
    }
    let through = entries.length;
    let answered = 0;
    if (send.length > 0) {
      const results = await client.outbox(send.map(rowOf));
      if (results.length === 0) throw new Error('办公室未答复任何记录');
      await setAside(db, results);
      answered = results.length;
      // The office stopped at a refusal: what follows it is read again, behind the refusal's hold-back.
      if (results.length < send.length) through = entries.indexOf(send[results.length - 1] as OutboxEntry) + 1;
    }
    const passed = new Set(entries.slice(0, through));
    const nowHeld = held.filter((h) => passed.has(h.entry)).map((h) => h.held);
    if (nowHeld.length > 0) await db.syncHeldBack.bulkUpsert(nowHeld);
    for (const e of passed) if (isAbove(e.at, marks[e.collection])) marks[e.collection] = e.at;
    await writeMarks(db, marks, deviceId);
    // Told after the marks moved: a count it starts sees them.
    if (answered > 0) onAnswered(answered);
  }
}

/** Declares everything written so far as at the office (a van known to be in step with it, e.g. generated bench data). */
export async function markAllSent(db: VanDatabase, deviceId: string): Promise<void> {
  const marks = await readMarks(db);
  for (const collection of VAN_COLLECTIONS) {
    const last = await db[collection].findOne({ sort: [{ '_meta.lwt': 'desc' }, { id: 'desc' }] } as never).exec();
    if (last) marks[collection] = positionOf(last);
  }
  await writeMarks(db, marks, deviceId);
}

/** A document to send again, and the refused record it stands for (itself, or the receipt that is its view). */
type Retried = OutboxEntry & { refused: { collection: string; docId: string } };

/**
 * The named documents in write order, each with the refused record it stands for; `views`: a refused
 * receipt the van never wrote as a document stands for its 收费 event.
 */
async function entriesOf(db: VanDatabase, refs: readonly { sourceCollection: string; docId: string }[], views = false): Promise<Retried[]> {
  const out: Retried[] = [];
  for (const collection of VAN_COLLECTIONS) {
    const ids = refs.filter((r) => r.sourceCollection === collection).map((r) => r.docId);
    if (ids.length === 0) continue;
    const found = await db[collection].findByIds(ids).exec();
    for (const d of found.values()) out.push({ collection, doc: wireOf(d), at: positionOf(d), refused: { collection, docId: String(d.get('id')) } });
    // A receipt the van never wrote as a document is a view of its 收费 event (protocol 17, docs/receipt-numbers.md):
    // the event is what is sent again, and its answer says whether the office now keeps the receipt.
    if (views && collection === 'receipts') out.push(...(await chargesOf(db, ids.filter((id) => !found.has(id)))));
  }
  return out.sort((a, b) => a.at.lwt - b.at.lwt || (a.at.id < b.at.id ? -1 : 1));
}

/** The 收费 events whose receipts (by id) the office refused to keep as their view. */
async function chargesOf(db: VanDatabase, receiptIds: readonly string[]): Promise<Retried[]> {
  if (receiptIds.length === 0) return [];
  const wanted = new Set(receiptIds);
  const out: Retried[] = [];
  for (const d of await db.caseEvents.find({ selector: { kind: 'fee-charged' } }).exec()) {
    const event = d.toJSON() as CaseEvent;
    const tripId = event.payload['tripId'];
    const receipt = typeof tripId === 'string' ? receiptOfEvent(event, tripId) : undefined;
    if (receipt && wanted.has(receipt.id)) out.push({ collection: 'caseEvents', doc: wireOf(d), at: positionOf(d), refused: { collection: 'receipts', docId: receipt.id } });
  }
  return out;
}

/**
 * Sends the held-back documents whose blocker is gone, in write order, until none is free. Each answered one
 * leaves the hold-back (a refused one goes to the quarantine); sending twice is harmless (a duplicate).
 */
export async function releaseHeldBack(db: VanDatabase, client: OfficeClient, batchSize: number): Promise<number> {
  let answered = 0;
  for (;;) {
    const held = (await db.syncHeldBack.find().exec()).map((h) => h.toJSON() as HeldBackEntry);
    if (held.length === 0) return answered;
    const blockers = await loadBlockers(db);
    const free = (await entriesOf(db, held)).filter((e) => !blockerOf(e.collection, e.doc, blockers)).slice(0, batchSize);
    if (free.length === 0) return answered;
    const results = await client.outbox(free.map(rowOf));
    if (results.length === 0) throw new Error('办公室未答复任何记录');
    await setAside(db, results);
    await db.syncHeldBack.bulkRemove(results.map((r) => `${r.collection}:${r.id}`));
    answered += results.length;
  }
}

/** The office's answer to one refused record sent again: kept now, or refused still (with its reason). */
export type RetryAnswer = { collection: string; docId: string; taken: boolean; code?: string; reason?: string };

/**
 * Sends the quarantined documents again, one at a time in write order (after the office fixed the cause);
 * one whose case still has an earlier refused document waits. A refused receipt that is a view of its 收费
 * event is sent again as that event. Answers each record sent, as the office answered it.
 */
export async function retryQuarantine(db: VanDatabase, client: Pick<OfficeClient, 'outbox'>): Promise<RetryAnswer[]> {
  const entries = (await db.syncQuarantine.find().exec()).map((q) => q.toJSON());
  const answers: RetryAnswer[] = [];
  for (const entry of await entriesOf(db, entries, true)) {
    if (blockerOf(entry.collection, entry.doc, await loadBlockers(db))) continue;
    const [result] = await client.outbox([rowOf(entry)]);
    if (!result) continue;
    // A refused document (or a refused receipt view of a 收费) is set aside again with the office's latest reason.
    await setAside(db, [result]);
    const refusal = result.status === 'refused' ? result : entry.refused.collection === 'receipts' ? result.receiptRefused : undefined;
    if (refusal) {
      answers.push({ ...entry.refused, taken: false, code: refusal.code, reason: refusal.reason });
      continue;
    }
    await db.syncQuarantine.bulkRemove([`${entry.refused.collection}:${entry.refused.docId}`]);
    answers.push({ ...entry.refused, taken: true });
  }
  return answers;
}
