import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type ErrorBody, type ErrorCode } from '#protocol/messages.ts';
import { type Device, type OfficeStorage, type Session } from '#server/storage/storage.ts';
import { AUTH_TEXT } from './auth-text.ts';
import { hashToken } from './tokens.ts';

/** Sends a 4xx with a typed code and a reason a person can read. */
export function refuse(reply: FastifyReply, status: number, code: ErrorCode, message: string, extra?: Partial<ErrorBody>): FastifyReply {
  const body: ErrorBody = { code, message, ...extra };
  return reply.code(status).send(body);
}

/** The bearer token of a request (the API takes no cookie: a cross-site form cannot carry this header). */
export function bearer(req: { headers: { authorization?: string | undefined } }): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string' || !h.startsWith('Bearer ')) return undefined;
  const token = h.slice(7).trim();
  return token.length > 0 && token.length < 200 ? token : undefined;
}

/**
 * What a device ordered wiped may still do: give the office what it holds (push, scan uploads, reports, the
 * wipe handshake). Everything that would give it data answers `device-wipe-ordered`.
 */
export type DeviceAccess = { duringWipe?: boolean };

type DeviceRefusal = { ok: false; code: 'unauthorized' | 'device-revoked' | 'device-wipe-ordered'; message: string };

/** The device behind a token: enrolled, not revoked and not ordered wiped (unless `duringWipe`), or why not. */
export async function deviceForToken(storage: OfficeStorage, token: string | undefined, access: DeviceAccess = {}): Promise<{ ok: true; device: Device } | DeviceRefusal> {
  const device = token ? await storage.deviceByTokenHash(hashToken(token)) : undefined;
  if (!device) return { ok: false, code: 'unauthorized', message: AUTH_TEXT.deviceUnknown };
  if (device.wipe?.confirmedAt) return { ok: false, code: 'device-revoked', message: AUTH_TEXT.deviceWiped };
  // A wipe order reaches a revoked device too: a lost laptop must learn it and push what it holds first.
  if (device.wipe) return access.duringWipe ? { ok: true, device } : { ok: false, code: 'device-wipe-ordered', message: AUTH_TEXT.deviceWipeOrdered };
  if (device.revokedAt !== null) return { ok: false, code: 'device-revoked', message: AUTH_TEXT.deviceRevoked };
  return { ok: true, device };
}

/** The enrolled, not revoked device behind the request's bearer token, or a 401 already sent. */
export async function requireDevice(storage: OfficeStorage, req: FastifyRequest, reply: FastifyReply, access: DeviceAccess = {}): Promise<Device | undefined> {
  const found = await deviceForToken(storage, bearer(req), access);
  if (!found.ok) {
    refuse(reply, 401, found.code, found.message);
    return undefined;
  }
  return found.device;
}

/** The logged-in staff session holding one of `roles`, or a 401/403 already sent. */
export async function requireStaff(
  storage: OfficeStorage,
  req: FastifyRequest,
  reply: FastifyReply,
  roles: readonly string[],
): Promise<Session | undefined> {
  const token = bearer(req);
  const session = token ? await storage.touchSession(hashToken(token), req.server.office.clock.now().toISOString()) : undefined;
  if (!session) {
    refuse(reply, 401, 'unauthorized', AUTH_TEXT.loginRequired);
    return undefined;
  }
  if (!session.roles.some((r) => roles.includes(r))) {
    refuse(reply, 403, 'forbidden', AUTH_TEXT.roleRequired(roles));
    return undefined;
  }
  return session;
}
