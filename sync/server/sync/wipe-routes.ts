import { type FastifyInstance } from 'fastify';
import { parseForm } from '#domain/forms/form-issues.ts';
import { API_BASE } from '#protocol/version.ts';
import { WipeDoneRequest, WipeReadyRequest, type WipeReadyResponse } from '#protocol/messages.ts';
import { refuse, requireDevice } from '#server/auth/guards.ts';
import { type OfficeContext } from '#server/context.ts';
import { SYNC_REQUEST_TEXT as T } from './request-text.ts';

const nothingLeft = (r: WipeReadyRequest) => r.locked !== true && r.pendingDocuments === 0 && r.quarantined === 0 && r.unverifiedScans === 0;

/**
 * The wipe handshake of a device the office ordered wiped (admin/device-service.ts). The device has pushed
 * what it could and says what it still holds unsynced; it may erase only when nothing is left or the office
 * abandoned the rest, so a lost laptop's work reaches the office whenever the laptop can still give it.
 */
export function registerWipeRoutes(app: FastifyInstance, ctx: OfficeContext): void {
  const { storage } = ctx;

  app.post(`${API_BASE}/devices/me/wipe/ready`, async (req, reply) => {
    const device = await requireDevice(storage, req, reply, { duringWipe: true });
    if (!device) return reply;
    if (!device.wipe) return refuse(reply, 409, 'conflict', '办公室没有下令擦除本设备');
    const report = parseForm(WipeReadyRequest, req.body, T.wipeReportFields, T.issues);
    if (!report.ok) return refuse(reply, 400, 'malformed', T.wipeReportInvalid(report.message));
    await storage.saveWipeReport(device.id, ctx.clock.now().toISOString(), report.data);
    const abandoned = device.wipe.abandonedAt !== null;
    const answer: WipeReadyResponse = { erase: abandoned || nothingLeft(report.data), abandoned };
    return reply.send(answer);
  });

  app.post(`${API_BASE}/devices/me/wipe/done`, async (req, reply) => {
    const device = await requireDevice(storage, req, reply, { duringWipe: true });
    if (!device) return reply;
    if (!device.wipe) return refuse(reply, 409, 'conflict', '办公室没有下令擦除本设备');
    const done = parseForm(WipeDoneRequest, req.body, T.wipeDoneFields, T.issues);
    if (!done.ok) return refuse(reply, 400, 'malformed', T.wipeDoneInvalid(done.message));
    const now = ctx.clock.now().toISOString();
    await storage.confirmDeviceWiped(device.id, now, done.data.erasedAt);
    ctx.hub.disconnect(device.id);
    await storage.recordIncident({ at: now, deviceId: device.id, collection: null, docId: null, code: 'device-wiped', detail: `设备报告已于 ${done.data.erasedAt} 擦除本机数据（${device.name}，车辆 ${device.vanId}）` });
    return reply.code(204).send();
  });
}
