import { type z } from 'zod';
import { type SyncCollection } from '#protocol/collections.ts';
import { DOCUMENT_SCHEMAS, type DocumentOf } from '#protocol/documents/index.ts';
import { type CaseEventDoc } from '#protocol/documents/van.ts';
import { type OfficeStorage } from '#server/storage/storage.ts';

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

export async function getParsed<C extends SyncCollection>(storage: OfficeStorage, collection: C, id: string): Promise<DocumentOf<C> | undefined> {
  const d = await storage.getDocument(collection, id);
  if (!d) return undefined;
  const p = schemaOf(collection).safeParse(d.body);
  return p.success ? p.data : undefined;
}

/** A case's events in the order they happened: by time, then by device sequence. */
export const inCaseOrder = (a: CaseEventDoc, b: CaseEventDoc): number => a.at.localeCompare(b.at) || a.seq - b.seq || a.id.localeCompare(b.id);

export function groupByCase<T extends { caseId: string }>(docs: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const d of docs) {
    const list = out.get(d.caseId);
    if (list) list.push(d);
    else out.set(d.caseId, [d]);
  }
  return out;
}
