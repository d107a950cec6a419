import { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { MAX_PUSH_BYTES, type ErrorBody } from '#protocol/messages.ts';
import { isApiRequest, routePathOf } from '#server/route-path.ts';
import { isDiskFull } from './disk-full.ts';
import { FAILURE_TEXT, REQUEST_TEXT } from './failure-text.ts';
import { maskUrl } from './personal-data.ts';

/** What the office says of each request Fastify could not read itself, by Fastify's error code. */
const REFUSED: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: REQUEST_TEXT.notJson,
  FST_ERR_CTP_EMPTY_JSON_BODY: REQUEST_TEXT.emptyJson,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: REQUEST_TEXT.mediaType,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: REQUEST_TEXT.contentLength,
  FST_ERR_BAD_URL: REQUEST_TEXT.badUrl,
  FST_ERR_MAX_PARAM_LENGTH: REQUEST_TEXT.urlPartTooLong,
};

/**
 * The page a browser gets when the office cannot answer with one of its own: Chinese, readable on a phone. The words
 * are the office's own text (failure-text.ts) and a request id, nothing taken from the request, so nothing is escaped.
 */
const plainPage = (title: string, body: string): string =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title></head><body>${body}</body></html>`;

/**
 * The office's error handler (and Fastify's `frameworkErrors`, for a URL it cannot decode). Failures Fastify raises
 * itself (bad JSON, body too large, wrong content type, a bad URL) get the protocol's typed shape (`malformed`,
 * `too-large`: the van's client and the pages' scripts go by these codes) and say in Chinese what was wrong, in place
 * of Fastify's English. Every failure of the office's own is logged with its cause and request id before it is
 * answered: a full disk as 507 Insufficient Storage (RFC 4918 §11.5), anything else as 500. Either way nothing was
 * acknowledged (storage writes are all-or-nothing), so the client's retry is safe.
 */
export function answerFailure(error: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = error.statusCode ?? 500;
  // A URL that reaches no route is answered without the hooks (app.ts sets the id in one): the id goes back here too.
  void reply.header('x-request-id', req.id);
  if (status === 413) {
    // The limit of the route asked (an installer upload's is larger than the default of a van's push).
    const limit = req.routeOptions.bodyLimit ?? MAX_PUSH_BYTES;
    return reply.code(413).send({ code: 'too-large', message: REQUEST_TEXT.tooLarge(limit) } satisfies ErrorBody);
  }
  if (status >= 400 && status < 500) {
    const known = REFUSED[error.code];
    // A refusal the office has no words for keeps Fastify's cause in the log, where it is read, not in the answer.
    if (known === undefined) req.log.warn({ err: error }, 'request refused by the framework');
    return reply.code(status).send({ code: 'malformed', message: known ?? REQUEST_TEXT.unreadable } satisfies ErrorBody);
  }
  const full = isDiskFull(error);
  req.log.error({ err: error, diskFull: full }, full ? 'disk full: request not stored' : 'request failed');
  const answer = full ? { status: 507, message: FAILURE_TEXT.diskFull } : { status: 500, message: FAILURE_TEXT.internal };
  if (req.url.startsWith('/api/')) return reply.code(answer.status).send({ message: answer.message, requestId: req.id });
  return reply
    .code(answer.status)
    .type('text/html; charset=utf-8')
    .send(plainPage(answer.message, `<p role="alert">${answer.message}</p><p>请求编号：${req.id}</p>`));
}

/**
 * A URL no route answers: in Chinese, never Fastify's English JSON (`Route GET:/office/x not found`). The API gets the
 * protocol's `not-found`; a browser a page that says so with a way back (the portal's, the public pages' or the
 * office's start). The log line is the one Fastify writes, the URL masked (office-log.ts).
 */
export function answerNotFound(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  req.log.info(`Route ${req.raw.method ?? ''}:${maskUrl(req.raw.url ?? '')} not found`);
  void reply.header('x-request-id', req.id);
  if (isApiRequest(req)) return reply.code(404).send({ code: 'not-found', message: REQUEST_TEXT.noSuchAddress } satisfies ErrorBody);
  const path = routePathOf(req);
  const [href, label] = path.startsWith('/portal')
    ? ['/portal', REQUEST_TEXT.backTo.portal]
    : path.startsWith('/public') || path.startsWith('/kiosk')
      ? ['/public/status', REQUEST_TEXT.backTo.public]
      : ['/office', REQUEST_TEXT.backTo.office];
  return reply
    .code(404)
    .type('text/html; charset=utf-8')
    .send(plainPage(REQUEST_TEXT.noSuchPage, `<h1>${REQUEST_TEXT.noSuchPage}</h1><p role="alert">${REQUEST_TEXT.noSuchPageHint}</p><p><a href="${href}">${label}</a></p>`));
}
