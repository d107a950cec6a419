import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type PreviousUpload, type UrlStorage } from 'tus-js-client';
import { z } from 'zod';
import { writeFileDurably } from '#files/replace-file.ts';

/** `saved`: the case was saved, so the file may leave the van (an abandoned intake's never do); `verified` by the office. */
const Entry = z.object({
  ...{ sha256: z.string(), caseId: z.string(), bytes: z.number(), mime: z.string(), pages: z.number(), name: z.string(), material: z.string() },
  ...{ saved: z.boolean(), verified: z.boolean(), error: z.string().optional() },
});
export type ScanEntry = z.infer<typeof Entry>;
const IndexFile = z.object({ version: z.literal(1), entries: z.array(Entry), uploads: z.record(z.string(), z.unknown()) });

/**
 * Everything the van knows about its scan files, in one file: which case and material each belongs to,
 * whether its case is saved and the office has verified it, and tus-js-client's started uploads (fingerprint
 * → upload URL, so an upload resumes after a restart). Read once when opened and kept in memory; every change
 * replaces the file durably (replace-file.ts), changes made while a write waits going out in that write.
 */
export class ScanIndex implements UrlStorage {
  private last: Promise<void> = Promise.resolve();
  private next: Promise<void> | null = null;

  private constructor(
    readonly file: string,
    private readonly entries: Map<string, ScanEntry>,
    private readonly uploads: Record<string, PreviousUpload>,
  ) {}

  /** Opens the index at `file` (none yet is an empty one). @throws when the file is there but unreadable. */
  static async open(file: string): Promise<ScanIndex> {
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    });
    const parsed = text === null ? { version: 1 as const, entries: [], uploads: {} } : IndexFile.parse(JSON.parse(text));
    return new ScanIndex(file, new Map(parsed.entries.map((e) => [keyOf(e), e])), parsed.uploads as Record<string, PreviousUpload>);
  }

  all(): ScanEntry[] {
    return [...this.entries.values()];
  }

  get(sha256: string, caseId: string): ScanEntry | undefined {
    return this.entries.get(keyOf({ sha256, caseId }));
  }

  /** Adds or replaces entries and writes the index; resolves once it is on disk. */
  put(...entries: ScanEntry[]): Promise<void> {
    for (const e of entries) this.entries.set(keyOf(e), e);
    return this.flush();
  }

  /** Changes every entry of a file (all the cases it belongs to). */
  patchFile(sha256: string, patch: Partial<Pick<ScanEntry, 'verified' | 'error'>>): Promise<void> {
    return this.put(...this.all().filter((e) => e.sha256 === sha256).map((e) => ({ ...e, ...patch })));
  }

  remove(entries: readonly ScanEntry[]): Promise<void> {
    for (const e of entries) this.entries.delete(keyOf(e));
    return this.flush();
  }

  findAllUploads(): Promise<PreviousUpload[]> {
    return Promise.resolve(Object.values(this.uploads));
  }

  findUploadsByFingerprint(fingerprint: string): Promise<PreviousUpload[]> {
    const mine = Object.entries(this.uploads).filter(([key]) => key.startsWith(`tus::${fingerprint}::`));
    return Promise.resolve(mine.map(([key, u]) => ({ ...u, urlStorageKey: key })));
  }

  removeUpload(urlStorageKey: string): Promise<void> {
    delete this.uploads[urlStorageKey];
    return this.flush();
  }

  async addUpload(fingerprint: string, upload: PreviousUpload): Promise<string> {
    const key = `tus::${fingerprint}::${randomBytes(6).toString('hex')}`;
    this.uploads[key] = { ...upload, urlStorageKey: key };
    await this.flush();
    return key;
  }

  /** Writes the index; a write not started yet already carries this change, so it is shared. */
  private flush(): Promise<void> {
    if (this.next) return this.next;
    const write = this.last.then(async () => {
      this.next = null;
      await mkdir(dirname(this.file), { recursive: true });
      await writeFileDurably(this.file, Buffer.from(JSON.stringify({ version: 1, entries: this.all(), uploads: this.uploads })));
    });
    this.next = write;
    this.last = write.catch(() => undefined);
    return write;
  }
}

const keyOf = (e: { sha256: string; caseId: string }) => `${e.sha256} ${e.caseId}`;
