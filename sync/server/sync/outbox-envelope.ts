import { parseForm } from '#domain/forms/form-issues.ts';
import { VAN_COLLECTIONS } from '#protocol/collections.ts';
import { MAX_PUSH_ROWS, OutboxRequest, type OutboxRow } from '#protocol/messages.ts';
import { SYNC_REQUEST_TEXT as T } from './request-text.ts';

const VAN: ReadonlySet<unknown> = new Set(VAN_COLLECTIONS);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An outbox request's rows, or what is wrong with it. The envelope (`OutboxRequest`: 1 to `MAX_PUSH_ROWS` rows,
 * each a van collection's name and a document with an id and `_deleted`) is checked here by hand, and each
 * document once, whole, by its collection's schema when it is taken (push.ts): zod's envelope copied every
 * document's fields on the way, a second pass over each. A request the hand check does not take is given to
 * zod, whose answer stands either way, so what is accepted and every refusal's issues stay zod's (the route says
 * them to staff, request-text.ts).
 */
export function outboxRows(body: unknown): { ok: true; rows: readonly OutboxRow[] } | { ok: false; message: string } {
  if (isObject(body) && wellFormed(body['rows'])) return { ok: true, rows: body['rows'] };
  const parsed = parseForm(OutboxRequest, body, T.pushFields, T.issues);
  return parsed.ok ? { ok: true, rows: parsed.data.rows } : parsed;
}

function wellFormed(rows: unknown): rows is OutboxRow[] {
  if (!Array.isArray(rows) || rows.length < 1 || rows.length > MAX_PUSH_ROWS) return false;
  for (const row of rows as unknown[]) {
    if (!isObject(row) || !VAN.has(row['collection'])) return false;
    const doc = row['doc'];
    if (!isObject(doc) || typeof doc['_deleted'] !== 'boolean') return false;
    const id = doc['id'];
    if (typeof id !== 'string' || id.length < 1 || id.length > 200) return false;
  }
  return true;
}
