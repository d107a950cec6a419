import { type Multipart } from '@fastify/multipart';
import { type FastifyRequest } from 'fastify';
import { holdsNul, NUL_TEXT } from '#server/nul-guard.ts';

/**
 * An upload form's parts (multipart/form-data, RFC 7578), read once. A browser without JavaScript sends the form's
 * CSRF token as a field of the body, which the CSRF guard can only see by reading the body: the guard reads the
 * fields that come before the form's first file (`leadingFields`), holds that file unread, and the route then reads
 * the same parts from the start (`uploadParts`). The body's parser is @fastify/multipart's streaming one, which can
 * be opened once per request, so both go through here.
 */
type Held = { read: Multipart[]; rest: AsyncIterator<Multipart>; done: boolean };

const held = new WeakMap<FastifyRequest, Held>();

/**
 * The route options of an upload form's routes: the parser's limits, where @fastify/multipart itself looks for a
 * route's own (`multipartOptions`), so the guard opens the body with them too. One file of at most `maxFileBytes`;
 * a few short fields (the forms have at most four: the token, a label of 60 characters, a mode or channel, a
 * progress token), as the guard reads them before it knows the request is the session's own. Only a route that
 * says so may carry its CSRF token in a multipart body (csrf-guard.ts).
 */
export const uploadRoute = (maxFileBytes: number) => ({ config: { multipartOptions: { limits: { fileSize: maxFileBytes, files: 1, fields: 8, fieldSize: 4096 } } } });

/**
 * What reading an upload form's parts threw, as its answer: an error of the body itself (no boundary, cut short, a
 * part's headers broken: the parser's own errors, which carry no status) is the sender's, answered 400 with the
 * reason (answer-failure.ts); the parser's limits keep their 413. Reading the parts reads only the request.
 */
export function uploadFailure(error: unknown): Error {
  if (error instanceof Error && 'statusCode' in error) return error;
  return Object.assign(new Error('上传的表单不完整或格式不对，未作任何保存', { cause: error }), { statusCode: 400 });
}

/** Whether the request is a multipart body to a route that takes an upload form. */
export function isUploadForm(req: FastifyRequest): boolean {
  return req.routeOptions.config.multipartOptions !== undefined && typeof req.isMultipart === 'function' && req.isMultipart();
}

/**
 * Reads the form's fields up to its first file, leaving the file unread (the parser waits on it), and keeps them for
 * the route. A field sent twice counts as its first value. A body that breaks before its first file throws.
 */
export async function leadingFields(req: FastifyRequest): Promise<Record<string, string>> {
  const rest = req.parts(req.routeOptions.config.multipartOptions)[Symbol.asyncIterator]();
  const h: Held = { read: [], rest, done: false };
  held.set(req, h);
  const fields: Record<string, string> = {};
  for (;;) {
    const next = await rest.next();
    if (next.done === true) {
      h.done = true;
      return fields;
    }
    h.read.push(next.value);
    if (next.value.type === 'file') return fields;
    fields[next.value.fieldname] ??= String(next.value.value);
  }
}

/** The upload form's parts, from its first: those the guard read, then the rest as they arrive. */
export function uploadParts(req: FastifyRequest): AsyncIterable<Multipart> {
  const h = held.get(req);
  if (!h) return withoutNul(req.parts(req.routeOptions.config.multipartOptions));
  return withoutNul((async function* () {
    yield* h.read;
    while (!h.done) {
      const next = await h.rest.next();
      if (next.done === true) h.done = true;
      else yield next.value;
    }
  })());
}

/**
 * A form's parts, refused (400) at the first whose name, file name or value holds a NUL character: the nul guard
 * (nul-guard.ts) sees no streamed body, and PostgreSQL refuses NUL in any text (a file name, a label) it would keep.
 */
export async function* withoutNul(parts: AsyncIterable<Multipart>): AsyncIterable<Multipart> {
  for await (const part of parts) {
    if (holdsNul([part.fieldname, part.type === 'file' ? part.filename : part.value])) throw Object.assign(new Error(NUL_TEXT), { statusCode: 400 });
    yield part;
  }
}

/**
 * Once the answer is sent, drops what is left of a body whose reading the guard began: a refused form's file, or one
 * its route answered without reading. Read and dropped as Node does with a body nobody read, so the connection can
 * carry the next request; the parser, left waiting on the unread file, is let go.
 */
export function dropUnread(req: FastifyRequest): void {
  const h = held.get(req);
  if (!h || h.done) return;
  h.done = true;
  req.raw.unpipe();
  req.raw.resume();
}
