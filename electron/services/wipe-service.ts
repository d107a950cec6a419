/**
 * The main side of a remote wipe (renderer/db/remote-wipe.ts): the page has pushed everything, the office
 * agreed, and the page removed its store; this erases the rest of the data folder. Uploads stop first so no
 * scan file is reopened, and the token is dropped from memory too.
 */
import { type ServiceContext, type ServiceModule } from './context.ts';
import { eraseDataFolder } from './data-folder.ts';

export function enableWipe(ctx: ServiceContext): ServiceModule<'device:wipe'> {
  return {
    handlers: {
      'device:wipe': async () => {
        ctx.deps.scans?.close?.();
        const removed = await eraseDataFolder(ctx.dataDir);
        delete ctx.config.deviceToken;
        ctx.publicConfig.deviceToken = '';
        ctx.log.warn({ deviceId: ctx.publicConfig.deviceId, removed }, 'data folder erased on the office\'s wipe order');
        return { done: true as const };
      },
    },
  };
}
