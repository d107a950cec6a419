/**
 * Watches a scanner's output folder and offers the files that are finished. A scanner (or its
 * driver software) writes a file over seconds, often under its final name, so a file is offered
 * only when its size and modification time have stayed the same for `stableMs` across at least two
 * looks; temporary names (`.part`, `.tmp`, `~…`, `.…`) are never offered, so a write-then-rename
 * is picked up at the rename. The folder is polled every `pollMs`: `fs.watch` misses events on network
 * shares and some USB file systems, and a file waits `stableMs` anyway, so a watch event would gain under a poll.
 */
import { readdir, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { extname, join } from 'node:path';
import { coalesced } from '#domain/one-at-a-time.ts';
import type { ScannerFile } from '#electron/ipc/contract.ts';

/** The scans import's types by file extension; anything else is not offered. */
const MIME_BY_EXTENSION: Partial<Record<string, ScannerFile['mime']>> = {
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
};

const isTemporaryName = (name: string) => name.startsWith('.') || name.startsWith('~') || /\.(part|tmp|crdownload|partial)$/i.test(name);

/** A finished file's id (ScannerFile): it changes when the file is rewritten. */
const scannerFileId = (f: { name: string; bytes: number; mtimeMs: number }): string =>
  createHash('sha256').update(`${f.name}\0${f.bytes}\0${f.mtimeMs}`).digest('hex').slice(0, 32);

export type FolderWatchOptions = {
  dir: string;
  /** How often the folder is looked at without a watch event (default 1 s). */
  pollMs?: number;
  /** How long size and time must stay unchanged before a file counts as finished (default 1.5 s). */
  stableMs?: number;
  now?: () => number;
  /** Called with the finished files whenever that list changes. */
  onChange(files: ScannerFile[]): void;
  onError?(error: unknown): void;
};

export type FolderWatch = {
  /** The finished files as of the last look, oldest first. */
  files(): ScannerFile[];
  /** Looks at the folder now (also what the timer does); resolves after the look. */
  rescan(): Promise<void>;
  close(): void;
};

type Observation = { bytes: number; mtimeMs: number; since: number };

export function watchScannerFolder(opts: FolderWatchOptions): FolderWatch {
  const pollMs = opts.pollMs ?? 1000;
  const stableMs = opts.stableMs ?? 1500;
  const now = opts.now ?? (() => Date.now());
  const seen = new Map<string, Observation>();
  let ready: ScannerFile[] = [];
  let closed = false;

  async function look(): Promise<void> {
    const entries = await readdir(opts.dir, { withFileTypes: true }).catch((error: unknown) => {
      opts.onError?.(error);
      return [];
    });
    const at = now();
    const next: ScannerFile[] = [];
    const present = new Set<string>();
    for (const name of entries.filter((d) => d.isFile()).map((d) => d.name)) {
      const mime = MIME_BY_EXTENSION[extname(name).toLowerCase()];
      if (!mime || isTemporaryName(name)) continue;
      const info = await stat(join(opts.dir, name)).catch(() => null);
      if (!info) continue; // renamed or removed between the listing and now
      present.add(name);
      const before = seen.get(name);
      if (!before || before.bytes !== info.size || before.mtimeMs !== info.mtimeMs) {
        seen.set(name, { bytes: info.size, mtimeMs: info.mtimeMs, since: at });
        continue;
      }
      if (info.size > 0 && at - before.since >= stableMs) next.push({ id: scannerFileId({ name, bytes: info.size, mtimeMs: info.mtimeMs }), name, bytes: info.size, mtimeMs: info.mtimeMs, mime });
    }
    for (const name of [...seen.keys()]) if (!present.has(name)) seen.delete(name);
    next.sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name));
    const changed = next.length !== ready.length || next.some((f, i) => f.id !== ready[i]?.id);
    ready = next;
    if (changed && !closed) opts.onChange(ready);
  }

  /** A look asked for while one runs is made once after it, for everyone who asked (a slow share never piles up looks). */
  const rescan = coalesced(look);

  const timer = setInterval(() => void rescan(), pollMs);
  timer.unref();
  void rescan();

  return {
    files: () => ready,
    rescan,
    close() {
      closed = true;
      clearInterval(timer);
    },
  };
}
