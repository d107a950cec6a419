import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { PDFDocument, rgb } from 'pdf-lib';
import { type Office, pushAs, uploadScan } from '../office/harness.ts';
import { type Van } from '../office/scenario.ts';

/** A real PDF of `pages` A4 pages, each with a different number of bars, so two pages never render alike. */
export async function scannedPdf(pages: number): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  for (let i = 1; i <= pages; i++) {
    const p = doc.addPage([595, 842]);
    for (let bar = 0; bar < i; bar++) p.drawRectangle({ x: 60 + bar * 40, y: 600, width: 25, height: 150, color: rgb(0.1, 0.1, 0.1) });
  }
  return new Uint8Array(await doc.save());
}

/** A real photo (JPEG or PNG) of `width`×`height` pixels, made by poppler from a one-page PDF of that size. */
export async function photo(kind: 'jpeg' | 'png', width: number, height: number, shade = 0.4): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([width, height]).drawRectangle({ x: width / 4, y: height / 4, width: width / 2, height: height / 2, color: rgb(shade, 0.5, 0.3) });
  const dir = mkdtempSync(`${tmpdir()}/photo-`);
  try {
    writeFileSync(`${dir}/in.pdf`, await doc.save());
    execFileSync('pdftoppm', ['-singlefile', `-${kind}`, '-r', '72', `${dir}/in.pdf`, `${dir}/out`]);
    return readFileSync(`${dir}/out.${kind === 'jpeg' ? 'jpg' : 'png'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A multi-page TIFF as a scanner writes it: each page rendered by poppler as TIFF, joined by libtiff's `tiffcp`. */
export async function scannedTiff(pages: number): Promise<Buffer> {
  const dir = mkdtempSync(`${tmpdir()}/tiff-`);
  try {
    writeFileSync(`${dir}/in.pdf`, await scannedPdf(pages));
    const names = [];
    for (let i = 1; i <= pages; i++) {
      execFileSync('pdftoppm', ['-f', String(i), '-l', String(i), '-singlefile', '-tiff', '-r', '50', `${dir}/in.pdf`, `${dir}/p${i}`]);
      names.push(`${dir}/p${i}.tif`);
    }
    execFileSync('tiffcp', [...names, `${dir}/out.tif`]);
    return readFileSync(`${dir}/out.tif`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Width and height from a JPEG's start-of-frame segment (ITU-T T.81 §B.2.2). */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } {
  let i = 2;
  while (i < bytes.length) {
    const marker = bytes[i + 1] ?? 0;
    const length = ((bytes[i + 2] ?? 0) << 8) + (bytes[i + 3] ?? 0);
    if (marker >= 0xc0 && marker <= 0xc2) return { height: ((bytes[i + 5] ?? 0) << 8) + (bytes[i + 6] ?? 0), width: ((bytes[i + 7] ?? 0) << 8) + (bytes[i + 8] ?? 0) };
    i += 2 + length;
  }
  throw new Error('no JPEG frame header');
}

/** Sends one more scanned material of a van's case (its document, then the file by tus), as the van does. */
export async function addScan(office: Office, van: Van, caseId: string, material: string, bytes: Uint8Array<ArrayBuffer>, pages: number): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await pushAs(office, van.token, 'scans', [
    { id: `${caseId}-${sha256.slice(0, 8)}`, caseId, deviceId: van.deviceId, sha256, bytes: bytes.length, mime: 'application/pdf', pages, material: { name: material, original: true, copies: 1 }, createdAt: new Date().toISOString(), _deleted: false },
  ]);
  await uploadScan(office, van.token, bytes, sha256);
  return sha256;
}
