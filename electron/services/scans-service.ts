/**
 * Scans: files staff import for a case's materials. Stored on disk by SHA-256 and uploaded with
 * tus by the scan store of electron/scans (`ctx.deps.scans`); this module decodes the import,
 * refuses empty or unreadable files with a specific message, and forwards upload progress.
 */
import { ServiceError } from '#electron/ipc/handle.ts';
import { type ScanStore, type ServiceContext, type ServiceModule } from './context.ts';
import { text } from './service-text.ts';

type Areas = 'scans:import' | 'scans:list' | 'scans:uploadState' | 'scans:thumbnail';

export function enableScans(ctx: ServiceContext): ServiceModule<Areas> {
  const need = (): ScanStore => {
    if (!ctx.deps.scans) throw new ServiceError('unavailable', text.scansMissing);
    return ctx.deps.scans;
  };
  const unsubscribe = ctx.deps.scans?.onProgress((states) => ctx.events.emit('scans:progress', states));

  return {
    handlers: {
      'scans:import': async ({ caseId, material, files }) => {
        const store = need();
        // Decode and check every file first, so a bad file in the batch stores none of them.
        const decoded = files.map((f) => {
          const bytes = Buffer.from(f.dataBase64, 'base64');
          if (bytes.byteLength === 0) throw new ServiceError('invalid-request', text.scanEmpty(f.name));
          return { ...f, bytes };
        });
        const stored = [];
        for (const f of decoded) {
          try {
            stored.push(await store.put({ caseId, material, name: f.name, mime: f.mime, bytes: f.bytes }));
          } catch (error) {
            if (error instanceof ServiceError) throw error;
            throw new ServiceError('invalid-request', `${text.scanUnreadable(f.name)}（${error instanceof Error ? error.message : String(error)}）`);
          }
        }
        return stored;
      },
      'scans:list': async ({ caseId }) => need().list(caseId),
      'scans:uploadState': async () => need().uploadState(),
      'scans:thumbnail': async ({ sha256 }) => {
        const file = await need().read(sha256);
        if (!file) throw new ServiceError('not-found', text.scanNotFound);
        return { mime: file.mime, dataBase64: Buffer.from(file.bytes).toString('base64') };
      },
    },
    close() {
      unsubscribe?.();
      ctx.deps.scans?.close?.();
      return Promise.resolve();
    },
  };
}
