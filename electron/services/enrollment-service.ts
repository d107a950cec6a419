/**
 * Enrolling this van again after the office revoked it (设备已被停用): a new one-time code from the office
 * admin, exchanged with the previous token, gives a new token for the same device id. The new token is kept
 * in the config and handed to the scan uploads at once; the screen then reloads and syncs with it, and every
 * document and scan it had not pushed goes up (none was set aside while it was refused).
 */
import { ServiceError } from '#electron/ipc/handle.ts';
import { loadStoredConfig, type StoredConfig } from '#electron/config.ts';
import { type ServiceContext, type ServiceModule } from './context.ts';
import { enrollVan } from './enrollment.ts';

/**
 * A van started before it could enroll (the office unreachable) keeps trying with its code, every `retryMs`, until the
 * office answers; the token is then kept and handed out as after a re-enrollment, and the screen, which asks for it
 * while it has none, starts syncing. The installation key makes a repeated attempt with a code already used by this
 * van get its own device back (protocol 9), so neither a lost answer nor a restart locks it out.
 */
export type PendingEnrollment = { code: string; retryMs?: number };

export function enableEnrollment(ctx: ServiceContext, fetchImpl: typeof fetch = fetch, pending?: PendingEnrollment): ServiceModule<'device:reenroll'> {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const tryEnroll = async (code: string, retryMs: number) => {
    timer = null;
    if (stopped || ctx.config.deviceToken) return;
    const outcome = await enrollVan(ctx.publicConfig.officeUrl, code, ctx.config, fetchImpl);
    if (stopped) return;
    if (!outcome.ok) {
      if (outcome.config.installationId !== ctx.config.installationId) keep(outcome.config);
      ctx.log.warn({ reason: outcome.reason }, 'not enrolled yet; trying again');
      timer = setTimeout(() => void tryEnroll(code, retryMs), retryMs);
      return;
    }
    adopt(outcome.config);
    ctx.log.info({ deviceId: outcome.config.deviceId }, 'enrolled');
  };
  // Only what enrollment decides goes onto the stored settings: the host's own (emulated ports) stay off the disk.
  const keep = (config: StoredConfig) => {
    const stored = loadStoredConfig(ctx.dataDir);
    const { officeUrl, deviceId, deviceToken, installationId } = config;
    ctx.saveConfig({ ...(stored.ok ? stored.config : {}), ...(officeUrl ? { officeUrl } : {}), ...(deviceId ? { deviceId } : {}), ...(deviceToken ? { deviceToken } : {}), ...(installationId ? { installationId } : {}) });
    Object.assign(ctx.config, config);
  };
  const adopt = (config: StoredConfig) => {
    const token = config.deviceToken ?? '';
    keep(config);
    ctx.publicConfig.deviceToken = token;
    ctx.publicConfig.deviceId = config.deviceId ?? ctx.publicConfig.deviceId;
    ctx.deps.scans?.setDeviceToken?.(token);
  };
  if (pending && !ctx.config.deviceToken) void tryEnroll(pending.code, pending.retryMs ?? 5_000);
  return {
    close() {
      stopped = true;
      if (timer) clearTimeout(timer);
      return Promise.resolve();
    },
    handlers: {
      'device:reenroll': async ({ code }) => {
        const outcome = await enrollVan(ctx.publicConfig.officeUrl, code, ctx.config, fetchImpl, { again: true });
        if (!outcome.ok) throw new ServiceError(outcome.reason.startsWith('无法连接') ? 'unavailable' : 'invalid-request', outcome.reason);
        adopt(outcome.config);
        ctx.log.warn({ deviceId: outcome.config.deviceId }, 'enrolled again with a new code');
        return { deviceId: outcome.config.deviceId ?? '', vanId: outcome.vanId };
      },
    },
  };
}
