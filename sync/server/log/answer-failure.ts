import { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { MAX_PUSH_BYTES, type ErrorBody } from '#protocol/messages.ts';
import { isDiskFull } from './disk-full.ts';
import { FAILURE_TEXT, REQUEST_TEXT } from './failure-text.ts';

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
    .send(`<!doctype html><meta charset="utf-8"><title>${answer.message}</title><p role="alert">${answer.message}</p><p>请求编号：${req.id}</p>`);
}
