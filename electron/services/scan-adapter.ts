/**
 * Adapts the sync helper's content-addressed scan store and tus uploader (electron/scans) to the
 * scans service: keeps which case and material each file belongs to (one small JSON per scan and
 * case, written atomically), counts pages, and uploads every unverified scan in the background
 * until the office verifies it, resuming after restarts.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { z } from 'zod';
import { writeJsonAtomically } from '#files/replace-file.ts';
import { type ScanMeta, type UploadState } from '#electron/ipc/contract.ts';
import { ScanStore as FileStore } from '#electron/scans/scan-store.ts';
import { ScanRefusedError, ScanUploader } from '#electron/scans/scan-uploader.ts';
import { type ScanStore } from './context.ts';
import { type ModuleLogger } from './log.ts';

const IndexEntry = z.object({
  sha256: z.string(),
  bytes: z.number(),
  mime: z.string(),
  pages: z.number(),
  name: z.string(),
  material: z.string(),
  caseId: z.string(),
  verified: z.boolean().default(false),
  error: z.string().optional(),
});
type IndexEntry = z.infer<typeof IndexEntry>;

export async function countPages(mime: string, bytes: Uint8Array): Promise<number> {
  if (mime !== 'application/pdf') return 1;
  const pdf = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
  return pdf.getPageCount();
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100);

export type ScanAdapterOptions = { dataDir: string; officeUrl: string; deviceToken: string | null; log: ModuleLogger };

export function createScanAdapter(opts: ScanAdapterOptions): ScanStore & { close(): void } {
  const files = new FileStore(join(opts.dataDir, 'scans'));
  const indexDir = join(opts.dataDir, 'scan-index');
  const listeners = new Set<(states: UploadState[]) => void>();
  const progress = new Map<string, number>();
  const running = new Set<string>();
  const abort = new AbortController();
  const uploader = opts.deviceToken
    ? new ScanUploader({ store: files, officeUrl: opts.officeUrl, deviceToken: opts.deviceToken, stateFile: join(opts.dataDir, 'tus-uploads.json'), retryMaxMs: 15_000 })
    : null;

  const entryPath = (e: { sha256: string; caseId: string }) => join(indexDir, `${e.sha256}-${safe(e.caseId)}.json`);

  async function readIndex(): Promise<IndexEntry[]> {
    let names: string[];
    try {
      names = await readdir(indexDir);
    } catch {
      return [];
    }
    const out: IndexEntry[] = [];
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      // An entry removed since the listing (its case discarded) is simply gone.
      const text = await readFile(join(indexDir, name), 'utf8').catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      });
      const parsed = text === null ? null : IndexEntry.safeParse(JSON.parse(text));
      if (parsed?.success) out.push(parsed.data);
    }
    return out;
  }

  async function writeEntry(e: IndexEntry): Promise<void> {
    await mkdir(indexDir, { recursive: true });
    await writeJsonAtomically(entryPath(e), e);
  }

  async function states(): Promise<UploadState[]> {
    const seen = new Set<string>();
    const out: UploadState[] = [];
    for (const e of await readIndex()) {
      if (seen.has(e.sha256)) continue;
      seen.add(e.sha256);
      out.push({
        sha256: e.sha256,
        caseId: e.caseId,
        bytes: e.bytes,
        uploaded: e.verified ? e.bytes : Math.min(e.bytes, progress.get(e.sha256) ?? 0),
        state: e.verified ? 'verified' : e.error ? 'failed' : running.has(e.sha256) ? 'uploading' : 'pending',
        ...(e.error ? { error: e.error } : {}),
      });
    }
    return out;
  }

  const publish = () => {
    if (listeners.size === 0) return;
    void states().then((s) => {
      for (const l of listeners) l(s);
    });
  };

  uploader?.on('progress', ({ sha256, bytesSent }) => {
    progress.set(sha256, bytesSent);
    publish();
  });

  async function markAll(sha256: string, patch: Partial<IndexEntry>) {
    for (const e of (await readIndex()).filter((x) => x.sha256 === sha256)) await writeEntry({ ...e, ...patch });
  }

  function ensureUploading(e: IndexEntry): void {
    if (!uploader || e.verified || running.has(e.sha256)) return;
    running.add(e.sha256);
    publish();
    uploader
      .upload({ sha256: e.sha256, mime: e.mime, caseId: e.caseId }, abort.signal)
      .then(() => markAll(e.sha256, { verified: true }))
      .catch(async (error: unknown) => {
        if (abort.signal.aborted) return;
        const message = error instanceof ScanRefusedError ? `办公室拒收该文件：${error.message}` : error instanceof Error ? error.message : String(error);
        opts.log.warn({ sha256: e.sha256, err: message }, 'scan upload stopped');
        await markAll(e.sha256, { error: message });
      })
      .finally(() => {
        running.delete(e.sha256);
        publish();
      });
  }

  // Resume whatever a previous run left unverified.
  void readIndex().then((all) => all.forEach(ensureUploading));

  return {
    async put({ caseId, material, name, mime, bytes }) {
      const pages = await countPages(mime, bytes);
      const stored = await files.put(bytes);
      const entry: IndexEntry = { sha256: stored.sha256, bytes: stored.bytes, mime, pages, name, material, caseId, verified: false };
      const existing = (await readIndex()).find((x) => x.sha256 === stored.sha256 && x.caseId === caseId);
      if (!existing) await writeEntry(entry);
      ensureUploading(existing ?? entry);
      publish();
      const meta: ScanMeta = { sha256: entry.sha256, bytes: entry.bytes, mime, pages, name, material, caseId };
      return meta;
    },
    async list(caseId) {
      return (await readIndex()).filter((e) => e.caseId === caseId).map(({ verified: _v, error: _e, ...meta }) => meta);
    },
    async discardCase(caseId) {
      const all = await readIndex();
      const mine = all.filter((e) => e.caseId === caseId);
      const kept = new Set(all.filter((e) => e.caseId !== caseId).map((e) => e.sha256));
      let removed = 0;
      // The index entry goes first: a crash after it leaves at most a file nothing lists, never a listed file missing.
      for (const e of mine) await rm(entryPath(e), { force: true });
      for (const sha256 of new Set(mine.map((e) => e.sha256))) {
        if (kept.has(sha256)) continue;
        await files.remove(sha256);
        removed += 1;
      }
      publish();
      return removed;
    },
    async read(sha256) {
      const entry = (await readIndex()).find((e) => e.sha256 === sha256);
      if (!entry || !(await files.has(sha256))) return null;
      return { mime: entry.mime, bytes: await files.read(sha256) };
    },
    uploadState: states,
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      abort.abort();
    },
    setDeviceToken(token) {
      // Uploads waiting out a refusal retry with it; none was marked failed for a refused token (401 is retried).
      uploader?.setDeviceToken(token);
    },
  };
}
