import { type RxCollection } from 'rxdb';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { type BundlePage, type OfficeBundleManifest } from '#protocol/bundles.ts';
import { canonicalJson } from '#protocol/canonical-json.ts';
import { type SyncCollection, isVanCollection } from '#protocol/collections.ts';
import { type Checkpoint, type OutboxResult, type OutboxRow, PullResponse, type WireDocument } from '#protocol/messages.ts';
import { type CaseEvent } from './case-events.ts';
import { receiptViewOf } from './charges.ts';
import { type VanDatabase } from './database.ts';
import { drainOutbox, isOwn } from './outbox.ts';

/**
 * The office's answer bundle taken in on the van (docs/usb-bundles.md). Its pages are a pull from the start
 * for this device; they go through RxDB's own replication under the live sync's identifier, so the documents
 * meet the same conflict handling and the checkpoint moves exactly as a live pull would move it (never back).
 * The van's own documents in the pages are what the office holds of them: they answer the outbox the way the
 * office's answers to a live push do, and the bundle's refusals set documents aside as a live refusal does.
 */

/** What a live pull leaves out: the device's own documents (the office sends a current van none of its own). */
const ownOf = (collection: SyncCollection, doc: WireDocument, deviceId: string): boolean => isVanCollection(collection) && isOwn({ collection, doc }, deviceId);
const sameContent = (a: WireDocument, b: WireDocument): boolean => canonicalJson({ ...a, _deleted: false }) === canonicalJson({ ...b, _deleted: false });

/**
 * Pulls one page of the bundle into `collection` with a one-shot replication under `identifier` (the live one
 * must be stopped meanwhile: both would write the same checkpoint). A page at or behind the stored checkpoint
 * (imported before, or the live sync got further) changes nothing. Resolves with how many documents were new
 * or newer than the van's.
 */
export async function pullAnswerPage(collection: RxCollection, identifier: string, page: BundlePage, deviceId: string, batchSize: number): Promise<number> {
  const target = page.checkpoint;
  if (!target) return 0;
  const documents = PullResponse.parse({ documents: page.documents, checkpoint: target }).documents.filter((d) => !ownOf(page.collection, d, deviceId));
  // What the van lacks or holds in an older state; the rest of the page is already here (RxDB writes none of it).
  const current = await collection.findByIds(documents.map((d) => d.id)).exec();
  const changed = documents.filter((d) => {
    const mine = current.get(d.id) as { toJSON(): unknown } | undefined;
    return !mine || !sameContent(mine.toJSON() as WireDocument, d);
  }).length;
  let taken = 0;
  let served = false;
  const replication = replicateRxCollection<unknown, Checkpoint>({
    replicationIdentifier: identifier,
    collection: collection as never,
    live: false,
    autoStart: true,
    waitForLeadership: false,
    pull: {
      batchSize,
      // One answer with the whole page, then "nothing more", as the office answers at its last write.
      handler: (checkpoint) => {
        if (served || (checkpoint && checkpoint.seq >= target.seq)) return Promise.resolve({ documents: [], checkpoint });
        served = true;
        taken = changed;
        return Promise.resolve({ documents, checkpoint: target });
      },
    },
  });
  // The page is served from memory, so a failure is the store refusing a write (a full disk): RxDB would retry it
  // without end and the import would never answer; the first one ends it, and the screen says so.
  let stopWaiting = (): void => undefined;
  const failed = new Promise<never>((_, reject) => {
    const sub = replication.error$.subscribe((error) => reject(error));
    stopWaiting = () => sub.unsubscribe();
  });
  try {
    // In sync includes the checkpoint's write (RxDB writes it after the documents).
    await Promise.race([replication.awaitInSync(), failed]);
  } finally {
    stopWaiting();
    await replication.cancel();
  }
  return taken;
}

/** Tells the outbox the bundle's answers ran out (the rest waits for a live push or a later bundle). */
class AnswersEnd extends Error {}

/**
 * Moves the outbox over the van's documents the office holds (with the same content) and sets the refused
 * ones aside, in write order through the outbox itself (outbox.ts), stopping at the first document the
 * answer does not speak of. Resolves with how many were answered.
 */
export async function acceptAnswered(db: VanDatabase, deviceId: string, answer: OfficeBundleManifest, batchSize: number): Promise<{ accepted: number; refused: number }> {
  const held = new Map<string, WireDocument>();
  for (const page of answer.pages) {
    if (!isVanCollection(page.collection)) continue;
    for (const doc of PullResponse.parse({ documents: page.documents, checkpoint: null }).documents) held.set(`${page.collection}:${doc.id}`, doc);
  }
  const refusals = new Map(answer.refused.map((r) => [`${r.collection}:${r.id}`, r]));
  let accepted = 0;
  let refused = 0;
  const outbox = (rows: readonly OutboxRow[]): Promise<OutboxResult[]> => {
    const results: OutboxResult[] = [];
    for (const { collection, doc } of rows) {
      const key = `${collection}:${doc.id}`;
      const refusal = refusals.get(key);
      const stored = held.get(key);
      const viewRefusal = collection === 'caseEvents' ? refusals.get(`receipts:${receiptViewOf(doc as unknown as CaseEvent)?.id}`) : undefined;
      if (refusal) results.push({ ...refusal, status: 'refused' });
      else if (stored && sameContent(stored, doc)) {
        results.push({ collection, id: doc.id, status: 'duplicate', ...(viewRefusal ? { receiptRefused: { id: viewRefusal.id, code: viewRefusal.code, reason: viewRefusal.reason } } : {}) });
        if (viewRefusal) refused++;
      }
      // The office answers up to and including the first refusal; a document it holds no answer for ends here.
      else break;
      if (refusal) break;
    }
    if (results.length === 0) return Promise.reject(new AnswersEnd());
    const refusedNow = results.filter((r) => r.status === 'refused').length;
    refused += refusedNow;
    accepted += results.length - refusedNow;
    return Promise.resolve(results);
  };
  try {
    await drainOutbox(db, { outbox }, deviceId, batchSize, () => undefined);
  } catch (error) {
    if (!(error instanceof AnswersEnd)) throw error;
  }
  return { accepted, refused };
}
