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

/** Why an upload form was refused while its parts were read: the status, the API's code and the reason (zh-CN). */
export type UploadRefusal = { status: number; code: string; message: string };

const MALFORMED = '上传的表单不完整或格式不对，未作任何保存';

/**
 * The parser's count limits (`limits` of uploadRoute and of the public check's form), each with its own reason.
 * They answer 400, not the parser's 413: a form over them may be a few bytes; it is not the form the page sends
 * (one file, a few fields), and 413 tells a sender that a smaller body would be taken (RFC 9110 §15.5.14).
 */
const COUNT_LIMITS: Readonly<Record<string, UploadRefusal>> = {
  FST_PARTS_LIMIT: { status: 400, code: 'too-many-parts', message: '表单的组成部分过多，不是本页的上传表单，未作任何保存' },
  FST_FILES_LIMIT: { status: 400, code: 'too-many-files', message: '一次只能上传一个文件，未作任何保存' },
  FST_FIELDS_LIMIT: { status: 400, code: 'too-many-fields', message: '表单的填写项过多，不是本页的上传表单，未作任何保存' },
};

/**
 * What reading an upload form's parts threw, as the sender's refusal: a file over the route's limit is 413 with the
 * route's own reason (`tooLarge`); a count limit has its own (above); a NUL is refused with its reason; any other
 * error of the body itself (no boundary, cut short, a part's headers broken, not multipart) is 400 or the parser's
 * own 4xx, with one reason in Chinese as the parser's are English. Reading the parts reads only the request, so
 * only a 5xx (none of the parser's errors but its own fault) is thrown on.
 */
export function uploadRefusal(error: unknown, tooLarge: string): UploadRefusal {
  const { code, statusCode, refusal } = (error ?? {}) as { code?: unknown; statusCode?: unknown; refusal?: UploadRefusal };
  if (code === 'FST_REQ_FILE_TOO_LARGE') return { status: 413, code: 'too-large', message: tooLarge };
  if (typeof code === 'string' && COUNT_LIMITS[code]) return COUNT_LIMITS[code];
  if (refusal) return refusal;
  if (typeof statusCode === 'number' && statusCode >= 500) throw error;
  return { status: typeof statusCode === 'number' && statusCode >= 400 ? statusCode : 400, code: 'malformed', message: MALFORMED };
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
    if (holdsNul([part.fieldname, part.type === 'file' ? part.filename : part.value])) {
      throw Object.assign(new Error(NUL_TEXT), { statusCode: 400, refusal: { status: 400, code: 'malformed', message: NUL_TEXT } satisfies UploadRefusal });
    }
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
