import { getChangedDocumentsSince, type RxDocumentData, type RxStorageInstance } from 'rxdb';
import { LEDGER_AUTHOR } from '#protocol/documents/ledger.ts';
import { VAN_COLLECTIONS, type VanCollection } from '#protocol/collections.ts';
import { type OutboxResult, type OutboxRow, type WireDocument } from '#protocol/messages.ts';
import { receiptViewOf } from './charges.ts';
import { type VanDatabase } from './database.ts';
import { type OfficeClient } from './office-client.ts';
import { adoptOlderStore } from './older-store.ts';
import { writeOrderOf } from './write-order.ts';

/**
 * The outbox: the van's own documents go to the office in the order they were written (RxDB's local write
 * time `_meta.lwt`, then id, the order RxDB's own replication reads changes in; events are appended one at
 * a time, so this is also their chain order). The office answers each one: stored, duplicate or refused.
 * What the office has answered is one position in that order, the mark: every document at or below it is
 * answered, none above it is. The office keeps each case's order (protocol 21): it refuses a case's later
 * documents as `held-back` while an earlier one is refused, and the van sets them aside like any refusal. The
 * mark only moves forward over an unbroken run of answers, so a crash or a lost answer at any point sends the
 * same documents again, which the office answers as duplicates; and only over documents stored before the read
 * that found them began, so none stamped before them can still be on its way to the disk (write-order.ts).
 */
export type Position = { lwt: number; id: string };
export type OutboxEntry = { collection: VanCollection; doc: WireDocument & { caseId?: string; deviceId?: string; seq?: number }; at: Position };

const MARK_KEY = 'sync-outbox';
const ZERO: Position = { lwt: 0, id: '' };

export const isAbove = (a: Position, mark: Position) => a.lwt > mark.lwt || (a.lwt === mark.lwt && a.id > mark.id);
/** Sorts by write position, the order `isAbove` compares in. */
export const byPosition = (a: { at: Position }, b: { at: Position }) => (isAbove(a.at, b.at) ? 1 : isAbove(b.at, a.at) ? -1 : 0);
/** Just below every document written at `at`'s time. */
const below = (at: Position): Position => ({ lwt: at.lwt, id: '' });
/** The earlier of two write positions. */
export const lower = (a: Position, b: Position) => (isAbove(a, b) ? b : a);

/** `marks`: one position per collection, as versions before the single mark stored it. */
type Stored = { mark?: Position; marks?: Partial<Record<VanCollection, Position>>; deviceId?: string };

/** The mark, and the device whose documents the outbox sends (unknown before its first send). */
export async function readOutbox(db: VanDatabase): Promise<{ mark: Position; deviceId: string | undefined }> {
  const local = await db.getLocal<Stored>(MARK_KEY);
  const marks = local?.get('marks') as Stored['marks'];
  const mark = (local?.get('mark') as Position | undefined) ?? (marks ? await fromCollectionMarks(db, marks) : ZERO);
  return { mark, deviceId: local?.get('deviceId') as string | undefined };
}

export const readMark = async (db: VanDatabase): Promise<Position> => (await readOutbox(db)).mark;

/**
 * The single mark for a store whose marks were one per collection: the highest of them, or lower, just below the
 * first document above its collection's mark. Nothing unanswered ends below it; what is answered above it is sent
 * again once, as duplicates.
 */
async function fromCollectionMarks(db: VanDatabase, marks: NonNullable<Stored['marks']>): Promise<Position> {
  let mark = Object.values(marks).reduce((a, b) => (isAbove(b, a) ? b : a), ZERO);
  for (const collection of VAN_COLLECTIONS) {
    for await (const [first] of pagesAbove(db, collection, marks[collection] ?? ZERO, 1)) {
      if (!first) continue;
      mark = lower(mark, below(storedPosition(first)));
      break;
    }
  }
  return mark;
}

/** The mark only moves forward (`back`: only backward, to send documents again): a stale write never undoes progress. */
export async function writeMark(db: VanDatabase, mark: Position, deviceId: string | undefined, back = false): Promise<unknown> {
  const stored = await readOutbox(db);
  const next = isAbove(stored.mark, mark) !== back ? stored.mark : mark;
  const device = deviceId ?? stored.deviceId;
  return db.upsertLocal<Stored>(MARK_KEY, device === undefined ? { mark: next } : { mark: next, deviceId: device });
}

/** Moves the mark back just below `at`, so the outbox sends that document (and what follows it) again. */
export const sendAgainFrom = (db: VanDatabase, at: Position): Promise<unknown> => writeMark(db, below(at), undefined, true);

/** A document as the storage holds it: the body and RxDB's meta fields. */
export type StoredDocument = RxDocumentData<OutboxEntry['doc']>;

/**
 * `collection`'s documents above `from` in write order, `size` at a time (a page may come out shorter, even
 * empty), until none is left. They are read as RxDB's replication reads changes (getChangedDocumentsSince):
 * along the storage's write-time index [_meta.lwt, id] from `from` on, so nothing at or below it is read. (A
 * collection query adds RxDB's `_deleted` filter and is planned on another index, reading every document of the
 * collection on every call: clock-guard.ts.) The storage's read includes deleted documents (an appointment the
 * office took back); they are passed over, and a page made only of them does not end the read.
 */
export async function* pagesAbove(db: VanDatabase, collection: VanCollection, from: Position, size: number): AsyncGenerator<StoredDocument[]> {
  // Only the stored form is read here, whatever the collection's document type.
  const storage = db[collection].storageInstance as unknown as RxStorageInstance<OutboxEntry['doc'], unknown, unknown>;
  for (let at = from; ; ) {
    const { documents } = await getChangedDocumentsSince(storage, size, at);
    yield documents.filter((d) => !d._deleted);
    const last = documents[documents.length - 1];
    if (!last || documents.length < size) return;
    at = storedPosition(last);
  }
}

const storedPosition = (doc: StoredDocument): Position => ({ lwt: doc._meta.lwt, id: doc.id });
const storedOf = (doc: { toJSON(withMeta: true): unknown }): StoredDocument => doc.toJSON(true) as StoredDocument;

/** Where a stored document stands in the write order. */
export const positionOf = (doc: { toJSON(withMeta: true): unknown }): Position => storedPosition(storedOf(doc));

/** A stored document as it goes on the wire: the body without RxDB's meta fields (RxDocument's toJSON()). */
function wireOf(stored: StoredDocument): OutboxEntry['doc'] {
  const { _meta, _rev, _attachments, _deleted, ...body } = stored;
  return { ...body, _deleted: false };
}

const entryOf = (collection: VanCollection, stored: StoredDocument): OutboxEntry => ({ collection, doc: wireOf(stored), at: storedPosition(stored) });

/**
 * The documents above `mark`, all collections merged in write order, at most `limit`: an unbroken run of the
 * write order from the mark, so the mark may move to its last. Documents stamped at or after a write under way
 * while the collections were read are left for the next round (write-order.ts): the read may have missed that
 * write, and the mark must not pass it.
 */
export async function entriesAbove(db: VanDatabase, mark: Position, limit: number): Promise<OutboxEntry[]> {
  const { value: all, cut } = await writeOrderOf(db).whileReading(async () => {
    const read: OutboxEntry[] = [];
    for (const collection of VAN_COLLECTIONS) {
      let taken = 0;
      for await (const page of pagesAbove(db, collection, mark, limit)) {
        for (const d of page) read.push(entryOf(collection, d));
        if ((taken += page.length) >= limit) break;
      }
    }
    return read;
  });
  const stored = all.filter((e) => e.at.lwt < cut);
  stored.sort(byPosition);
  return stored.slice(0, limit);
}

/**
 * Documents the van pulled are not its to send: another device's, or the office's (its events, receipt grants).
 * While the device is not known yet (before its first send), every document counts as its own.
 */
export function isOwn(entry: { collection: VanCollection; doc: { id: string; deviceId?: unknown } }, deviceId: string | undefined): boolean {
  if (deviceId === undefined) return true;
  if (entry.doc.deviceId !== deviceId) return false;
  if (entry.collection !== 'tripLedger') return true;
  const kind = (entry.doc as { kind?: unknown }).kind;
  return !(typeof kind === 'string' && kind in LEDGER_AUTHOR && LEDGER_AUTHOR[kind as keyof typeof LEDGER_AUTHOR] === 'office');
}

/** What the outbox sends of `entries`: this device's documents. */
export const sendable = (entries: readonly OutboxEntry[], deviceId: string | undefined): OutboxEntry[] => entries.filter((e) => isOwn(e, deviceId));

const rowOf = (e: Pick<OutboxEntry, 'collection' | 'doc'>): OutboxRow => ({ collection: e.collection, doc: e.doc });
const keyOf = (r: { collection: string; id: string }) => `${r.collection}:${r.id}`;

/**
 * Sends `entries` in one request, sets the refused ones aside with the office's reason (the quarantine; a
 * document held back behind an earlier refused one of its case is refused as `held-back`) and takes the ones
 * the office now holds out of it. Throws when the office answers none, or answers other rows than those sent,
 * in their order: the mark moves by the answers' count, so an answer skipping a row would pass it unanswered
 * (none of them is then taken, and the round is tried again).
 */
async function send(db: VanDatabase, client: Pick<OfficeClient, 'outbox'>, entries: readonly Pick<OutboxEntry, 'collection' | 'doc'>[]): Promise<OutboxResult[]> {
  const results = await client.outbox(entries.map(rowOf));
  if (results.length === 0) throw new Error('办公室未答复任何记录');
  const stray = results.findIndex((r, i) => r.collection !== entries[i]?.collection || r.id !== entries[i]?.doc.id);
  if (stray >= 0) throw new Error(`办公室的第 ${stray + 1} 条答复不是所发的第 ${stray + 1} 条记录`);
  const at = new Date().toISOString();
  const refused = results.flatMap((r) => (r.status === 'refused' ? [r] : r.receiptRefused ? [{ collection: 'receipts', ...r.receiptRefused }] : []));
  if (refused.length > 0) await db.syncQuarantine.bulkUpsert(refused.map((r) => ({ id: keyOf(r), sourceCollection: r.collection, docId: r.id, code: r.code, reason: r.reason, at })));
  // A set-aside document sent again (a retry, the mark moved back) and now held by the office.
  const kept = await db.syncQuarantine.findByIds(results.flatMap((r) => (r.status === 'refused' ? [] : [keyOf(r)]))).exec();
  if (kept.size > 0) await db.syncQuarantine.bulkRemove([...kept.values()]);
  return results;
}

/**
 * Sends everything above the mark, a batch at a time, until nothing is left, telling `onAnswered` how many
 * documents each answer covered. Throws when the office cannot be reached or refuses the device: the mark
 * stays where it is. One drain or retry at a time (the sync controller); a stopped sync (`signal`) sends no
 * further batch.
 */
export async function drainOutbox(db: VanDatabase, client: Pick<OfficeClient, 'outbox'>, deviceId: string, batchSize: number, onAnswered: (n: number) => void, signal?: AbortSignal): Promise<void> {
  const known = await readOutbox(db);
  if (known.deviceId !== deviceId) await writeMark(db, known.mark, deviceId);
  await adoptOlderStore(db);
  while (!signal?.aborted) {
    const entries = await entriesAbove(db, await readMark(db), batchSize);
    if (entries.length === 0) return;
    const sent = sendable(entries, deviceId);
    const results = sent.length > 0 ? await send(db, client, sent) : [];
    // An office before protocol 21 ends its answer at a refusal: what follows it is read again.
    const through = results.length < sent.length ? entries.indexOf(sent[results.length - 1] as OutboxEntry) + 1 : entries.length;
    await writeMark(db, (entries[through - 1] as OutboxEntry).at, deviceId);
    // Told after the mark moved: a count it starts sees them.
    if (results.length > 0) onAnswered(results.length);
  }
}

/** Declares everything written so far as at the office (a van known to be in step with it, e.g. generated bench data). */
export async function markAllSent(db: VanDatabase, deviceId: string): Promise<void> {
  let mark = await readMark(db);
  for (const collection of VAN_COLLECTIONS) {
    const last = await db[collection].findOne({ sort: [{ '_meta.lwt': 'desc' }, { id: 'desc' }] } as never).exec();
    if (last && isAbove(positionOf(last), mark)) mark = positionOf(last);
  }
  await writeMark(db, mark, deviceId);
}

/** A document to send again, and the refused record it stands for (itself, or the receipt that is its view). */
type Retried = OutboxEntry & { refused: { collection: string; docId: string } };

/**
 * The quarantined documents in write order, each with the refused record it stands for; a refused receipt the
 * van never wrote as a document stands for its 收费 event (protocol 17, docs/receipt-numbers.md).
 */
async function quarantinedEntries(db: VanDatabase): Promise<Retried[]> {
  const refs = (await db.syncQuarantine.find().exec()).map((q) => q.toJSON());
  const out: Retried[] = [];
  for (const collection of VAN_COLLECTIONS) {
    const ids = refs.filter((r) => r.sourceCollection === collection).map((r) => r.docId);
    if (ids.length === 0) continue;
    const found = await db[collection].findByIds(ids).exec();
    for (const d of found.values()) out.push({ ...entryOf(collection, storedOf(d)), refused: { collection, docId: String(d.get('id')) } });
    if (collection === 'receipts') out.push(...(await chargesOf(db, ids.filter((id) => !found.has(id)))));
  }
  return out.sort(byPosition);
}

/** The 收费 events whose receipts (by id) the office refused to keep as their view. */
async function chargesOf(db: VanDatabase, receiptIds: readonly string[]): Promise<Retried[]> {
  if (receiptIds.length === 0) return [];
  const wanted = new Set(receiptIds);
  const out: Retried[] = [];
  for (const d of await db.caseEvents.find({ selector: { kind: 'fee-charged' } }).exec()) {
    const receipt = receiptViewOf(d.toJSON());
    if (receipt && wanted.has(receipt.id)) out.push({ ...entryOf('caseEvents', storedOf(d)), refused: { collection: 'receipts', docId: receipt.id } });
  }
  return out;
}

/** The office's answer to one refused record sent again: kept now, or refused still (with its reason). */
export type RetryAnswer = { collection: string; docId: string; taken: boolean; code?: string; reason?: string };

/**
 * Sends the set-aside documents again, in write order (after the office fixed the cause), a batch at a time; a
 * refused receipt that is a view of its 收费 event is sent again as that event. The office takes a blocker before
 * the documents held behind it, so one request frees a whole case. A document set aside before its blocker (a
 * scan refused for its own sake, then an earlier event of its case) is held back once more in that pass: the
 * passes go on while one takes something and another is held back, each taking at least one, so they end.
 * Answers each record sent, as the office last answered it.
 */
export async function retryQuarantine(db: VanDatabase, client: Pick<OfficeClient, 'outbox'>, batchSize: number): Promise<RetryAnswer[]> {
  const answers = new Map<string, RetryAnswer>();
  for (let again = true; again; ) {
    let took = false;
    let held = false;
    const entries = await quarantinedEntries(db);
    for (let i = 0; i < entries.length; i += batchSize) {
      const batch = entries.slice(i, i + batchSize);
      const results = await send(db, client, batch);
      // send() took what the office now holds out of the quarantine under the keys sent; a receipt taken as its
      // event's view leaves it under its own key, not the event's.
      const views: string[] = [];
      results.forEach((result, j) => {
        const entry = batch[j] as Retried;
        const key = keyOf({ collection: entry.refused.collection, id: entry.refused.docId });
        const refusal = result.status === 'refused' ? result : entry.refused.collection === 'receipts' ? result.receiptRefused : undefined;
        answers.set(key, refusal ? { ...entry.refused, taken: false, code: refusal.code, reason: refusal.reason } : { ...entry.refused, taken: true });
        if (!refusal && entry.refused.collection !== entry.collection) views.push(key);
        took ||= !refusal;
        held ||= refusal?.code === 'held-back';
      });
      if (views.length > 0) await db.syncQuarantine.bulkRemove(views);
    }
    again = took && held;
  }
  return [...answers.values()];
}
