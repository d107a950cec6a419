/**
 * Adapts the scan store, index and tus uploader of electron/scans to the scans service: counts a PDF's
 * pages on the documents worker thread, keeps which case and material each file belongs to in the one
 * scan index, holds a case's files on the van until the page says the case is saved, then uploads them
 * in the background until the office verifies each, resuming after restarts.
 */
import { join } from 'node:path';
import { createWorkerRenderer } from '#documents/render-worker.ts';
import { type ScanMeta, type UploadState } from '#electron/ipc/contract.ts';
import { type ScanEntry, ScanIndex } from '#electron/scans/scan-index.ts';
import { ScanKey, ScanStore as FileStore } from '#electron/scans/scan-store.ts';
import { ScanRefusedError, ScanUploader } from '#electron/scans/scan-uploader.ts';
import { type ScanStore } from './context.ts';
import { type ModuleLogger } from './log.ts';
import { adoptOlderScans } from './scan-upgrade.ts';
import { text } from './service-text.ts';

export type ScanAdapterOptions = { dataDir: string; officeUrl: string; deviceToken: string | null; log: ModuleLogger };

const metaOf = ({ saved: _s, verified: _v, error: _e, ...meta }: ScanEntry): ScanMeta => meta;

export async function createScanAdapter(opts: ScanAdapterOptions): Promise<ScanStore & { close(): void }> {
  const key = new ScanKey();
  const files = new FileStore(join(opts.dataDir, 'scans'), key);
  const index = await ScanIndex.open(join(opts.dataDir, 'scan-index.json'));
  const pdfWorker = createWorkerRenderer();
  const listeners = new Set<(states: UploadState[]) => void>();
  const progress = new Map<string, number>();
  const running = new Set<string>();
  const abort = new AbortController();
  const uploader = opts.deviceToken
    ? new ScanUploader({ store: files, officeUrl: opts.officeUrl, deviceToken: opts.deviceToken, urls: index, retryMaxMs: 15_000 })
    : null;

  /** What waits for the office, one row per file: a file only in unsaved intakes is not waiting for anything. */
  function states(): UploadState[] {
    const rows = new Map<string, UploadState>();
    for (const e of index.all().filter((x) => x.saved)) {
      if (rows.has(e.sha256)) continue;
      const state = e.verified ? 'verified' : e.error ? 'failed' : running.has(e.sha256) ? 'uploading' : 'pending';
      const uploaded = e.verified ? e.bytes : Math.min(e.bytes, progress.get(e.sha256) ?? 0);
      rows.set(e.sha256, { sha256: e.sha256, caseId: e.caseId, bytes: e.bytes, uploaded, state, ...(e.error ? { error: e.error } : {}) });
    }
    return [...rows.values()];
  }

  const publish = () => {
    if (listeners.size === 0) return;
    const s = states();
    for (const l of listeners) l(s);
  };

  uploader?.on('progress', ({ sha256, bytesSent }) => {
    progress.set(sha256, bytesSent);
    publish();
  });

  function ensureUploading(e: ScanEntry): void {
    if (!uploader || !e.saved || e.verified || running.has(e.sha256)) return;
    running.add(e.sha256);
    publish();
    uploader
      .upload({ sha256: e.sha256, mime: e.mime, caseId: e.caseId }, abort.signal)
      .then(() => index.patchFile(e.sha256, { verified: true }))
      .catch(async (error: unknown) => {
        if (abort.signal.aborted) return;
        const message = error instanceof ScanRefusedError ? text.scanRefused(error.status, error.message) : error instanceof Error ? error.message : String(error);
        opts.log.warn({ sha256: e.sha256, err: message }, 'scan upload stopped');
        await index.patchFile(e.sha256, { error: message });
      })
      .finally(() => {
        running.delete(e.sha256);
        publish();
      });
  }

  // Resume whatever a previous run left unverified, once a login opened the key and an older version's files are sealed.
  void adoptOlderScans(opts.dataDir, index, files)
    .then(() => key.get())
    .then(() => index.all().forEach(ensureUploading), (error: unknown) => opts.log.error({ err: String(error) }, 'older scans not adopted'));

  return {
    async put({ caseId, material, name, mime, bytes }) {
      const pages = mime === 'application/pdf' ? await pdfWorker.countPages(bytes) : 1;
      const stored = await files.put(bytes);
      const known = index.get(stored.sha256, caseId);
      const entry = known ?? { sha256: stored.sha256, bytes: stored.bytes, mime, pages, name, material, caseId, saved: false, verified: false };
      if (!known) await index.put(entry);
      ensureUploading(entry);
      return metaOf(entry);
    },
    list: (caseId) => Promise.resolve(index.all().filter((e) => e.caseId === caseId).map(metaOf)),
    heldCases: () => [...new Set(index.all().filter((e) => !e.saved).map((e) => e.caseId))],
    async caseSaved(caseIds) {
      const wanted = new Set(caseIds);
      const released = index.all().filter((e) => !e.saved && wanted.has(e.caseId)).map((e) => ({ ...e, saved: true }));
      if (released.length > 0) await index.put(...released);
      released.forEach(ensureUploading);
      publish();
      return released.length;
    },
    async discardCase(caseId) {
      const mine = index.all().filter((e) => e.caseId === caseId);
      const kept = new Set(index.all().filter((e) => e.caseId !== caseId).map((e) => e.sha256));
      // The index entry goes first: a crash after it leaves at most a file nothing lists, never a listed file missing.
      await index.remove(mine);
      const gone = [...new Set(mine.map((e) => e.sha256))].filter((sha256) => !kept.has(sha256));
      for (const sha256 of gone) await files.remove(sha256);
      publish();
      return gone.length;
    },
    async removeScan(caseId, sha256) {
      const entry = index.get(sha256, caseId);
      if (!entry) return { outcome: 'not-found' };
      // Saved: the case's scan records name it, and it may be uploading or at the office already.
      if (entry.saved) return { outcome: 'saved' };
      // The entry goes first, as for a discarded case: a crash after it leaves at most a file nothing lists.
      await index.remove([entry]);
      const shared = index.all().some((e) => e.sha256 === sha256);
      if (!shared) await files.remove(sha256);
      return { outcome: 'removed', fileRemoved: !shared };
    },
    async read(sha256) {
      const entry = index.all().find((e) => e.sha256 === sha256);
      if (!entry || !(await files.has(sha256))) return null;
      return { mime: entry.mime, bytes: await files.read(sha256) };
    },
    unlock: (fileKey) => key.set(fileKey),
    uploadState: () => Promise.resolve(states()),
    retryNow: () => uploader?.retryNow(),
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      abort.abort();
      void pdfWorker.close();
    },
    setDeviceToken(token) {
      // Uploads waiting out a refusal retry with it; none was marked failed for a refused token (401 is retried).
      uploader?.setDeviceToken(token);
    },
  };
}
