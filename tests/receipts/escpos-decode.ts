import iconv from 'iconv-lite';

/**
 * Reads ESC/POS bytes back the way a printer does, for tests: text (GB18030) line by line, QR contents, cut and
 * the modes that matter for checking a layout. Only the commands the encoder emits are known; anything else fails
 * loudly so a layout cannot slip unknown bytes past the test.
 */
export function decodeEscPos(bytes: Uint8Array): { lines: string[]; qr: string[]; cuts: number } {
  const lines: string[] = [];
  const qr: string[] = [];
  let text: number[] = [];
  let cuts = 0;
  const flush = () => {
    lines.push(iconv.decode(Buffer.from(text), 'gb18030'));
    text = [];
  };
  let i = 0;
  const at = (k: number) => bytes[i + k] ?? -1;
  while (i < bytes.length) {
    const b = at(0);
    if (b === 0x0a) { flush(); i += 1; continue; }
    if (b === 0x1b) {
      const c = at(1);
      if (c === 0x40) { i += 2; continue; } // ESC @
      if (c === 0x61 || c === 0x45 || c === 0x21 || c === 0x4d) { i += 3; continue; } // align, bold, mode, font
      if (c === 0x64) { for (let n = 0; n < at(2); n += 1) flush(); i += 3; continue; } // ESC d n: feed n lines
      throw new Error(`unknown ESC 0x${c.toString(16)} at ${i}`);
    }
    if (b === 0x1c) {
      if (at(1) === 0x26 || at(1) === 0x2e) { i += 2; continue; } // FS & / FS .
      throw new Error(`unknown FS 0x${at(1).toString(16)} at ${i}`);
    }
    if (b === 0x1d) {
      const c = at(1);
      if (c === 0x21) { i += 3; continue; } // GS ! n
      if (c === 0x56) { cuts += 1; for (let n = 0; n < at(3); n += 1) flush(); i += 4; continue; } // GS V m n
      if (c === 0x28 && at(2) === 0x6b) {
        const len = at(3) + at(4) * 256;
        if (at(5) === 0x31 && at(6) === 0x50) qr.push(Buffer.from(bytes.subarray(i + 8, i + 5 + len)).toString('utf8'));
        i += 5 + len;
        continue;
      }
      throw new Error(`unknown GS 0x${c.toString(16)} at ${i}`);
    }
    text.push(b);
    i += 1;
  }
  if (text.length > 0) flush();
  return { lines, qr, cuts };
}
