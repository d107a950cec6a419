import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type ErrorBody, type ErrorCode } from '#protocol/messages.ts';
import { type Device, type OfficeStorage, type Session } from '#server/storage/storage.ts';
import { hashToken } from './tokens.ts';

/** Sends a 4xx with a typed code and a reason a person can read. */
export function refuse(reply: FastifyReply, status: number, code: ErrorCode, message: string, extra?: Partial<ErrorBody>): FastifyReply {
  const body: ErrorBody = { code, message, ...extra };
  return reply.code(status).send(body);
}

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string' || !h.startsWith('Bearer ')) return undefined;
  const token = h.slice(7).trim();
  return token.length > 0 && token.length < 200 ? token : undefined;
}

/** The enrolled, not revoked device behind the request's bearer token, or a 401 already sent. */
export async function requireDevice(storage: OfficeStorage, req: FastifyRequest, reply: FastifyReply): Promise<Device | undefined> {
  const token = bearer(req);
  const device = token ? await storage.deviceByTokenHash(hashToken(token)) : undefined;
  if (!device) {
    refuse(reply, 401, 'unauthorized', '设备未登记或令牌无效，请向办公室管理员申请登记码');
    return undefined;
  }
  return device;
}

/** The logged-in staff session holding one of `roles`, or a 401/403 already sent. */
export async function requireStaff(
  storage: OfficeStorage,
  req: FastifyRequest,
  reply: FastifyReply,
  roles: readonly string[],
): Promise<Session | undefined> {
  const token = bearer(req);
  const session = token ? await storage.sessionByTokenHash(hashToken(token), req.server.office.clock.now().toISOString()) : undefined;
  if (!session) {
    refuse(reply, 401, 'unauthorized', '请先登录');
    return undefined;
  }
  if (!session.roles.some((r) => roles.includes(r))) {
    refuse(reply, 403, 'forbidden', `需要以下角色之一: ${roles.join(', ')}`);
    return undefined;
  }
  return session;
}
