import { randomUUID } from 'node:crypto';
import { type FastifyInstance } from 'fastify';
import { StaffDoc } from '#protocol/documents/office.ts';
import { EnrollRequest, type EnrollResponse, LoginRequest, type LoginResponse } from '#protocol/messages.ts';
import { verifyPassword } from '#protocol/password-hash.ts';
import { API_BASE } from '#protocol/version.ts';
import { type OfficeContext } from '#server/context.ts';
import { refuse } from './guards.ts';
import { hashEnrollCode, hashToken, newToken } from './tokens.ts';

const SESSION_HOURS = 12;

/** Device enrollment with a one-time code, and staff login. */
export function registerAuthRoutes(app: FastifyInstance, ctx: OfficeContext): void {
  const { storage } = ctx;

  app.post(`${API_BASE}/devices/enroll`, async (req, reply) => {
    const body = EnrollRequest.safeParse(req.body);
    if (!body.success) return refuse(reply, 400, 'malformed', '登记请求不合格: 需要登记码和设备名称');
    const token = newToken();
    const now = ctx.clock.now().toISOString();
    const device = await storage.enrollDevice({
      codeHash: hashEnrollCode(body.data.code),
      deviceId: `dev-${randomUUID()}`,
      name: body.data.deviceName,
      tokenHash: hashToken(token),
      now,
    });
    if (!device) {
      await storage.recordIncident({ at: now, deviceId: null, collection: null, docId: null, code: 'enroll-refused', detail: body.data.deviceName });
      return refuse(reply, 403, 'enroll-code-invalid', '登记码无效、已使用或已过期');
    }
    const response: EnrollResponse = { deviceId: device.id, vanId: device.vanId, token };
    return reply.send(response);
  });

  app.post(`${API_BASE}/auth/login`, async (req, reply) => {
    const body = LoginRequest.safeParse(req.body);
    if (!body.success) return refuse(reply, 400, 'malformed', '登录请求不合格');
    const staff = (await storage.listDocuments('staff'))
      .map((d) => StaffDoc.safeParse(d.body))
      .flatMap((p) => (p.success ? [p.data] : []))
      .find((s) => s.login === body.data.login && s.active && !s._deleted);
    if (!staff || !(await verifyPassword(body.data.password, staff.passwordHash))) {
      return refuse(reply, 401, 'login-failed', '用户名或密码错误');
    }
    const token = newToken();
    const now = ctx.clock.now();
    const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString();
    await storage.createSession({ tokenHash: hashToken(token), staffId: staff.id, roles: staff.roles, now: now.toISOString(), expiresAt });
    const response: LoginResponse = { token, staffId: staff.id, name: staff.name, roles: staff.roles, expiresAt };
    return reply.send(response);
  });
}
