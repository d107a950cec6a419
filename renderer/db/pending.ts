import { getChangedDocumentsSince, getChangedDocumentsSinceQuery, prepareQuery, type RxStorageInstance } from 'rxdb';
import { VAN_COLLECTIONS, type VanCollection } from '#protocol/collections.ts';
import { type VanDatabase } from './database.ts';

type Mark = { lwt: number; id: string };
const markKey = (collection: VanCollection) => `sync-mark-${collection}`;

/**
 * Remembers the newest local write time (`_meta.lwt`) the office has accepted per van collection. RxDB
 * pushes in `lwt` order, so every document at or below the mark is stored at the office.
 */
export async function markPushed(db: VanDatabase, collection: VanCollection, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const docs = await db[collection].storageInstance.findDocumentsById([...ids], true);
  let best: Mark | null = null;
  for (const d of docs) {
    const lwt = d._meta.lwt;
    if (!best || lwt > best.lwt || (lwt === best.lwt && d.id > best.id)) best = { lwt, id: d.id };
  }
  if (!best) return;
  const current = await readMark(db, collection);
  if (current && (current.lwt > best.lwt || (current.lwt === best.lwt && current.id >= best.id))) return;
  await db.upsertLocal(markKey(collection), best);
}

async function readMark(db: VanDatabase, collection: VanCollection): Promise<Mark | null> {
  const local = await db.getLocal<Mark>(markKey(collection));
  return local ? { lwt: local.get('lwt') as number, id: local.get('id') as string } : null;
}

async function changedSince(db: VanDatabase, collection: VanCollection, mark: Mark): Promise<{ documents: { id: string }[] }> {
  // rxdb's helper falls back to an indexed `_meta.lwt` query when the storage has no native method (Dexie).
  const storage = db[collection].storageInstance as unknown as RxStorageInstance<{ id: string }, unknown, unknown, Mark>;
  return getChangedDocumentsSince(storage, 1_000_000, mark);
}

/**
 * Documents not yet accepted by the office, and scans whose file the office has not verified. Set-aside
 * (quarantined) documents are below the mark: they were part of a pushed batch. Held-back documents
 * (hold-back.ts) are below it too but still pending, so they are added.
 */
export async function countPending(db: VanDatabase): Promise<{ pendingDocuments: number; pendingScans: number }> {
  let pendingDocuments = 0;
  for (const name of VAN_COLLECTIONS) {
    const mark = (await readMark(db, name)) ?? { lwt: 0, id: '' };
    const storage = db[name].storageInstance as unknown as RxStorageInstance<{ id: string }, unknown, unknown, Mark>;
    const query = prepareQuery(storage.schema, getChangedDocumentsSinceQuery(storage, 1_000_000, mark));
    pendingDocuments += (await storage.count(query)).count;
    pendingDocuments += await countHeldBelowMark(db, name, mark);
  }
  const acked = new Set((await db.scanAcks.find().exec()).map((a) => a.sha256));
  const scans = await db.scans.find().exec();
  const pendingScans = new Set(scans.filter((s) => !acked.has(s.sha256)).map((s) => s.sha256)).size;
  return { pendingDocuments, pendingScans };
}

/** Held-back documents the mark already passed (one above it is counted by the mark query). */
async function countHeldBelowMark(db: VanDatabase, collection: VanCollection, mark: Mark): Promise<number> {
  const held = await db.syncHeldBack.find({ selector: { sourceCollection: collection } }).exec();
  if (held.length === 0) return 0;
  const docs = await db[collection].storageInstance.findDocumentsById(held.map((h) => h.docId), false);
  return docs.filter((d) => d._meta.lwt < mark.lwt || (d._meta.lwt === mark.lwt && d.id <= mark.id)).length;
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
    const mark = (await readMark(db, name)) ?? { lwt: 0, id: '' };
    const changed = await changedSince(db, name, mark);
    pendingDocuments += changed.documents.filter((d) => {
      const doc = d as unknown as { id: string; caseId?: string };
      return name === 'cases' ? doc.id === caseId : doc.caseId === caseId;
    }).length;
  }
  return { pendingDocuments };
}
