/**
 * Scans: files staff import for a case's materials. Stored on disk by SHA-256 and uploaded with
 * tus by the scan store of electron/scans (`ctx.deps.scans`); this module decodes the import,
 * refuses empty or unreadable files with a specific message, and forwards upload progress. It also
 * watches the scanner's output folder (set on the Devices screen) and attaches a finished file from
 * there with one tap, never the same file twice.
 */
import { MAX_SCAN_BYTES } from '#electron/ipc/contract.ts';
import { ServiceError } from '#electron/ipc/handle.ts';
import { openScannerInbox } from '#electron/scans/scanner-inbox.ts';
import { type ScanStore, type ServiceContext, type ServiceModule } from './context.ts';
import { text } from './service-text.ts';

type Areas = 'scans:import' | 'scans:list' | 'scans:discardCase' | 'scans:caseSaved' | 'scans:held' | 'scans:unlock' | 'scans:uploadState' | 'scans:thumbnail' | 'scans:scanner' | 'scans:setScannerFolder' | 'scans:attachScannerFile';

export type ScansOptions = { scannerPollMs?: number; scannerStableMs?: number };

export function enableScans(ctx: ServiceContext, opts: ScansOptions = {}): ServiceModule<Areas> {
  const need = (): ScanStore => {
    if (!ctx.deps.scans) throw new ServiceError('unavailable', text.scansMissing);
    return ctx.deps.scans;
  };
  const unsubscribe = ctx.deps.scans?.onProgress((states) => ctx.events.emit('scans:progress', states));
  const inbox = openScannerInbox({
    dataDir: ctx.dataDir,
    onChange: (offer) => ctx.events.emit('scans:scanner', offer),
    onError: (error) => ctx.log.warn({ err: String(error) }, 'scanner folder'),
    ...(opts.scannerPollMs ? { pollMs: opts.scannerPollMs } : {}),
    ...(opts.scannerStableMs !== undefined ? { stableMs: opts.scannerStableMs } : {}),
  });

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
      'scans:discardCase': async ({ caseId }) => ({ removed: await need().discardCase(caseId) }),
      'scans:caseSaved': async ({ caseIds }) => ({ released: await need().caseSaved(caseIds) }),
      'scans:held': () => Promise.resolve({ caseIds: need().heldCases() }),
      'scans:unlock': ({ keyBase64 }) => {
        need().unlock(Buffer.from(keyBase64, 'base64'));
        return Promise.resolve({ done: true as const });
      },
      'scans:uploadState': async () => need().uploadState(),
      'scans:scanner': () => Promise.resolve(inbox.offer()),
      'scans:setScannerFolder': async ({ path }) => {
        const r = await inbox.setFolder(path);
        if (!r.ok) throw new ServiceError(r.error.code, r.error.message);
        return r.value;
      },
      'scans:attachScannerFile': async ({ caseId, material, fileId }) => {
        const store = need();
        const r = await inbox.attach({ fileId, caseId, maxBytes: MAX_SCAN_BYTES }, async (file, bytes) => {
          try {
            return await store.put({ caseId, material, name: file.name, mime: file.mime, bytes });
          } catch (error) {
            throw new ServiceError('invalid-request', `${text.scanUnreadable(file.name)}（${error instanceof Error ? error.message : String(error)}）`);
          }
        });
        if (!r.ok) throw new ServiceError(r.error.code, r.error.message);
        return r.value;
      },
      'scans:thumbnail': async ({ sha256 }) => {
        const file = await need().read(sha256);
        if (!file) throw new ServiceError('not-found', text.scanNotFound);
        return { mime: file.mime, dataBase64: Buffer.from(file.bytes).toString('base64') };
      },
    },
    close() {
      inbox.close();
      unsubscribe?.();
      ctx.deps.scans?.close?.();
      return Promise.resolve();
    },
  };
}
