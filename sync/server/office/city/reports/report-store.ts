import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from '#files/replace-file.ts';

export type ReportFormat = 'pdf' | 'xlsx';

/** What a report was drawn from: the digest of its own figures, and how far the city had read each source. */
const Basis = z.object({
  /** sha256 of the period's rows (office × month × kind × use, every measure), as they stood when drawn. */
  figures: z.string(),
  /** The highest statistics fact the city held (its own numbering), and each source's checkpoint (a county's pull position). */
  factSeq: z.number().int().nonnegative(),
  positions: z.record(z.string(), z.number()),
});
export type ReportBasis = z.infer<typeof Basis>;

const Measures = z.record(z.string(), z.number());
/** The report's figures as printed (the city's total and each office's line), which its message to the province carries. */
const Figures = z.object({ total: Measures, offices: z.array(z.object({ office: z.string(), measures: Measures })) });
export type ReportFigures = z.infer<typeof Figures>;

const Manifest = z.object({
  id: z.string(),
  // Reports stored before revisions were kept are each their period's first.
  revision: z.number().int().positive().default(1),
  generatedAt: z.string(),
  pdf: z.object({ sha256: z.string(), bytes: z.number() }),
  xlsx: z.object({ sha256: z.string(), bytes: z.number() }),
  // Absent from reports stored before their basis was kept: such a report cannot be shown current and is redrawn once.
  basis: Basis.optional(),
  figures: Figures.optional(),
});
export type StoredReport = z.infer<typeof Manifest>;

const ID = /^(month-\d{4}-\d{2}|year-\d{4})$/;
const MANIFEST_NAME = /^(month-\d{4}-\d{2}|year-\d{4})(?:\.r(\d+))?\.json$/;
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** A revision's name: the first keeps the period's own (`month-2026-11`), later ones add it (`month-2026-11.r2`). */
export const revisionName = (id: string, revision: number): string => (revision === 1 ? id : `${id}.r${String(revision)}`);

/**
 * The scheduled reports on disk (`<dataDir>/reports/city/`): each revision of a period's report as its PDF and
 * workbook, then its manifest, each written whole and fsynced (write, fsync, rename). The manifest is written
 * last and is what says a revision exists: a crash before it leaves at most whole files that the next round
 * replaces, never a report listed without its files or listed twice. A revision is superseded when a later one
 * of its period exists, so marking the earlier one never needs a second file written in step.
 */
export class ReportStore {
  constructor(readonly dir: string) {}

  private file(id: string, revision: number, ext: ReportFormat | 'json'): string {
    if (!ID.test(id)) throw new Error(`not a report id: ${id}`);
    return join(this.dir, `${revisionName(id, revision)}.${ext}`);
  }

  async save(id: string, files: { pdf: Uint8Array; xlsx: Uint8Array }, generatedAt: Date, opts: { revision?: number; basis?: ReportBasis; figures?: ReportFigures } = {}): Promise<StoredReport> {
    const revision = opts.revision ?? 1;
    await mkdir(this.dir, { recursive: true });
    await writeFileDurably(this.file(id, revision, 'pdf'), files.pdf);
    await writeFileDurably(this.file(id, revision, 'xlsx'), files.xlsx);
    const manifest: StoredReport = {
      id, revision, generatedAt: generatedAt.toISOString(),
      pdf: { sha256: sha256(files.pdf), bytes: files.pdf.length }, xlsx: { sha256: sha256(files.xlsx), bytes: files.xlsx.length },
      ...(opts.basis ? { basis: opts.basis } : {}),
      ...(opts.figures ? { figures: opts.figures } : {}),
    };
    await writeFileDurably(this.file(id, revision, 'json'), new TextEncoder().encode(JSON.stringify(manifest)));
    return manifest;
  }

  /** Every revision stored, of every period. */
  private async all(): Promise<StoredReport[]> {
    const names = await readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    const out: StoredReport[] = [];
    for (const name of names) {
      if (!MANIFEST_NAME.test(name)) continue;
      out.push(Manifest.parse(JSON.parse(await readFile(join(this.dir, name), 'utf8'))));
    }
    return out;
  }

  /** Each period's current (latest) revision: the years, then the months, each newest first. */
  async list(): Promise<StoredReport[]> {
    const latest = new Map<string, StoredReport>();
    for (const r of await this.all()) if ((latest.get(r.id)?.revision ?? 0) < r.revision) latest.set(r.id, r);
    return [...latest.values()].sort((a, b) => (a.id < b.id ? 1 : -1));
  }

  /** Every revision of one period's report, the first first; all but the last are superseded. */
  async revisions(id: string): Promise<StoredReport[]> {
    return (await this.all()).filter((r) => r.id === id).sort((a, b) => a.revision - b.revision);
  }

  /** A stored report's file (its latest revision unless one is named), or null when there is none (yet). */
  async read(id: string, format: ReportFormat, revision?: number): Promise<Uint8Array | null> {
    if (!ID.test(id)) return null;
    const n = revision ?? (await this.revisions(id)).at(-1)?.revision;
    if (n === undefined) return null;
    try {
      await readFile(this.file(id, n, 'json'));
      return new Uint8Array(await readFile(this.file(id, n, format)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}
