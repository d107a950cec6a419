import { randomUUID } from 'node:crypto';
import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { officeId } from '#domain/city/office-ids.ts';
import { EnrollRequest, type EnrollResponse, LoginRequest, type LoginResponse } from '#protocol/messages.ts';
import { API_BASE } from '#protocol/version.ts';
import { type OfficeContext } from '#server/context.ts';
import { AUTH_TEXT } from './auth-text.ts';
import { countedAddress } from './client-address.ts';
import { bearer, refuse } from './guards.ts';
import { hashEnrollCode, hashToken, newToken } from './tokens.ts';

/** Device enrollment with a one-time code (again, after a revocation, keeping the device id), staff login and logout. */
export function registerAuthRoutes(app: FastifyInstance, ctx: OfficeContext): void {
  const { storage } = ctx;

  app.post(`${API_BASE}/devices/enroll`, async (req, reply) => {
    const body = EnrollRequest.safeParse(req.body);
    if (!body.success) return refuse(reply, 400, 'malformed', '登记请求不合格: 需要登记码和设备名称');
    const token = newToken();
    const now = ctx.clock.now().toISOString();
    const previous = body.data.previous;
    const device = await storage.enrollDevice({
      codeHash: hashEnrollCode(body.data.code),
      deviceId: previous?.deviceId ?? officeId(ctx.areaCode, 'dev', randomUUID()),
      name: body.data.deviceName,
      tokenHash: hashToken(token),
      now,
      ...(previous ? { previousTokenHash: hashToken(previous.token) } : {}),
      // Protocol 9: the same installation enrolling again with the code it used gets its own device back.
      ...(body.data.installationId ? { installationHash: hashToken(body.data.installationId) } : {}),
    });
    if (!device) {
      await storage.recordIncident({ at: now, deviceId: previous?.deviceId ?? null, collection: null, docId: null, code: 'enroll-refused', detail: body.data.deviceName });
      return refuse(reply, 403, 'enroll-code-invalid', previous ? '登记码无效、已使用、已过期，或不是本车的登记码' : '登记码无效、已使用或已过期');
    }
    if (previous) await storage.recordIncident({ at: now, deviceId: device.id, collection: null, docId: null, code: 'device-reenrolled', detail: body.data.deviceName });
    const response: EnrollResponse = { deviceId: device.id, vanId: device.vanId, token };
    return reply.send(response);
  });

  app.post(`${API_BASE}/auth/login`, async (req, reply) => {
    const body = LoginRequest.safeParse(req.body);
    if (!body.success) return refuse(reply, 400, 'malformed', '登录请求不合格');
    const outcome = await ctx.login.login(body.data.login, body.data.password, clientAddress(req));
    if (!outcome.ok) {
      if (outcome.status === 429) void reply.header('retry-after', String(outcome.retryAfterSeconds));
      return refuse(reply, outcome.status, outcome.code, outcome.message);
    }
    const response: LoginResponse = { token: outcome.token, staffId: outcome.staff.id, name: outcome.staff.name, roles: outcome.staff.roles, expiresAt: outcome.expiresAt };
    return reply.send(response);
  });

  app.post(`${API_BASE}/auth/logout`, async (req, reply) => {
    const token = bearer(req);
    if (!token) return refuse(reply, 401, 'unauthorized', AUTH_TEXT.loginRequired);
    await storage.endSession(hashToken(token));
    return reply.code(204).send();
  });
}

/**
 * The client's address as the office's limits count it (`countedAddress`: an IPv6 client by its /64): the socket's,
 * or the trusted proxy's `X-Forwarded-For` (Fastify `trustProxy`).
 */
export const clientAddress = (req: FastifyRequest): string => countedAddress(req.ip);
