import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from '#files/replace-file.ts';
import { coalesced } from '#domain/one-at-a-time.ts';

/** `saved`: the case was saved, so the file may leave the van (an abandoned intake's never do); `verified` by the office. */
const Entry = z.object({
  ...{ sha256: z.string(), caseId: z.string(), bytes: z.number(), mime: z.string(), pages: z.number(), name: z.string(), material: z.string() },
  ...{ saved: z.boolean(), verified: z.boolean(), error: z.string().optional() },
});
export type ScanEntry = z.infer<typeof Entry>;
const IndexFile = z.object({ version: z.literal(1), entries: z.array(Entry), uploads: z.record(z.string(), z.unknown()) });

/**
 * Everything the van knows about its scan files, in one file: which case and material each belongs to,
 * whether its case is saved and the office has verified it, and the large uploads started (each one's URL at
 * the office, so it resumes after a restart). Read once when opened and kept in memory; every change replaces
 * the file durably (replace-file.ts), changes made while a write waits going out in that write.
 */
export class ScanIndex {
  private constructor(
    readonly file: string,
    private readonly entries: Map<string, ScanEntry>,
    private readonly uploads: Record<string, string>,
  ) {}

  /** Opens the index at `file` (none yet is an empty one). @throws when the file is there but unreadable. */
  static async open(file: string): Promise<ScanIndex> {
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    });
    const parsed = text === null ? { version: 1 as const, entries: [], uploads: {} } : IndexFile.parse(JSON.parse(text));
    // Uploads as tus-js-client kept them (before 2026-12): `tus::scan-<key>::<random>` → { uploadUrl }.
    const uploads = Object.entries(parsed.uploads).map(([k, v]) => [/^tus::scan-(.+)::\w+$/.exec(k)?.[1] ?? k, (v as { uploadUrl?: unknown }).uploadUrl ?? v]);
    return new ScanIndex(file, new Map(parsed.entries.map((e) => [keyOf(e), e])), Object.fromEntries(uploads.filter((u): u is [string, string] => typeof u[1] === 'string')));
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

  /** The office's URL of a large upload started (`key`: the file's hash and the office), if one is. */
  uploadUrl(key: string): string | undefined {
    return this.uploads[key];
  }

  /** Remembers a started upload's URL, or forgets it (`null`); resolves once that is on disk. */
  setUploadUrl(key: string, url: string | null): Promise<void> {
    if (url === null) delete this.uploads[key];
    else this.uploads[key] = url;
    return this.flush();
  }

  /** Writes the index; a write not started yet already carries this change, so it is shared. */
  private readonly flush = coalesced(async () => {
    await mkdir(dirname(this.file), { recursive: true });
    await writeFileDurably(this.file, Buffer.from(JSON.stringify({ version: 1, entries: this.all(), uploads: this.uploads })));
  });
}

const keyOf = (e: { sha256: string; caseId: string }) => `${e.sha256} ${e.caseId}`;
