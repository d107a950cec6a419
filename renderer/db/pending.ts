import { getChangedDocumentsSince, getChangedDocumentsSinceQuery, prepareQuery, type RxDocumentData, type RxStorageInstance } from 'rxdb';
import { VAN_COLLECTIONS, type VanCollection } from '#protocol/collections.ts';
import { type VanDatabase } from './database.ts';

type Mark = { lwt: number; id: string };
/** One document the office acknowledged above the mark, in the state it had then (its local write time). */
type Acked = { id: string; lwt: number };
/** Stored per van collection: everything at or below `lwt,id` is accepted, and so are the `acked` documents above it. */
type Accepted = Mark & { acked: Acked[] };
type Doc = RxDocumentData<{ id: string }>;
type Storage = RxStorageInstance<{ id: string }, unknown, unknown, Mark>;

const markKey = (collection: VanCollection) => `sync-mark-${collection}`;
const ZERO: Accepted = { lwt: 0, id: '', acked: [] };
const above = (d: Mark, mark: Mark) => d.lwt > mark.lwt || (d.lwt === mark.lwt && d.id > mark.id);
const storageOf = (db: VanDatabase, collection: VanCollection) => db[collection].storageInstance as unknown as Storage;

/**
 * How the van knows what the office accepted, per van collection: a mark (local write time `_meta.lwt`,
 * id) below which every document is accepted, plus the documents acknowledged above it. RxDB pushes one
 * change set as several batches at once, so acknowledgements arrive out of order, and a later batch can
 * succeed while an earlier one is still being retried: the mark only moves over an unbroken run of
 * acknowledged documents, never past one the office has not confirmed. Documents the van pulled from the
 * office are acknowledged in the state it sent (sync-controller.ts). Updates run one at a time per
 * collection, so concurrent batches cannot overwrite each other's progress.
 */
export function markPushed(db: VanDatabase, collection: VanCollection, ids: readonly string[]): Promise<void> {
  return serialized(db, collection, async () => {
    const current = await readAccepted(db, collection);
    const acked = new Map(current.acked.map((a) => [a.id, a.lwt]));
    if (ids.length > 0) {
      for (const d of await storageOf(db, collection).findDocumentsById([...ids], true)) {
        if (above({ lwt: d._meta.lwt, id: d.id }, current)) acked.set(d.id, Math.max(d._meta.lwt, acked.get(d.id) ?? 0));
      }
    }
    const next = await advance(storageOf(db, collection), current, acked);
    if (next.lwt === current.lwt && next.id === current.id && sameAcked(next.acked, current.acked)) return;
    await db.upsertLocal(markKey(collection), next);
  });
}

/**
 * Declares every document up to and including the newest of `ids` accepted (a van known to be in step
 * with the office, e.g. a generated bench data set). The push path uses `markPushed`.
 */
export function markPushedThrough(db: VanDatabase, collection: VanCollection, ids: readonly string[]): Promise<void> {
  return serialized(db, collection, async () => {
    if (ids.length === 0) return;
    const current = await readAccepted(db, collection);
    let best: Mark = current;
    for (const d of await storageOf(db, collection).findDocumentsById([...ids], true)) {
      const m = { lwt: d._meta.lwt, id: d.id };
      if (above(m, best)) best = m;
    }
    if (best === current) return;
    await db.upsertLocal(markKey(collection), { lwt: best.lwt, id: best.id, acked: current.acked.filter((a) => above(a, best)) });
  });
}

const queues = new WeakMap<VanDatabase, Map<VanCollection, Promise<void>>>();
function serialized(db: VanDatabase, collection: VanCollection, task: () => Promise<void>): Promise<void> {
  let perDb = queues.get(db);
  if (!perDb) queues.set(db, (perDb = new Map<VanCollection, Promise<void>>()));
  const run = (perDb.get(collection) ?? Promise.resolve()).then(task);
  perDb.set(collection, run.catch(() => undefined));
  return run;
}

const sameAcked = (a: readonly Acked[], b: readonly Acked[]) => a.length === b.length && a.every((x, i) => x.id === b[i]?.id && x.lwt === b[i]?.lwt);

async function readAccepted(db: VanDatabase, collection: VanCollection): Promise<Accepted> {
  const local = await db.getLocal<Accepted>(markKey(collection));
  if (!local) return ZERO;
  return { lwt: local.get('lwt') as number, id: local.get('id') as string, acked: (local.get('acked') as Acked[] | undefined) ?? [] };
}

/**
 * Walks the documents above the mark in push order and moves the mark over each one acknowledged in its
 * current state; stops at the first that is not. Acknowledgements the mark passed are dropped.
 */
async function advance(storage: Storage, start: Mark, acked: Map<string, number>): Promise<Accepted> {
  let mark: Mark = { lwt: start.lwt, id: start.id };
  let size = Math.min(acked.size + 1, 1000);
  for (;;) {
    const page = await getChangedDocumentsSince(storage, size, mark);
    let blocked = false;
    for (const d of page.documents as Doc[]) {
      if (acked.get(d.id) !== d._meta.lwt) {
        blocked = true;
        break;
      }
      mark = { lwt: d._meta.lwt, id: d.id };
    }
    if (blocked || page.documents.length < size) break;
    size = Math.min(size * 2, 1000);
  }
  const rest = [...acked].map(([id, lwt]) => ({ id, lwt })).filter((a) => above(a, mark));
  rest.sort((a, b) => a.lwt - b.lwt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ...mark, acked: rest };
}

/** The accepted state with the mark moved over what is accepted now (read only; `markPushed` stores it). */
async function acceptedNow(db: VanDatabase, collection: VanCollection): Promise<{ accepted: Accepted; isAccepted: (d: Doc) => boolean }> {
  const stored = await readAccepted(db, collection);
  const acked = new Map(stored.acked.map((a) => [a.id, a.lwt]));
  const accepted = await advance(storageOf(db, collection), stored, acked);
  const isAccepted = (d: Doc) => !above({ lwt: d._meta.lwt, id: d.id }, accepted) || acked.get(d.id) === d._meta.lwt;
  return { accepted, isAccepted };
}

/**
 * Documents not yet accepted by the office, and scans whose file the office has not verified. Set-aside
 * (quarantined) documents count as accepted: they were part of an acknowledged batch. Held-back documents
 * (hold-back.ts) were acknowledged too but are still pending, so they are added.
 */
export async function countPending(db: VanDatabase): Promise<{ pendingDocuments: number; pendingScans: number }> {
  let pendingDocuments = 0;
  for (const name of VAN_COLLECTIONS) {
    const { accepted, isAccepted } = await acceptedNow(db, name);
    const storage = storageOf(db, name);
    const query = prepareQuery(storage.schema, getChangedDocumentsSinceQuery(storage, 1_000_000, accepted));
    pendingDocuments += (await storage.count(query)).count;
    if (accepted.acked.length > 0) {
      const ackedDocs = await storage.findDocumentsById(accepted.acked.map((a) => a.id), true);
      pendingDocuments -= ackedDocs.filter(isAccepted).length;
    }
    pendingDocuments += await countHeldAccepted(db, name, isAccepted);
  }
  const acks = new Set((await db.scanAcks.find().exec()).map((a) => a.sha256));
  const scans = await db.scans.find().exec();
  const pendingScans = new Set(scans.filter((s) => !acks.has(s.sha256)).map((s) => s.sha256)).size;
  return { pendingDocuments, pendingScans };
}

/** The ids of a collection's documents the office has not accepted yet (set-aside and held-back ones excluded). */
export async function pendingIds(db: VanDatabase, collection: VanCollection): Promise<string[]> {
  const { accepted, isAccepted } = await acceptedNow(db, collection);
  const changed = await getChangedDocumentsSince(storageOf(db, collection), 1_000_000, accepted);
  return (changed.documents as Doc[]).filter((d) => !isAccepted(d)).map((d) => d.id);
}

/** Held-back documents counted as accepted above (a held one not acknowledged is counted by the mark query). */
async function countHeldAccepted(db: VanDatabase, collection: VanCollection, isAccepted: (d: Doc) => boolean): Promise<number> {
  const held = await db.syncHeldBack.find({ selector: { sourceCollection: collection } }).exec();
  if (held.length === 0) return 0;
  const docs = await storageOf(db, collection).findDocumentsById(held.map((h) => h.docId), false);
  return docs.filter(isAccepted).length;
}

/** A case counts as synced only when all its documents are accepted and all its scans verified. */
export async function isCaseSynced(db: VanDatabase, caseId: string): Promise<boolean> {
  const { pendingDocuments } = await countPendingFor(db, caseId);
  if (pendingDocuments > 0) return false;
  if ((await db.syncHeldBack.count({ selector: { caseId } }).exec()) > 0) return false;
  const scans = await db.scans.find({ selector: { caseId } }).exec();
  if (scans.length === 0) return true;
  const acks = await db.scanAcks.findByIds(scans.map((s) => s.sha256)).exec();
  return scans.every((s) => acks.has(s.sha256));
}

async function countPendingFor(db: VanDatabase, caseId: string): Promise<{ pendingDocuments: number }> {
  let pendingDocuments = 0;
  for (const name of VAN_COLLECTIONS) {
    const { accepted, isAccepted } = await acceptedNow(db, name);
    // rxdb's helper falls back to an indexed `_meta.lwt` query when the storage has no native method (Dexie).
    const changed = await getChangedDocumentsSince(storageOf(db, name), 1_000_000, accepted);
    pendingDocuments += (changed.documents as Doc[]).filter((d) => {
      if (isAccepted(d)) return false;
      const doc = d as unknown as { id: string; caseId?: string };
      return name === 'cases' ? doc.id === caseId : doc.caseId === caseId;
    }).length;
  }
  return { pendingDocuments };
}
