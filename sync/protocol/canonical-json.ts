/** Fields RxDB adds locally that are not part of a document's content. */
const LOCAL_FIELDS = new Set(['_meta', '_rev', '_attachments']);

/**
 * JSON with object keys sorted and RxDB's local bookkeeping fields dropped: two documents with the same
 * content give the same string, whatever their key order. This is the idempotency key of a push.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortValue(value, true));
}

/** The document without RxDB's local bookkeeping fields, keys sorted. */
export function stripLocalFields<T extends Record<string, unknown>>(doc: T): T {
  return sortValue(doc, true) as T;
}

function sortValue(value: unknown, top: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => sortValue(v, false));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (top && LOCAL_FIELDS.has(key)) continue;
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortValue(v, false);
    }
    return out;
  }
  return value;
}
