import { type z } from 'zod';
import { type SyncCollection } from '#protocol/collections.ts';
import { DOCUMENT_SCHEMAS, type DocumentOf } from '#protocol/documents/index.ts';
import { type CaseEventDoc } from '#protocol/documents/van.ts';
import { foldOrder } from '#domain/case/lifecycle.ts';
import { documentReads, type TripKey } from '#office/replication/document-store.ts';
import { type Queryable } from '#office/platform/db/db.ts';
import { type OfficeStorage, type StoredDocument } from '#server/storage/storage.ts';

// The schema table is keyed by collection; TypeScript cannot relate the indexed union to DocumentOf<C>.
const schemaOf = <C extends SyncCollection>(c: C): z.ZodType<DocumentOf<C>> => DOCUMENT_SCHEMAS[c] as unknown as z.ZodType<DocumentOf<C>>;

/**
 * Reads replicated documents for the office pages, parsed with the shared schemas. A stored document
 * that no longer parses is skipped here (it was validated on arrival; the incident log has the story).
 */
export async function listParsed<C extends SyncCollection>(storage: OfficeStorage, collection: C): Promise<DocumentOf<C>[]> {
  const schema = schemaOf(collection);
  return (await storage.listDocuments(collection)).flatMap((d) => {
    const p = schema.safeParse(d.body);
    return p.success ? [p.data] : [];
  });
}

function parsedAll<C extends SyncCollection>(collection: C, docs: readonly StoredDocument[]): DocumentOf<C>[] {
  const schema = schemaOf(collection);
  return docs.flatMap((d) => {
    const p = schema.safeParse(d.body);
    return p.success ? [p.data] : [];
  });
}

/**
 * The indexed reads of the office pages and services, parsed as `listParsed` parses: each costs the size of
 * one case, trip, device or key, never of the whole collection. `q` is the office database or a transaction on it.
 */
export const parsedReads = (q: Queryable) => ({
  many: async <C extends SyncCollection>(collection: C, ids: readonly string[]) => parsedAll(collection, await documentReads(q).getMany(collection, ids)),
  ofCase: async <C extends SyncCollection>(collection: C, caseId: string) => parsedAll(collection, await documentReads(q).ofCase(collection, caseId)),
  ofCases: async <C extends SyncCollection>(collection: C, caseIds: readonly string[]) => parsedAll(collection, await documentReads(q).ofCases(collection, caseIds)),
  ofTrip: async <C extends SyncCollection>(collection: C, tripId: string) => parsedAll(collection, await documentReads(q).ofTrip(collection, tripId)),
  ofDevice: async <C extends SyncCollection>(collection: C, deviceId: string) => parsedAll(collection, await documentReads(q).ofDevice(collection, deviceId)),
  officeAuthored: async <C extends SyncCollection>(collection: C) => parsedAll(collection, await documentReads(q).officeAuthored(collection)),
  related: async <C extends SyncCollection>(collection: C, keys: Parameters<ReturnType<typeof documentReads>['related']>[1]) =>
    parsedAll(collection, await documentReads(q).related(collection, keys)),
  byRef: async <C extends SyncCollection>(collection: C, ref: string) => parsedAll(collection, await documentReads(q).byRef(collection, ref)),
  tripsByDate: async (at: TripKey | null, limit: number) => parsedAll('trips', await documentReads(q).tripsByDate(at, limit)),
  tripsOn: async (day: string) => parsedAll('trips', await documentReads(q).tripsOn(day)),
  appointmentsFrom: async (from: string, limit: number) => parsedAll('appointments', await documentReads(q).appointmentsFrom(from, limit)),
  receiptsByTransaction: async (refs: readonly string[]) => parsedAll('receipts', await documentReads(q).receiptsByTransaction(refs)),
});

export async function getParsed<C extends SyncCollection>(storage: Pick<OfficeStorage, 'getDocument'>, collection: C, id: string): Promise<DocumentOf<C> | undefined> {
  const d = await storage.getDocument(collection, id);
  if (!d) return undefined;
  const p = schemaOf(collection).safeParse(d.body);
  return p.success ? p.data : undefined;
}

/**
 * A case's events in the order the case is folded in (`foldOrder`: time, then device, then the device's sequence),
 * so the case page lists them as its status reads them; by id last, for a forked chain's two events of one number.
 */
export const inCaseOrder = (a: CaseEventDoc, b: CaseEventDoc): number => foldOrder(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function groupByCase<T extends { caseId: string }>(docs: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const d of docs) {
    const list = out.get(d.caseId);
    if (list) list.push(d);
    else out.set(d.caseId, [d]);
  }
  return out;
}
