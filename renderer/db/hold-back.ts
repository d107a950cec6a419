import { type VanCollection, isSyncCollection, isVanCollection } from '#protocol/collections.ts';
import { type VanDatabase } from './database.ts';
import { type Position, byPosition, isAbove, isOwn, positionOf } from './outbox.ts';

/**
 * Per-case order (docs/sync-protocol.md): a case's documents reach the office in order, so while an
 * earlier document of a case is quarantined, the case's later documents wait on the van. They stay
 * pending (the office does not have them) and are never set aside; other cases keep flowing. Nothing is
 * stored for them: a document waits when a quarantined document of its case holds it (below) and comes
 * before it in write order, so the set follows from the quarantine and the documents themselves.
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
 * one: a later correcting event would have a higher seq and wait behind it like the others. The retry
 * (outbox.ts `retryQuarantine`) sends the waiting documents in write order before it drops the quarantine
 * entry; sending twice is harmless (the office answers a repeat of an identical document as a duplicate),
 * so a crash in between duplicates nothing. The office stops at a refusal, so nothing of the case written
 * after the refused document reaches it before the van holds it back.
 */
export type Blocker = { collection: VanCollection; docId: string; caseId: string; deviceId: string; seq: number | null; at: Position };

type CaseDocLike = { id: string; caseId?: string; deviceId?: string; seq?: number; sha256?: string };
type CaseCollection = 'cases' | 'caseEvents' | 'receipts' | 'scans';

/** A document waiting on the van, and the quarantined one it waits for. */
export type Held = CaseDocument & { blocker: Blocker };
/** A document of a case (its header, an event, a receipt or a scan) and its place in the write order. */
export type CaseDocument = { collection: CaseCollection; doc: CaseDocLike; at: Position };

const sameDoc = (b: Blocker, collection: VanCollection, docId: string) => b.collection === collection && b.docId === docId;
const caseOf = (collection: VanCollection, doc: CaseDocLike): string | undefined => (collection === 'cases' ? doc.id : doc.caseId);

/** The quarantined documents that hold others back, per case. */
export async function loadBlockers(db: VanDatabase): Promise<Map<string, Blocker[]>> {
  const byCase = new Map<string, Blocker[]>();
  for (const entry of await db.syncQuarantine.find().exec()) {
    const collection = entry.sourceCollection;
    if (!isSyncCollection(collection) || !isVanCollection(collection) || collection === 'receipts' || collection === 'scans') continue;
    const found = await db[collection].findOne(entry.docId).exec();
    const doc = found?.toJSON() as CaseDocLike | undefined;
    const caseId = doc && caseOf(collection, doc);
    if (!found || !doc || !caseId) continue;
    const blocker: Blocker = { collection, docId: doc.id, caseId, deviceId: doc.deviceId ?? '', seq: collection === 'caseEvents' ? (doc.seq ?? null) : null, at: positionOf(found) };
    byCase.set(caseId, [...(byCase.get(caseId) ?? []), blocker]);
  }
  return byCase;
}

/** The quarantined document `doc` (written at `at`) must wait for, if any; `except`: one that no longer counts. */
export function blockerOf(collection: VanCollection, doc: CaseDocLike, at: Position, blockers: ReadonlyMap<string, readonly Blocker[]>, except?: Blocker): Blocker | undefined {
  const caseId = caseOf(collection, doc);
  if (!caseId) return undefined;
  for (const b of blockers.get(caseId) ?? []) {
    if (sameDoc(b, collection, doc.id) || (except && sameDoc(b, except.collection, except.docId)) || !isAbove(at, b.at)) continue;
    if (b.collection === 'cases') return b;
    if (collection === 'receipts' || collection === 'scans') return b;
    if (collection === 'caseEvents' && doc.deviceId === b.deviceId && (doc.seq ?? 0) > (b.seq ?? 0)) return b;
  }
  return undefined;
}

const CASE_COLLECTIONS: readonly CaseCollection[] = ['cases', 'caseEvents', 'receipts', 'scans'];

export async function caseDocuments(db: VanDatabase, caseId: string): Promise<CaseDocument[]> {
  const out: CaseDocument[] = [];
  for (const collection of CASE_COLLECTIONS) {
    const docs = collection === 'cases' ? await db.cases.find({ selector: { id: caseId } }).exec() : await db[collection].find({ selector: { caseId } }).exec();
    for (const d of docs as { toJSON(withMeta?: boolean): unknown }[]) out.push({ collection, doc: d.toJSON() as CaseDocLike, at: positionOf(d) });
  }
  return out;
}

/** Of a case's documents (`caseDocuments`), this device's that wait behind a quarantined one. */
export function heldAmong(docs: readonly CaseDocument[], deviceId: string | undefined, blockers: ReadonlyMap<string, readonly Blocker[]>): Held[] {
  return docs.flatMap((d) => {
    const blocker = isOwn(d, deviceId) ? blockerOf(d.collection, d.doc, d.at, blockers) : undefined;
    return blocker ? [{ ...d, blocker }] : [];
  });
}

/** This device's documents waiting behind a quarantined one, in write order (`caseId`: of that case only). */
export async function heldBack(db: VanDatabase, deviceId: string | undefined, caseId?: string): Promise<Held[]> {
  const blockers = await loadBlockers(db);
  const held: Held[] = [];
  for (const id of caseId === undefined ? blockers.keys() : blockers.has(caseId) ? [caseId] : []) held.push(...heldAmong(await caseDocuments(db, id), deviceId, blockers));
  return held.sort(byPosition);
}
