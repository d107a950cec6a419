import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Reads a PDF back the way a person's PDF viewer would: pdftotext (poppler). */
export function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
  try {
    writeFileSync(join(dir, 'd.pdf'), bytes);
    return execFileSync('pdftotext', ['-layout', join(dir, 'd.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The images drawn in a PDF (pdfimages -list), as a reader of its structure counts them. */
export function pdfImageCount(bytes: Uint8Array): number {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
  try {
    writeFileSync(join(dir, 'd.pdf'), bytes);
    // Two header lines, then one line per image and one per image's transparency mask (type smask), not counted.
    const rows = execFileSync('pdfimages', ['-list', join(dir, 'd.pdf')], { encoding: 'utf8' }).trim().split('\n').slice(2);
    return rows.filter((r) => r.trim().split(/\s+/)[2] === 'image').length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Renders page 1 to a greyscale PGM and returns the share of pixels that are not white. */
export function inkShare(bytes: Uint8Array, keepPngAt?: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
  try {
    writeFileSync(join(dir, 'd.pdf'), bytes);
    execFileSync('pdftoppm', ['-r', '50', '-gray', '-f', '1', '-l', '1', join(dir, 'd.pdf'), join(dir, 'p')]);
    if (keepPngAt) execFileSync('pdftoppm', ['-r', '80', '-png', '-f', '1', '-l', '1', '-singlefile', join(dir, 'd.pdf'), keepPngAt]);
    const pgm = readFileSync(join(dir, 'p-1.pgm'));
    // P5 header: magic, width, height, maxval, each followed by whitespace.
    const header = pgm.subarray(0, 64).toString('latin1').split(/\s+/);
    const width = Number(header[1]);
    const height = Number(header[2]);
    const pixels = pgm.subarray(pgm.length - width * height);
    let dark = 0;
    for (const p of pixels) if (p < 200) dark++;
    return dark / pixels.length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Renders every page at print resolution and decodes the QR codes found, as a phone scanning the paper would. */
export async function pdfQrCodes(bytes: Uint8Array): Promise<string[]> {
  const { default: jsQR } = await import('jsqr');
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
  try {
    writeFileSync(join(dir, 'd.pdf'), bytes);
    execFileSync('pdftoppm', ['-r', '150', '-gray', join(dir, 'd.pdf'), join(dir, 'p')]);
    const found: string[] = [];
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.pgm')).sort()) {
      const pgm = readFileSync(join(dir, f));
      const header = pgm.subarray(0, 64).toString('latin1').split(/\s+/);
      const width = Number(header[1]);
      const height = Number(header[2]);
      const grey = pgm.subarray(pgm.length - width * height);
      const rgba = new Uint8ClampedArray(width * height * 4);
      grey.forEach((v, i) => rgba.set([v, v, v, 255], i * 4));
      const code = jsQR(rgba, width, height);
      if (code) found.push(code.data);
    }
    return found;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
