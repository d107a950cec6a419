import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from '#files/replace-file.ts';

export type ReportFormat = 'pdf' | 'xlsx';

const Manifest = z.object({ id: z.string(), generatedAt: z.string(), pdf: z.object({ sha256: z.string(), bytes: z.number() }), xlsx: z.object({ sha256: z.string(), bytes: z.number() }) });
export type StoredReport = z.infer<typeof Manifest>;

const ID = /^(month-\d{4}-\d{2}|year-\d{4})$/;
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/**
 * The scheduled reports on disk (`<dataDir>/reports/city/`): each period's PDF and workbook, then its manifest,
 * each written whole and fsynced (write, fsync, rename). The manifest is written last and is what says a report
 * exists: a crash before it leaves at most whole files that the next round replaces, never a report listed
 * without its files or listed twice.
 */
export class ReportStore {
  constructor(readonly dir: string) {}

  private file(id: string, ext: ReportFormat | 'json'): string {
    if (!ID.test(id)) throw new Error(`not a report id: ${id}`);
    return join(this.dir, `${id}.${ext}`);
  }

  async save(id: string, files: { pdf: Uint8Array; xlsx: Uint8Array }, generatedAt: Date): Promise<StoredReport> {
    await mkdir(this.dir, { recursive: true });
    await writeFileDurably(this.file(id, 'pdf'), files.pdf);
    await writeFileDurably(this.file(id, 'xlsx'), files.xlsx);
    const manifest: StoredReport = { id, generatedAt: generatedAt.toISOString(), pdf: { sha256: sha256(files.pdf), bytes: files.pdf.length }, xlsx: { sha256: sha256(files.xlsx), bytes: files.xlsx.length } };
    await writeFileDurably(this.file(id, 'json'), new TextEncoder().encode(JSON.stringify(manifest)));
    return manifest;
  }

  /** The reports stored: the years, then the months, each newest first. */
  async list(): Promise<StoredReport[]> {
    const names = await readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    const out: StoredReport[] = [];
    for (const name of names) {
      const id = name.replace(/\.json$/, '');
      if (name === id || !ID.test(id)) continue;
      out.push(Manifest.parse(JSON.parse(await readFile(join(this.dir, name), 'utf8'))));
    }
    return out.sort((a, b) => (a.id < b.id ? 1 : -1));
  }

  /** A stored report's file, or null when the period has none (yet). */
  async read(id: string, format: ReportFormat): Promise<Uint8Array | null> {
    if (!ID.test(id)) return null;
    try {
      await readFile(this.file(id, 'json'));
      return new Uint8Array(await readFile(this.file(id, format)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}
