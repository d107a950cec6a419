import { type FastifyInstance } from 'fastify';
import { type ErrorBody } from '#protocol/messages.ts';
import { API_BASE } from '#protocol/version.ts';

/** Whether any string in a parsed value (path parameters, query, a JSON or form body) holds U+0000. */
export function holdsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  // A parsed multipart body refers back to itself (each file to its fields): each object is looked at once.
  const seen = new Set<object>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string' && v.includes('\u0000')) return true;
    if (typeof v !== 'object' || v === null || seen.has(v) || Buffer.isBuffer(v) || typeof (v as { pipe?: unknown }).pipe === 'function') continue;
    seen.add(v);
    for (const [k, x] of Object.entries(v)) stack.push(k, x);
  }
  return false;
}

/** The answer to a request holding a NUL character. */
export const NUL_TEXT = '请求含有空字符（NUL），不予受理，数据未作任何改动';

/**
 * No text the office keeps or looks up may hold a NUL character: PostgreSQL refuses it in every text and jsonb
 * value, so a request carrying one (an id `%00`, a form field) would fail as a query, not be answered. It is
 * refused here once for every route, with the reason (as answer-failure.ts answers the other malformed requests),
 * before any route reads it. Streamed bodies (uploads) and raw bytes are not text and not looked at here; an upload
 * form's field values and file names are, as they are read (upload-form.ts `withoutNul`). The van's pushes are the
 * exception: their documents are refused one by one (push.ts), since a whole push refused for one document would
 * hold every document behind it on the van for good.
 */
export function registerNulGuard(app: FastifyInstance): void {
  const perDocument = new Set([`${API_BASE}/sync/outbox`, `${API_BASE}/sync/:collection/push`]);
  app.addHook('preValidation', async (req, reply) => {
    if (perDocument.has(req.routeOptions.url ?? '')) return;
    if (holdsNul(req.params) || holdsNul(req.query) || holdsNul(req.body)) {
      await reply.code(400).send({ code: 'malformed', message: NUL_TEXT } satisfies ErrorBody);
    }
  });
}
