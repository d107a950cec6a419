import { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { MAX_PUSH_BYTES, type ErrorBody } from '#protocol/messages.ts';
import { isDiskFull } from './disk-full.ts';
import { FAILURE_TEXT } from './failure-text.ts';

/**
 * The office's error handler. Failures Fastify raises itself (bad JSON, body too large, wrong content type)
 * get the protocol's typed shape. Every failure of the office's own is logged with its cause and request id
 * before it is answered: a full disk as 507 Insufficient Storage (RFC 4918 §11.5), anything else as 500.
 * Either way nothing was acknowledged (storage writes are all-or-nothing), so the client's retry is safe.
 */
export function answerFailure(error: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = error.statusCode ?? 500;
  if (status === 413) return reply.code(413).send({ code: 'too-large', message: `请求体超过 ${MAX_PUSH_BYTES} 字节上限` } satisfies ErrorBody);
  if (status >= 400 && status < 500) return reply.code(status).send({ code: 'malformed', message: `请求不合格: ${error.message}` } satisfies ErrorBody);
  const full = isDiskFull(error);
  req.log.error({ err: error, diskFull: full }, full ? 'disk full: request not stored' : 'request failed');
  const answer = full ? { status: 507, message: FAILURE_TEXT.diskFull } : { status: 500, message: FAILURE_TEXT.internal };
  if (req.url.startsWith('/api/')) return reply.code(answer.status).send({ message: answer.message, requestId: req.id });
  return reply
    .code(answer.status)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html><meta charset="utf-8"><title>${answer.message}</title><p role="alert">${answer.message}</p><p>请求编号：${req.id}</p>`);
}
