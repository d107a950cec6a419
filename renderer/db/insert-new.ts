import { type RxCollection } from 'rxdb';

/**
 * Inserts documents with fixed ids in one write, leaving any already stored as they are: a retried save
 * repeats its inserts, and van documents are immutable, so a conflict (409) means "already written".
 * Any other refusal is thrown: it is a bug, not a retry.
 */
export async function insertNew<T>(collection: RxCollection<T>, docs: readonly T[]): Promise<void> {
  if (docs.length === 0) return;
  // One id twice in a write (two applicants' identical signatures, one file for two materials: ids from the
  // content's hash) is refused whole by RxDB (COL22) instead of per document: the first is kept, as a store would.
  const key = collection.schema.primaryPath as keyof T;
  const unique = docs.filter((d, i) => docs.findIndex((e) => e[key] === d[key]) === i);
  const { error } = await collection.bulkInsert(unique);
  const refused = error.filter((e) => e.status !== 409);
  if (refused.length > 0) throw new Error(`${collection.name}: ${refused.length} document(s) refused (${refused.map((e) => `${e.documentId} ${e.status}`).join(', ')})`);
}
