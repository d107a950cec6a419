/**
 * The scanner folder as the scans service sees it: which folder (kept in
 * `<dataDir>/scanner-folder.json`), the finished files not yet attached, and the record of files
 * already attached (`<dataDir>/scanner-attached.json`, written atomically), so the same file is never
 * attached twice, not even after a restart.
 */
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { type Result, err, ok } from '#domain/result.ts';
import type { ScannerFile, ScannerOffer } from '#electron/ipc/contract.ts';
import { writeJsonAtomically } from '#files/replace-file.ts';
import { watchScannerFolder, type FolderWatch } from './folder-watch.ts';
import { text } from './folder-watch-text.ts';

const FolderFile = z.object({ path: z.string().min(1).nullable() });
const AttachedFile = z.object({ attached: z.array(z.object({ id: z.string(), name: z.string(), sha256: z.string(), caseId: z.string(), at: z.string() })) });

export type ScannerInbox = {
  offer(): ScannerOffer;
  /** Looks at the folder now instead of waiting for the next poll. */
  rescan(): Promise<void>;
  setFolder(path: string | null): Promise<Result<ScannerOffer, { code: 'rejected'; message: string }>>;
  /** Reads a finished, not yet attached file, hands its bytes to `store`, and records it as attached. */
  attach<T extends { sha256: string }>(input: { fileId: string; caseId: string; maxBytes: number }, store: (file: ScannerFile, bytes: Uint8Array) => Promise<T>): Promise<Result<T, { code: 'not-found' | 'rejected'; message: string }>>;
  close(): void;
};

/** The file's content if it is there and well-formed; otherwise null (missing, unreadable or from elsewhere: start afresh). */
const readJson = <T>(path: string, schema: z.ZodType<T>): T | null => {
  try {
    return schema.safeParse(JSON.parse(readFileSync(path, 'utf8'))).data ?? null;
  } catch {
    return null;
  }
};

export function openScannerInbox(opts: { dataDir: string; onChange(offer: ScannerOffer): void; onError?(error: unknown): void; pollMs?: number; stableMs?: number }): ScannerInbox {
  const folderPath = join(opts.dataDir, 'scanner-folder.json');
  const attachedPath = join(opts.dataDir, 'scanner-attached.json');
  const attached = readJson(attachedPath, AttachedFile)?.attached ?? [];
  const attachedIds = new Set(attached.map((a) => a.id));
  const busy = new Set<string>();
  let folder: string | null = readJson(folderPath, FolderFile)?.path ?? null;
  let watch: FolderWatch | null = null;

  const offer = (): ScannerOffer => ({ folder, files: (watch?.files() ?? []).filter((f) => !attachedIds.has(f.id) && !busy.has(f.id)) });
  const publish = () => opts.onChange(offer());

  function start(): void {
    watch?.close();
    watch = folder ? watchScannerFolder({ ...opts, dir: folder, onChange: publish }) : null;
  }
  start();

  return {
    offer,
    rescan: () => watch?.rescan() ?? Promise.resolve(),
    async setFolder(path) {
      if (path !== null) {
        if (!isAbsolute(path)) return err({ code: 'rejected', message: text.folderNotAbsolute });
        const info = await stat(path).catch(() => null);
        if (!info) return err({ code: 'rejected', message: text.folderMissing(path) });
        if (!info.isDirectory()) return err({ code: 'rejected', message: text.notAFolder(path) });
      }
      folder = path;
      await writeJsonAtomically(folderPath, { path });
      start();
      publish();
      return ok(offer());
    },
    async attach(input, store) {
      const file = watch?.files().find((f) => f.id === input.fileId);
      if (!folder || !file) return err({ code: 'not-found', message: folder ? text.fileGone : text.noFolder });
      if (attachedIds.has(file.id) || busy.has(file.id)) return err({ code: 'rejected', message: text.alreadyAttached(file.name) });
      if (file.bytes > input.maxBytes) return err({ code: 'rejected', message: text.tooLarge(file.name) });
      busy.add(file.id);
      publish();
      try {
        const path = join(folder, file.name);
        const bytes = await readFile(path).catch(() => null);
        const after = await stat(path).catch(() => null);
        if (!bytes || !after) return err({ code: 'not-found', message: text.fileGone });
        // Changed since it was offered (the scanner is writing it again): take nothing half-written.
        if (bytes.byteLength !== file.bytes || after.size !== file.bytes || after.mtimeMs !== file.mtimeMs) return err({ code: 'rejected', message: text.stillWriting(file.name) });
        const stored = await store(file, bytes);
        attached.push({ id: file.id, name: file.name, sha256: stored.sha256, caseId: input.caseId, at: new Date().toISOString() });
        attachedIds.add(file.id);
        await writeJsonAtomically(attachedPath, { attached });
        return ok(stored);
      } finally {
        busy.delete(file.id);
        publish();
      }
    },
    close() {
      watch?.close();
      watch = null;
    },
  };
}
