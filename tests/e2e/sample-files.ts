/** Scan files made on the fly: a multi-page PDF (pdf-lib) and a PNG (zlib), so no binary blobs live in tests. */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { PDFDocument, rgb } from 'pdf-lib';
import { residentIdCheckChar } from '#domain/identity/resident-id.ts';

export async function writeSamplePdf(path: string, pages: number): Promise<void> {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < pages; i++) pdf.addPage([595, 842]).drawRectangle({ x: 50, y: 700 - i * 10, width: 200, height: 40, color: rgb(0.2, 0.2, 0.6) });
  writeFileSync(path, await pdf.save());
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf: Buffer) => {
  let c = 0xffffffff;
  for (const b of buf) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

/** A grey-gradient RGB PNG of the given size, different for each `seed`. */
export function writeSamplePng(path: string, width: number, height: number, seed: number): void {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const o = y * (width * 3 + 1) + 1 + x * 3;
      raw[o] = (x + seed) & 0xff;
      raw[o + 1] = (y * 2) & 0xff;
      raw[o + 2] = (x ^ y ^ seed) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  writeFileSync(path, Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
}

/** A valid resident ID number (GB 11643) for the given region and birth date. */
export function residentId(region: string, birth: string, serial: string): string {
  const first17 = `${region}${birth}${serial}`;
  return `${first17}${residentIdCheckChar(first17)}`;
}
