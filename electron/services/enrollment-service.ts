/**
 * Enrolling this van again after the office revoked it (设备已被停用): a new one-time code from the office
 * admin, exchanged with the previous token, gives a new token for the same device id. The new token is kept
 * in the config and handed to the scan uploads at once; the screen then reloads and syncs with it, and every
 * document and scan it had not pushed goes up (none was set aside while it was refused).
 */
import { ServiceError } from '#electron/ipc/handle.ts';
import { type ServiceContext, type ServiceModule } from './context.ts';
import { enrollVan } from './enrollment.ts';

export function enableEnrollment(ctx: ServiceContext, fetchImpl: typeof fetch = fetch): ServiceModule<'device:reenroll'> {
  return {
    handlers: {
      'device:reenroll': async ({ code }) => {
        const outcome = await enrollVan(ctx.publicConfig.officeUrl, code, ctx.config, fetchImpl, { again: true });
        if (!outcome.ok) throw new ServiceError(outcome.reason.startsWith('无法连接') ? 'unavailable' : 'invalid-request', outcome.reason);
        const token = outcome.config.deviceToken ?? '';
        ctx.saveConfig(outcome.config);
        Object.assign(ctx.config, outcome.config);
        ctx.publicConfig.deviceToken = token;
        ctx.deps.scans?.setDeviceToken?.(token);
        ctx.log.warn({ deviceId: outcome.config.deviceId }, 'enrolled again with a new code');
        return { deviceId: outcome.config.deviceId ?? '', vanId: outcome.vanId };
      },
    },
  };
}
