/**
 * ESC/POS encoder for the van's Chinese receipt printers (58 mm / 80 mm), written in-house because
 * no npm encoder does Chinese correctly (docs/devices.md: receipt-printer-encoder sends FS . and has
 * no GB codepage; node-thermal-printer relies on power-on Chinese mode and GBK; @node-escpos uses a
 * non-Epson QR command). Command bytes are from Epson's ESC/POS Command Reference.
 *
 * Stable API for receipt layouts (documents helper):
 *   const b = new EscPosBuilder({ width: 80 });
 *   b.init().chinese().align('center').bold().size(2).line('佳木斯市不动产登记中心').size(1).bold(false)
 *    .align('left').columns([{ text: '登记费', width: 36 }, { text: '￥80.00', width: 12, align: 'right' }])
 *    .rule().qr('https://example.invalid/v/123').feed(2).cut();
 *   const bytes = b.bytes();            // Uint8Array for PrinterDriver.print({ id, bytes })
 *   const problems = b.unprintable();   // characters the printer cannot print (shown as □): report them
 * Every method returns `this`; `bytes()` can be called any time and does not reset the builder.
 */
import { type Unprintable, displayWidth, encodeGb18030, padToWidth, wrapToWidth } from './gb18030.ts';

export type PaperWidth = 58 | 80;
/** Font A columns: 384 dots / 12 on 58 mm, 576 / 12 on 80 mm (Epson ESC/POS reference, Font A 12×24). */
export const PAPER_COLUMNS: Record<PaperWidth, number> = { 58: 32, 80: 48 };

export type Align = 'left' | 'center' | 'right';
export type Column = { text: string; width: number; align?: Align };
export type QrOptions = { moduleSize?: number; level?: 'L' | 'M' | 'Q' | 'H' };

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const LF = 0x0a;

export const CMD = {
  init: [ESC, 0x40],
  chineseOn: [FS, 0x26],
  chineseOff: [FS, 0x2e],
  align: (a: Align) => [ESC, 0x61, a === 'left' ? 0 : a === 'center' ? 1 : 2],
  bold: (on: boolean) => [ESC, 0x45, on ? 1 : 0],
  size: (w: number, h: number) => [GS, 0x21, ((w - 1) << 4) | (h - 1)],
  feed: (n: number) => [ESC, 0x64, n],
  /** GS V 66 n: feed n lines then partial cut; GS V 65 n: feed then full cut. */
  cut: (mode: 'partial' | 'full', feedLines: number) => [GS, 0x56, mode === 'full' ? 0x41 : 0x42, feedLines],
} as const;

const QR_LEVEL = { L: 0x30, M: 0x31, Q: 0x32, H: 0x33 } as const;
/** GS ( k model 2 stores at most 7089 bytes. */
export const QR_MAX_BYTES = 7089;

export class EscPosBuilder {
  readonly paperColumns: number;
  private readonly chunks: number[][] = [];
  private readonly problems: Unprintable[] = [];
  private widthScale = 1;

  constructor(opts: { width: PaperWidth }) {
    this.paperColumns = PAPER_COLUMNS[opts.width];
  }

  /** ESC @: reset modes. Call first; Chinese mode must be switched on again after it. */
  init(): this {
    return this.raw(CMD.init);
  }

  /** FS & (on) / FS . (off): double-byte GB18030 text. */
  chinese(on = true): this {
    return this.raw(on ? CMD.chineseOn : CMD.chineseOff);
  }

  /** ESC a n; takes effect at the start of the next line. */
  align(a: Align): this {
    return this.raw(CMD.align(a));
  }

  bold(on = true): this {
    return this.raw(CMD.bold(on));
  }

  /** GS ! n: width and height multipliers 1..8 (height defaults to width). Columns shrink with the width. */
  size(width: number, height = width): this {
    const w = Math.min(8, Math.max(1, Math.trunc(width)));
    const h = Math.min(8, Math.max(1, Math.trunc(height)));
    this.widthScale = w;
    return this.raw(CMD.size(w, h));
  }

  /** Text without a line feed. Unprintable characters become □ and are listed by `unprintable()`. */
  text(s: string): this {
    const enc = encodeGb18030(s);
    this.problems.push(...enc.unprintable);
    return this.raw(enc.bytes);
  }

  /** Text and a line feed (an empty call just feeds one line). */
  line(s = ''): this {
    return this.text(s).raw([LF]);
  }

  /** Columns at the current character width: each cell wraps inside its width; the row takes as many lines as its tallest cell. */
  columns(cells: readonly Column[]): this {
    const total = cells.reduce((n, c) => n + c.width, 0);
    if (total > this.lineWidth) throw new RangeError(`columns need ${total} columns, the line has ${this.lineWidth}`);
    const wrapped = cells.map((c) => wrapToWidth(c.text, c.width));
    const rows = Math.max(...wrapped.map((w) => w.length));
    for (let r = 0; r < rows; r++) {
      const line = cells.map((c, i) => padToWidth(wrapped[i]?.[r] ?? '', c.width, c.align ?? 'left')).join('');
      this.line(line.trimEnd());
    }
    return this;
  }

  /** Wraps a paragraph to the line width. */
  paragraph(s: string): this {
    for (const l of wrapToWidth(s, this.lineWidth)) this.line(l);
    return this;
  }

  /** A full-width rule of `char` (ASCII keeps it one column per character). */
  rule(char = '-'): this {
    const w = Math.max(1, displayWidth(char));
    return this.line(char.repeat(Math.floor(this.lineWidth / w)));
  }

  /** ESC d n: print and feed n lines. */
  feed(lines = 1): this {
    return this.raw(CMD.feed(Math.min(255, Math.max(0, Math.trunc(lines)))));
  }

  /**
   * A QR code with GS ( k (model 2). Keep data ASCII (URLs): printers differ on non-ASCII; it is sent as UTF-8.
   * @throws RangeError when the data is longer than a QR code can hold.
   */
  qr(data: string, opts: QrOptions = {}): this {
    const bytes = new TextEncoder().encode(data);
    if (bytes.length === 0 || bytes.length > QR_MAX_BYTES) throw new RangeError(`QR data must be 1..${QR_MAX_BYTES} bytes`);
    const size = Math.min(16, Math.max(1, opts.moduleSize ?? 6));
    const store = bytes.length + 3;
    return this.raw([GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00])
      .raw([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, size])
      .raw([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, QR_LEVEL[opts.level ?? 'M']])
      .raw([GS, 0x28, 0x6b, store & 0xff, store >> 8, 0x31, 0x50, 0x30])
      .raw(bytes)
      .raw([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]);
  }

  /** Feed past the cutter and cut (partial by default: some 58 mm units have no full cutter). */
  cut(mode: 'partial' | 'full' = 'partial', feedLines = 3): this {
    return this.raw(CMD.cut(mode, feedLines));
  }

  /** Raw bytes, for commands this builder does not cover. */
  raw(bytes: ArrayLike<number>): this {
    this.chunks.push(Array.from(bytes));
    return this;
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.chunks.flat());
  }

  /** Characters that could not be printed and were replaced by □; show them to staff. */
  unprintable(): readonly Unprintable[] {
    return this.problems;
  }

  private get lineWidth(): number {
    return Math.floor(this.paperColumns / this.widthScale);
  }
}
