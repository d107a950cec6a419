/**
 * Scans: files staff import for a case's materials. Stored on disk by SHA-256 and uploaded with
 * tus by the scan store of electron/scans (`ctx.deps.scans`); this module takes the files the page
 * sent by id (`files`, served at `/scans/*` by the host router), refuses unreadable ones with a
 * specific message, and forwards upload progress. It also
 * watches the scanner's output folder (set on the Devices screen) and attaches a finished file from
 * there with one tap, never the same file twice.
 */
import { randomBytes } from 'node:crypto';
import { type ScanFileAccess } from '#electron/host/scan-files.ts';
import { MAX_SCAN_BYTES } from '#electron/ipc/contract.ts';
import { systemCodeOf, systemFailureText } from '#electron/ipc/failure-text.ts';
import { ServiceError } from '#electron/ipc/handle.ts';
import { openScannerInbox } from '#electron/scans/scanner-inbox.ts';
import { type ScanStore, type ServiceContext, type ServiceModule } from './context.ts';
import { text } from './service-text.ts';

type Areas = 'scans:import' | 'scans:list' | 'scans:remove' | 'scans:discardCase' | 'scans:caseSaved' | 'scans:held' | 'scans:unlock' | 'scans:uploadState' | 'scans:retryNow' | 'scans:scanner' | 'scans:setScannerFolder' | 'scans:attachScannerFile';

export type ScansOptions = { scannerPollMs?: number; scannerStableMs?: number };

/** How long bytes the page sent wait for their `scans:import`: a page that never asks leaves nothing behind for long. */
const STAGED_FOR_MS = 10 * 60_000;

export function enableScans(ctx: ServiceContext, opts: ScansOptions = {}): ServiceModule<Areas> & { files: ScanFileAccess | null } {
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

  /**
   * Why a file was not stored, for staff: the laptop's disk refusing (full, no permission) is said as such, not as a
   * damaged file; anything else is a file that does not open (a PDF that does not parse). The error's own English
   * goes to the log.
   */
  const notStored = (name: string, error: unknown): ServiceError => {
    ctx.log.warn({ file: name, code: systemCodeOf(error), err: error instanceof Error ? error.message : String(error) }, 'scan not stored');
    const system = systemFailureText(error);
    return system ? new ServiceError('unavailable', text.scanNotSaved(name, system)) : new ServiceError('invalid-request', text.scanUnreadable(name));
  };

  // Files the page sent over the host router (electron/host/scan-files.ts), by id, until their import takes them.
  const staged = new Map<string, { bytes: Uint8Array; at: number }>();
  const files: ScanFileAccess | null = ctx.deps.scans
    ? {
        stage(bytes) {
          const now = performance.now();
          for (const [id, s] of staged) if (now - s.at > STAGED_FOR_MS) staged.delete(id);
          const id = randomBytes(16).toString('hex');
          staged.set(id, { bytes, at: now });
          return id;
        },
        read: (sha256) => need().read(sha256),
      }
    : null;

  return {
    files,
    handlers: {
      'scans:import': async ({ caseId, material, files: incoming }) => {
        const store = need();
        // Find every file first, so a batch with one missing stores none of them.
        const found = incoming.map((f) => {
          const bytes = staged.get(f.stagedId)?.bytes;
          if (!bytes) throw new ServiceError('not-found', text.scanNotStaged(f.name));
          return { ...f, bytes };
        });
        const stored = [];
        for (const f of found) {
          try {
            stored.push(await store.put({ caseId, material, name: f.name, mime: f.mime, bytes: f.bytes }));
          } catch (error) {
            if (error instanceof ServiceError) throw error;
            throw notStored(f.name, error);
          }
        }
        for (const f of incoming) staged.delete(f.stagedId);
        return stored;
      },
      'scans:list': async ({ caseId }) => need().list(caseId),
      'scans:remove': async ({ caseId, sha256 }) => {
        const r = await need().removeScan(caseId, sha256);
        if (r.outcome === 'removed') return { fileRemoved: r.fileRemoved };
        throw r.outcome === 'saved' ? new ServiceError('rejected', text.scanOnRecord) : new ServiceError('not-found', text.scanNotInIntake);
      },
      'scans:discardCase': async ({ caseId }) => ({ removed: await need().discardCase(caseId) }),
      'scans:caseSaved': async ({ caseIds }) => ({ released: await need().caseSaved(caseIds) }),
      'scans:held': () => Promise.resolve({ caseIds: need().heldCases() }),
      'scans:unlock': ({ keyBase64 }) => {
        need().unlock(Buffer.from(keyBase64, 'base64'));
        return Promise.resolve({ done: true as const });
      },
      'scans:uploadState': async () => need().uploadState(),
      'scans:retryNow': () => {
        need().retryNow?.();
        return Promise.resolve({ done: true as const });
      },
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
            throw notStored(file.name, error);
          }
        });
        if (!r.ok) throw new ServiceError(r.error.code, r.error.message);
        return r.value;
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
