import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
