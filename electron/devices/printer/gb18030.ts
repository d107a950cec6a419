/**
 * Text for a Chinese receipt printer: GB18030 via iconv-lite, limited to what printer fonts have.
 * Printers in Chinese mode print 1- and 2-byte GB18030 only ("GB18030 only supports double bytes",
 * docs/devices.md), so characters that need 4 bytes are mapped to a printable look-alike where one
 * exists (¥ → ￥, • → ·) and otherwise replaced with □ AND reported to the caller, never dropped silently.
 * Control characters are reported too: they would be taken as printer commands.
 */
import iconv from 'iconv-lite';

/** Look-alikes that 2-byte GB18030 fonts have. */
const SUBSTITUTES: ReadonlyMap<string, string> = new Map([
  ['¥', '￥'],
  ['•', '·'],
  ['\u00a0', ' '],
  ['\t', ' '],
  ['\u2022', '·'],
  ['\u2219', '·'],
  ['\u2212', '－'],
  ['\u2011', '-'],
]);
const REPLACEMENT = '□';

export type Unprintable = { char: string; codePoint: number; reason: 'four-byte' | 'control' };
export type EncodedText = { bytes: Uint8Array; unprintable: Unprintable[]; substituted: string[] };

const cache = new Map<string, Uint8Array>();
function encodeChar(ch: string): Uint8Array {
  let b = cache.get(ch);
  if (!b) {
    b = new Uint8Array(iconv.encode(ch, 'gb18030'));
    cache.set(ch, b);
  }
  return b;
}

/** Encodes text for the printer. `\n` passes through as LF; every other change is listed in the result. */
export function encodeGb18030(text: string): EncodedText {
  const parts: Uint8Array[] = [];
  const unprintable: Unprintable[] = [];
  const substituted: string[] = [];
  for (const original of text) {
    let ch = original;
    const sub = SUBSTITUTES.get(ch);
    if (sub !== undefined) {
      substituted.push(ch);
      ch = sub;
    }
    const cp = ch.codePointAt(0) ?? 0;
    if (ch !== '\n' && (cp < 0x20 || cp === 0x7f)) {
      unprintable.push({ char: original, codePoint: cp, reason: 'control' });
      ch = REPLACEMENT;
    } else if (ch.length === 1 && cp >= 0xd800 && cp <= 0xdfff) {
      unprintable.push({ char: original, codePoint: cp, reason: 'four-byte' });
      ch = REPLACEMENT;
    } else if (encodeChar(ch).length === 4) {
      unprintable.push({ char: original, codePoint: cp, reason: 'four-byte' });
      ch = REPLACEMENT;
    }
    parts.push(encodeChar(ch));
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, unprintable, substituted };
}

/** Printed width in columns: ASCII is one column, every double-byte (CJK) character two (24×24 dots in a 12-dot grid). */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) < 0x80 ? 1 : 2;
  return w;
}

/** Splits text into lines of at most `width` columns, never inside a character; existing newlines are kept. */
export function wrapToWidth(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let w = 0;
    for (const ch of paragraph) {
      const cw = displayWidth(ch);
      if (w + cw > width && line !== '') {
        lines.push(line);
        line = '';
        w = 0;
      }
      line += ch;
      w += cw;
    }
    lines.push(line);
  }
  return lines;
}

/** Pads (or aligns) text to exactly `width` columns; the text must already fit. */
export function padToWidth(text: string, width: number, align: 'left' | 'center' | 'right'): string {
  const room = Math.max(0, width - displayWidth(text));
  switch (align) {
    case 'left':
      return text + ' '.repeat(room);
    case 'right':
      return ' '.repeat(room) + text;
    case 'center': {
      const left = Math.floor(room / 2);
      return ' '.repeat(left) + text + ' '.repeat(room - left);
    }
  }
}
