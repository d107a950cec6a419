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
