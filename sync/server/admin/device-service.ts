import { type OfficeContext } from '#server/context.ts';

export type RevokeOutcome = 'revoked' | 'already-revoked' | 'not-found';

/**
 * Revokes a device at once: its token is refused from the next request on (`device-revoked`), its open
 * change streams are closed, and the revocation is kept in the incident log with who did it. What the device
 * already pushed stays; it can enroll again with a new code and its old token, keeping its id (auth/routes.ts).
 */
export async function revokeDevice(ctx: Pick<OfficeContext, 'storage' | 'hub' | 'clock'>, deviceId: string, by: string): Promise<RevokeOutcome> {
  const device = (await ctx.storage.listDevices()).find((d) => d.id === deviceId);
  if (!device) return 'not-found';
  if (device.revokedAt !== null) return 'already-revoked';
  const now = ctx.clock.now().toISOString();
  if (!(await ctx.storage.revokeDevice(deviceId, now))) return 'already-revoked';
  ctx.hub.disconnect(deviceId);
  await ctx.storage.recordIncident({ at: now, deviceId, collection: null, docId: null, code: 'device-revoked', detail: `由 ${by} 停用（${device.name}，车辆 ${device.vanId}）` });
  return 'revoked';
}

export type WipeOrderOutcome = 'ordered' | 'already-ordered' | 'not-found';

/**
 * Orders a lost or stolen device wiped. From its next request on it gets nothing more from the office
 * (`device-wipe-ordered`); it may still push what it holds, and erases itself once nothing is left unsynced or
 * the office abandoned the rest (sync/wipe-routes.ts). Its open change streams close now, so it learns at once.
 */
export async function orderDeviceWipe(ctx: Pick<OfficeContext, 'storage' | 'hub' | 'clock'>, deviceId: string, by: string): Promise<WipeOrderOutcome> {
  const device = (await ctx.storage.listDevices()).find((d) => d.id === deviceId);
  if (!device) return 'not-found';
  const now = ctx.clock.now().toISOString();
  if (!(await ctx.storage.orderDeviceWipe(deviceId, now, by))) return 'already-ordered';
  ctx.hub.disconnect(deviceId);
  await ctx.storage.recordIncident({ at: now, deviceId, collection: null, docId: null, code: 'device-wipe-ordered', detail: `由 ${by} 下令擦除（${device.name}，车辆 ${device.vanId}）` });
  return 'ordered';
}

export type AbandonOutcome = 'abandoned' | 'no-open-wipe' | 'not-found';

/**
 * Gives up what a device ordered wiped has not pushed (a laptop that will never reach the office with it,
 * or refused documents nobody will correct): the device erases at its next contact without them. Recorded.
 */
export async function abandonUnsynced(ctx: Pick<OfficeContext, 'storage' | 'clock'>, deviceId: string, by: string): Promise<AbandonOutcome> {
  const device = (await ctx.storage.listDevices()).find((d) => d.id === deviceId);
  if (!device) return 'not-found';
  const now = ctx.clock.now().toISOString();
  if (!(await ctx.storage.abandonDeviceUnsynced(deviceId, now))) return 'no-open-wipe';
  const left = device.wipe?.lastReport;
  const what = left ? `：待传记录 ${left.pendingDocuments}、被退回记录 ${left.quarantined}、未验扫描件 ${left.unverifiedScans}` : '（设备尚未报告）';
  await ctx.storage.recordIncident({ at: now, deviceId, collection: null, docId: null, code: 'device-unsynced-abandoned', detail: `由 ${by} 放弃设备上未同步的数据${what}` });
  return 'abandoned';
}
