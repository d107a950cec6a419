import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { type Result, err, ok } from '#domain/result.ts';
import { writeFileDurably } from '#files/replace-file.ts';

const run = promisify(execFile);

/** The two sizes the viewer asks for: a thumbnail for the strip, and the page to read. */
export type PageSize = 'thumb' | 'full';
/** Longest side in pixels: 240 keeps a strip of hundreds of pages light; 1600 reads an A4 scan at about 190 dpi. */
const LONGEST_SIDE: Record<PageSize, number> = { thumb: 240, full: 1600 };
/** Page renders run at most two at a time: the office machine serves the counter while it renders. */
const MAX_RENDERS = 2;

export type FileKind = 'pdf' | 'jpeg' | 'png' | 'tiff' | 'other';
export type RenderError = 'unsupported' | 'no-page' | 'unreadable';

/** What a file is, from its first bytes (the PDF header of ISO 32000-1 §7.5.2, the JPEG SOI marker, the PNG signature). */
export function sniff(head: Uint8Array): FileKind {
  const starts = (sig: number[]) => sig.every((b, i) => head[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  // TIFF 6.0 §2: byte order "II" or "MM", then 42.
  if (starts([0x49, 0x49, 0x2a, 0x00]) || starts([0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  return 'other';
}

/** A photo as a one-page PDF of its own size, so one renderer makes every page image and thumbnail. */
export async function photoAsPdf(bytes: Uint8Array, kind: 'jpeg' | 'png'): Promise<{ pdf: Uint8Array; width: number; height: number }> {
  const doc = await PDFDocument.create();
  // pdf-lib reads a JPEG through `new DataView(bytes.buffer)`, from the buffer's start, not the view's: an upload
  // under 4 KiB is a slice of Node's shared Buffer pool and was refused as no JPEG. The photo gets a buffer of its own.
  const own = new Uint8Array(bytes);
  const image = kind === 'jpeg' ? await doc.embedJpg(own) : await doc.embedPng(own);
  doc.addPage([image.width, image.height]).drawImage(image, { x: 0, y: 0, width: image.width, height: image.height });
  return { pdf: await doc.save(), width: image.width, height: image.height };
}

/** How many pages a PDF has (poppler's `pdfinfo`); undefined when it cannot be read. */
export async function pdfPageCount(path: string): Promise<number | undefined> {
  try {
    const count = /^Pages:\s+(\d+)$/m.exec((await run('pdfinfo', [path])).stdout);
    const pages = Number(count?.[1] ?? 0);
    return pages >= 1 ? pages : undefined;
  } catch {
    return undefined;
  }
}

/** The sizes (pt) of pages `first`..`last` of a PDF, each read by `pdfinfo`; undefined when any cannot be read. */
export async function pdfPageSizesIn(path: string, first: number, last: number): Promise<{ width: number; height: number }[] | undefined> {
  try {
    const { stdout } = await run('pdfinfo', ['-f', String(first), '-l', String(last), path], { maxBuffer: 16 * 1024 * 1024 });
    const sizes = [...stdout.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({ width: Math.round(Number(m[1])), height: Math.round(Number(m[2])) }));
    return sizes.length === last - first + 1 ? sizes : undefined;
  } catch {
    return undefined;
  }
}

/** A (multi-page) TIFF as a PDF, one page per image, by libtiff's `tiff2pdf`; false when it cannot read it. */
export async function tiffAsPdf(tiffPath: string, pdfPath: string): Promise<boolean> {
  try {
    await run('tiff2pdf', ['-o', pdfPath, tiffPath]);
    return true;
  } catch {
    await rm(pdfPath, { force: true });
    return false;
  }
}

/**
 * Page images of the archive's files (scanned PDFs and TIFFs, photos), rendered by poppler's `pdftoppm` as JPEG and kept
 * under `dir` by content hash, page and size: a page is rendered once, whoever asks. Renders of the same image
 * asked at once share one run. Written to a temporary name and renamed, so a half-written image is never served.
 */
/** The job already running under `key`, or `start`'s, shared by every caller until it settles. */
function shared<T>(running: Map<string, Promise<T>>, key: string, start: () => Promise<T>): Promise<T> {
  const pending = running.get(key);
  if (pending) return pending;
  const job = start().finally(() => running.delete(key));
  running.set(key, job);
  return job;
}

export class PageImages {
  private readonly inFlight = new Map<string, Promise<Result<string, RenderError>>>();
  /** A TIFF or photo being wrapped as a PDF, by its hash: two pages of one file rendered at once wrap it once. */
  private readonly wrapping = new Map<string, Promise<Result<string, RenderError>>>();
  /** Renders waiting for a turn: a page someone is reading goes before thumbnails of a strip (a 300-page file asks for dozens at once). */
  private readonly waiting: Record<PageSize, (() => void)[]> = { full: [], thumb: [] };
  private readonly active: Record<PageSize, number> = { full: 0, thumb: 0 };

  constructor(private readonly dir: string) {}

  render(source: { path: string; sha256: string }, page: number, size: PageSize): Promise<Result<string, RenderError>> {
    const out = `${this.dir}/${source.sha256}-${page}-${size}.jpg`;
    if (existsSync(out)) return Promise.resolve(ok(out));
    return shared(this.inFlight, out, () => this.inTurn(size, () => this.make(source, page, size, out)));
  }

  private async make(source: { path: string; sha256: string }, page: number, size: PageSize, out: string): Promise<Result<string, RenderError>> {
    await mkdir(this.dir, { recursive: true });
    const pdf = await this.pdfOf(source);
    if (!pdf.ok) return pdf;
    const prefix = `${out}.${process.pid}`;
    try {
      await run('pdftoppm', ['-f', String(page), '-l', String(page), '-singlefile', '-jpeg', '-jpegopt', 'quality=82', '-scale-to', String(LONGEST_SIDE[size]), pdf.value, prefix]);
    } catch (e) {
      await rm(`${prefix}.jpg`, { force: true });
      // pdftoppm exits 99 when asked for a page the file does not have ("Wrong page range given").
      return err((e as { code?: number }).code === 99 ? 'no-page' : 'unreadable');
    }
    await rename(`${prefix}.jpg`, out);
    return ok(out);
  }

  private async pdfOf(source: { path: string; sha256: string }): Promise<Result<string, RenderError>> {
    const head = new Uint8Array(8);
    const f = await open(source.path, 'r');
    try {
      await f.read(head, 0, 8, 0);
    } finally {
      await f.close();
    }
    const kind = sniff(head);
    if (kind === 'pdf') return ok(source.path);
    if (kind === 'other') return err('unsupported');
    const wrapped = `${this.dir}/${source.sha256}.pdf`;
    if (existsSync(wrapped)) return ok(wrapped);
    return shared(this.wrapping, source.sha256, () => this.wrap(source.path, kind, wrapped));
  }

  private async wrap(path: string, kind: 'jpeg' | 'png' | 'tiff', wrapped: string): Promise<Result<string, RenderError>> {
    if (kind === 'tiff') {
      const tmp = `${wrapped}.${process.pid}.tmp`;
      if (!(await tiffAsPdf(path, tmp))) return err('unreadable');
      await rename(tmp, wrapped);
      return ok(wrapped);
    }
    try {
      await writeFileDurably(wrapped, (await photoAsPdf(await readFile(path), kind)).pdf);
    } catch {
      return err('unreadable');
    }
    return ok(wrapped);
  }

  /** Thumbnails take at most one of the render slots, so a page someone opens never waits for a thumbnail's slot. */
  private mayStart(size: PageSize): boolean {
    return this.active.full + this.active.thumb < MAX_RENDERS && (size === 'full' || this.active.thumb < MAX_RENDERS - 1);
  }

  private async inTurn<T>(size: PageSize, fn: () => Promise<T>): Promise<T> {
    if (this.mayStart(size) && this.waiting.full.length === 0) this.active[size]++;
    // Whoever wakes it has counted it already, so two renders ending at once never hand out one slot twice.
    else await new Promise<void>((resolve) => this.waiting[size].push(resolve));
    try {
      return await fn();
    } finally {
      this.active[size]--;
      for (const next of ['full', 'thumb'] as const) {
        while (this.waiting[next].length > 0 && this.mayStart(next)) {
          this.active[next]++;
          this.waiting[next].shift()?.();
        }
      }
    }
  }
}
