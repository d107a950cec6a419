import { randomUUID } from 'node:crypto';
import { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { officeId } from '#domain/city/office-ids.ts';
import { parseForm } from '#domain/forms/form-issues.ts';
import { StaffDoc, TripDoc } from '#protocol/documents/office.ts';
import { type DeviceStatus } from '#protocol/messages.ts';
import { API_BASE } from '#protocol/version.ts';
import { refuse, requireStaff } from '#server/auth/guards.ts';
import { hashEnrollCode, newEnrollCode } from '#server/auth/tokens.ts';
import { type OfficeContext } from '#server/context.ts';
import { auditDeviceChain } from '#server/sync/chain-audit.ts';
import { ADMIN_TEXT } from './admin-text.ts';
import { abandonUnsynced, orderDeviceWipe, revokeDevice } from './device-service.ts';
import { allocateReceiptBlock } from './receipt-block-service.ts';
import { passwordFields, staffByLogin, writeStaff } from './staff-service.ts';
import { refreshTripSnapshots } from '#server/sync/unit-snapshots.ts';
import { isDiskFull } from '#server/log/disk-full.ts';

const EnrollCodeRequest = z.object({ vanId: z.string().min(1).max(100), ttlHours: z.number().min(0.01).max(24 * 14).default(24) });
const CreateStaffRequest = z.object({
  login: z.string().regex(/^[a-z0-9._-]{2,64}$/),
  name: z.string().min(1).max(100),
  roles: StaffDoc.shape.roles.min(1),
  password: z.string().min(8).max(256),
});

/** Office administration: enrollment codes, staff accounts, receipt blocks, device status, backups. */
export function registerAdminRoutes(app: FastifyInstance, ctx: OfficeContext): void {
  const { storage } = ctx;
  const admin = ctx.adminRoles;

  app.post(`${API_BASE}/admin/enroll-codes`, async (req, reply) => {
    const session = await requireStaff(storage, req, reply, admin);
    if (!session) return reply;
    const body = parseForm(EnrollCodeRequest, req.body ?? {}, ADMIN_TEXT.enrollFields, ADMIN_TEXT.issues);
    if (!body.ok) return refuse(reply, 400, 'malformed', ADMIN_TEXT.enrollInvalid(body.message));
    const code = newEnrollCode();
    const expiresAt = new Date(ctx.clock.now().getTime() + body.data.ttlHours * 3600_000).toISOString();
    await storage.createEnrollCode({ codeHash: hashEnrollCode(code), vanId: body.data.vanId, createdBy: session.staffId, expiresAt });
    return reply.send({ code, vanId: body.data.vanId, expiresAt });
  });

  app.post(`${API_BASE}/admin/staff`, async (req, reply) => {
    if (!(await requireStaff(storage, req, reply, admin))) return reply;
    const body = parseForm(CreateStaffRequest, req.body, ADMIN_TEXT.staffFields, ADMIN_TEXT.issues);
    if (!body.ok) return refuse(reply, 400, 'malformed', ADMIN_TEXT.staffInvalid(body.message));
    const existing = await staffByLogin(ctx, body.data.login);
    const id = existing?.id ?? officeId(ctx.areaCode, 'staff', randomUUID());
    const doc = StaffDoc.parse({
      id,
      login: body.data.login,
      name: body.data.name,
      roles: body.data.roles,
      ...(await passwordFields(id, body.data.password, existing, ctx.passwordIterations)),
      active: true,
      updatedAt: ctx.clock.now().toISOString(),
      _deleted: false,
    });
    const { endedSessions } = await writeStaff(ctx, doc);
    return reply.send({ id: doc.id, login: doc.login, roles: doc.roles, endedSessions });
  });

  app.post<{ Params: { login: string } }>(`${API_BASE}/admin/staff/:login/deactivate`, async (req, reply) => {
    if (!(await requireStaff(storage, req, reply, admin))) return reply;
    const existing = await staffByLogin(ctx, req.params.login);
    if (!existing) return refuse(reply, 404, 'not-found', `没有账号 ${req.params.login}`);
    const { endedSessions } = await writeStaff(ctx, { ...existing, active: false, updatedAt: ctx.clock.now().toISOString() });
    return reply.send({ id: existing.id, login: existing.login, active: false, endedSessions });
  });

  app.post<{ Params: { tripId: string } }>(`${API_BASE}/admin/trips/:tripId/receipt-block`, async (req, reply) => {
    if (!(await requireStaff(storage, req, reply, admin))) return reply;
    const r = await allocateReceiptBlock(ctx, req.params.tripId, req.body);
    return r.ok ? reply.send(r.trip) : refuse(reply, r.status, r.code, r.message);
  });

  // The register read again for every unit of a trip, now (the office page's 刷新不动产状态 and `van office refresh-units`).
  app.post<{ Params: { tripId: string } }>(`${API_BASE}/admin/trips/:tripId/unit-snapshots`, async (req, reply) => {
    if (!(await requireStaff(storage, req, reply, admin))) return reply;
    const stored = await storage.getDocument('trips', req.params.tripId);
    const trip = stored ? TripDoc.safeParse(stored.body) : null;
    if (!trip?.success) return refuse(reply, 404, 'not-found', `出车任务 ${req.params.tripId} 不存在`);
    return reply.send(await refreshTripSnapshots(ctx, trip.data, { freshForMs: 0 }));
  });

  app.get(`${API_BASE}/admin/devices`, async (req, reply) => {
    if (!(await requireStaff(storage, req, reply, admin))) return reply;
    const out: DeviceStatus[] = [];
    for (const d of await storage.listDevices()) {
      out.push({
        deviceId: d.id,
        name: d.name,
        vanId: d.vanId,
        enrolledAt: d.enrolledAt,
        lastSeenAt: d.lastSeenAt,
        report: d.report,
        storedEvents: await storage.countDeviceEvents(d.id),
        verifiedScans: await storage.countDeviceScans(d.id),
        chain: await storage.chainStatus(d.id),
        revokedAt: d.revokedAt,
        wipe: d.wipe,
      });
    }
    return reply.send(out);
  });

  app.post<{ Params: { deviceId: string } }>(`${API_BASE}/admin/devices/:deviceId/revoke`, async (req, reply) => {
    const session = await requireStaff(storage, req, reply, admin);
    if (!session) return reply;
    const outcome = await revokeDevice(ctx, req.params.deviceId, session.staffId);
    if (outcome === 'not-found') return refuse(reply, 404, 'not-found', `没有设备 ${req.params.deviceId}`);
    return reply.send({ deviceId: req.params.deviceId, revoked: true, already: outcome === 'already-revoked' });
  });

  app.post<{ Params: { deviceId: string } }>(`${API_BASE}/admin/devices/:deviceId/wipe`, async (req, reply) => {
    const session = await requireStaff(storage, req, reply, admin);
    if (!session) return reply;
    const outcome = await orderDeviceWipe(ctx, req.params.deviceId, session.staffId);
    if (outcome === 'not-found') return refuse(reply, 404, 'not-found', `没有设备 ${req.params.deviceId}`);
    return reply.send({ deviceId: req.params.deviceId, wipeOrdered: true, already: outcome === 'already-ordered' });
  });

  app.post<{ Params: { deviceId: string } }>(`${API_BASE}/admin/devices/:deviceId/abandon-unsynced`, async (req, reply) => {
    const session = await requireStaff(storage, req, reply, admin);
    if (!session) return reply;
    const outcome = await abandonUnsynced(ctx, req.params.deviceId, session.staffId);
    if (outcome === 'not-found') return refuse(reply, 404, 'not-found', `没有设备 ${req.params.deviceId}`);
    if (outcome === 'no-open-wipe') return refuse(reply, 409, 'conflict', `设备 ${req.params.deviceId} 没有进行中的擦除指令`);
    return reply.send({ deviceId: req.params.deviceId, abandoned: true });
  });

  app.get<{ Params: { deviceId: string } }>(`${API_BASE}/admin/devices/:deviceId/chain-audit`, async (req, reply) => {
    if (!(await requireStaff(storage, req, reply, admin))) return reply;
    return reply.send(await auditDeviceChain(storage, req.params.deviceId));
  });

  app.get(`${API_BASE}/admin/incidents`, async (req, reply) => {
    if (!(await requireStaff(storage, req, reply, admin))) return reply;
    return reply.send(await storage.listIncidents(200));
  });

  app.post(`${API_BASE}/admin/backup`, async (req, reply) => {
    if (!(await requireStaff(storage, req, reply, admin))) return reply;
    const file = `${ctx.dataDir}/backups/office-${ctx.clock.now().toISOString().replace(/[:.]/g, '-')}.sqlite`;
    let outcome: Awaited<ReturnType<typeof storage.backup>>;
    try {
      outcome = await storage.backup(file);
    } catch (error) {
      // The cause (a folder that cannot be written, a full disk) is the admin's to fix: said, not hidden behind "internal error".
      req.log.error({ err: error }, 'backup failed');
      const cause = error instanceof Error ? error.message : String(error);
      return reply.code(isDiskFull(error) ? 507 : 500).send({ message: `备份没有完成：无法写入 ${file}（${cause}）。办公室照常运行，数据未受影响；请检查该目录的权限和磁盘空间后重试。`, requestId: req.id });
    }
    // An office on PostgreSQL is backed up with pg_dump while it runs (README): asked here, the admin gets that answer, not a failure.
    if (!outcome.ok) return refuse(reply, 409, 'conflict', 'PostgreSQL 上的办公室数据请在运行中用 pg_dump 备份（见 README）');
    return reply.send({ file });
  });
}
