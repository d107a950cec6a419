import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { type Clock } from '#domain/clock.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { type OfficeContext } from '#server/context.ts';
import { documentReads } from '#office/replication/document-store.ts';
import { ScanDoc } from '#protocol/documents/van.ts';
import { type PageImages, type PageSize, type RenderError, pdfPageCount, pdfPageSizesIn, photoAsPdf, sniff, tiffAsPdf } from './page-images.ts';
import { writeFileDurably } from '#files/replace-file.ts';
import { type PageStore, type StoredPage } from './page-store.ts';
import { type RegisterStore } from './register-store.ts';

/** A photo larger than this is refused: a phone's full-resolution JPEG is well under it. */
export const MAX_PHOTO_BYTES = 25 * 1024 * 1024;

export type ViewerGroup = 'photo' | 'case' | 'legacy';

/** One file in the viewer: its pages are page images rendered on demand. */
export type ViewerFile = {
  group: ViewerGroup;
  title: string;
  caseId: string | null;
  caseNumber: string | null;
  sha256: string;
  pages: number;
  addedAt: string;
};

/** A case material whose scan has not arrived or did not verify: listed, with nothing to show. */
export type MissingScan = { caseId: string; caseNumber: string; material: string };

export type UnitArchive = { unitNumber: string; files: ViewerFile[]; missing: MissingScan[] };

export type PhotoRefusal = 'unit-unknown' | 'label-missing' | 'too-large' | 'not-a-photo';
export type HistoricRefusal = 'unit-unknown' | 'label-missing' | 'too-large' | 'not-a-scan';

/** A scanned historic file larger than this is refused: 300 pages at 300 dpi in black and white is far below it. */
export const MAX_HISTORIC_BYTES = 200 * 1024 * 1024;

/** How far a historic file's import is: pages of the file read so far, of its total (0 until the file is counted). */
export type HistoricProgress = (pages: number, total: number) => void;

/**
 * The most pages read by one `pdfinfo` run. Steps grow from one page to this, so the first page counts at once and a
 * 300-page file takes a dozen runs, not 300.
 */
const MAX_SPLIT_STEP = 50;

/**
 * The archive viewer's use cases: what a unit's archive holds (the scanned materials of every case accepted on it,
 * the pages of imported historic files, the photos of the house as it stands), adding a photo, and rendering any
 * of their pages. Only files the office holds and verified are shown.
 */
export class ViewerService {
  constructor(
    private readonly ctx: OfficeContext,
    private readonly register: RegisterStore,
    private readonly pages: PageStore,
    private readonly images: PageImages,
    private readonly clock: Clock,
    private readonly filesDir: string,
  ) {}

  async archiveOf(unitNumber: string): Promise<UnitArchive | undefined> {
    if ((await this.register.existing([unitNumber])).size === 0) return undefined;
    const asFile = (group: ViewerGroup) => (p: StoredPage): ViewerFile => ({ group, title: p.label, caseId: null, caseNumber: null, sha256: p.sha256, pages: 1, addedAt: p.addedAt });
    const photos = (await this.pages.pagesOfUnit(unitNumber, 'unit-photo')).map(asFile('photo'));
    // A historic file is recorded page by page under one owner: one file in the viewer, with all its pages.
    const legacyPages = await this.pages.pagesOfUnit(unitNumber, 'legacy');
    const legacy = [...new Set(legacyPages.map((p) => p.ownerId))].flatMap((owner) => {
      const mine = legacyPages.filter((p) => p.ownerId === owner);
      return mine[0] ? [{ ...asFile('legacy')(mine[0]), pages: mine.length }] : [];
    });
    const cases = await this.register.casesOf(unitNumber);
    const numbers = new Map(cases.map((c) => [c.caseId, c.caseNumber]));
    // Only the unit's cases' scans, on the documents' index by case: never the whole scans collection.
    const stored = await documentReads(this.ctx.storage.db).ofCases('scans', [...numbers.keys()]);
    const scans = stored.flatMap((d) => {
      const p = ScanDoc.safeParse(d.body);
      return p.success ? [p.data] : [];
    }).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const files: ViewerFile[] = [];
    const missing: MissingScan[] = [];
    for (const caseId of numbers.keys()) {
      const caseNumber = numbers.get(caseId) ?? caseId;
      for (const s of scans.filter((x) => x.caseId === caseId)) {
        if (await this.ctx.storage.scanBlob(s.sha256)) files.push({ group: 'case', title: s.material.name, caseId, caseNumber, sha256: s.sha256, pages: s.pages, addedAt: s.createdAt });
        else missing.push({ caseId, caseNumber, material: s.material.name });
      }
    }
    return { unitNumber, files: [...photos, ...files, ...legacy], missing };
  }

  /** Records a photo of the house (现状影像) on the unit; the same photo twice on one unit is kept once. */
  async addPhoto(staffId: string, unitNumber: string, label: string, bytes: Uint8Array): Promise<Result<StoredPage, PhotoRefusal>> {
    if ((await this.register.existing([unitNumber])).size === 0) return err('unit-unknown');
    const name = label.trim();
    if (name === '' || name.length > 60) return err('label-missing');
    if (bytes.length > MAX_PHOTO_BYTES) return err('too-large');
    const kind = sniff(bytes.subarray(0, 8));
    if (kind !== 'jpeg' && kind !== 'png') return err('not-a-photo');
    let size: { width: number; height: number };
    try {
      size = await photoAsPdf(bytes, kind);
    } catch {
      return err('not-a-photo');
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.filePath(sha256);
    if (!existsSync(path)) {
      await mkdir(path.slice(0, path.lastIndexOf('/')), { recursive: true });
      await writeFileDurably(path, bytes);
    }
    // Recorded only once the file is durable: a crash before leaves an unrecorded file, never a record without one.
    const page = await this.pages.add({
      id: `photo:${unitNumber}:${sha256}`, ownerKind: 'unit-photo', ownerId: unitNumber, unitNumber, label: name, sha256,
      width: size.width, height: size.height, addedBy: staffId, addedAt: this.clock.now().toISOString(),
    });
    return ok(page);
  }

  /**
   * Imports a scanned historic file of the unit (PDF, or multi-page TIFF as the old ledger's scanners wrote them):
   * checked readable page by page first, then kept by content hash and recorded with all its pages in one
   * transaction, so a file is imported whole or not at all.
   */
  async importHistoric(staffId: string, unitNumber: string, label: string, bytes: Uint8Array, progress?: HistoricProgress): Promise<Result<{ pages: number }, HistoricRefusal>> {
    if ((await this.register.existing([unitNumber])).size === 0) return err('unit-unknown');
    const name = label.trim();
    if (name === '' || name.length > 60) return err('label-missing');
    if (bytes.length > MAX_HISTORIC_BYTES) return err('too-large');
    const kind = sniff(bytes.subarray(0, 8));
    if (kind !== 'pdf' && kind !== 'tiff') return err('not-a-scan');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.filePath(sha256);
    await mkdir(this.filesDir, { recursive: true });
    // Checked under a name of its own, so a refused file leaves nothing in the store.
    const checking = `${this.filesDir}/.check-${process.pid}-${sha256}`;
    const asPdf = kind === 'pdf' ? checking : `${checking}.pdf`;
    try {
      await writeFile(checking, bytes);
      const sizes = kind === 'pdf' || (await tiffAsPdf(checking, asPdf)) ? await this.splitPages(asPdf, progress) : undefined;
      if (!sizes) return err('not-a-scan');
      if (!existsSync(path)) {
        await mkdir(path.slice(0, path.lastIndexOf('/')), { recursive: true });
        await writeFileDurably(path, bytes);
      }
      const ownerId = `${unitNumber}:${sha256}`;
      const addedAt = this.clock.now().toISOString();
      await this.pages.addFile(sizes.map((size, i) => ({
        id: `legacy:${ownerId}:${i + 1}`, ownerKind: 'legacy', ownerId, unitNumber, position: i + 1, label: name, sha256, ...size, addedBy: staffId, addedAt,
      })));
      return ok({ pages: sizes.length });
    } finally {
      await rm(checking, { force: true });
      await rm(asPdf, { force: true });
    }
  }

  /**
   * Reads every page of a file (its size), saying how far it is after each step; undefined when one cannot be read.
   * With someone following, in growing steps; with no one, in one `pdfinfo` run.
   */
  private async splitPages(path: string, progress?: HistoricProgress): Promise<{ width: number; height: number }[] | undefined> {
    const total = await pdfPageCount(path);
    if (total === undefined) return undefined;
    progress?.(0, total);
    const sizes: { width: number; height: number }[] = [];
    for (let step = progress ? 1 : total; sizes.length < total; step = Math.min(MAX_SPLIT_STEP, step * 2)) {
      const first = sizes.length + 1;
      const read = await this.pageSizesIn(path, first, Math.min(total, first + step - 1));
      if (!read) return undefined;
      sizes.push(...read);
      progress?.(sizes.length, total);
    }
    return sizes;
  }

  /** One step of `splitPages` (a method of its own so a test can hold an import between steps). */
  private pageSizesIn(path: string, first: number, last: number): Promise<{ width: number; height: number }[] | undefined> {
    return pdfPageSizesIn(path, first, last);
  }

  /** The JPEG of one page of a file the archive holds, as a path on disk. */
  async pageImage(sha256: string, page: number, size: PageSize): Promise<Result<string, RenderError | 'not-found'>> {
    const path = (await this.pages.holdsFile(sha256)) ? this.filePath(sha256) : (await this.ctx.storage.scanBlob(sha256))?.path;
    if (path === undefined || !existsSync(path)) return err('not-found');
    return this.images.render({ path, sha256 }, page, size);
  }

  private filePath(sha256: string): string {
    return `${this.filesDir}/${sha256.slice(0, 2)}/${sha256}`;
  }
}
