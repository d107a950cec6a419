import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFImage, type PDFPage, rgb } from 'pdf-lib';
import { assertNever } from '#domain/assert.ts';
import { type FontSource } from './font-source.ts';
import { type Block, type DocumentSpec, documentText } from './layout.ts';
import { qrRuns } from './qr-modules.ts';

const PAGE_SIZES = { A4: [595.28, 841.89], A5: [419.53, 595.28] } as const;
const MARGIN = 36;
const BODY = 10.5;
const LINE = 1.5;
const INK = rgb(0, 0, 0);
const GREY = rgb(0.35, 0.35, 0.35);
const RULE = rgb(0.55, 0.55, 0.55);

const pageWords = (n: number, total: number) => `第 ${n} 页 共 ${total} 页`;

/**
 * Punctuation a line does not begin with (the 避头 rule of Chinese typesetting): a closing bracket or a comma alone at
 * the start of a line reads as a stray mark, as in a table heading 登记费（元 / ）.
 */
const NO_LINE_START = new Set('，。、；：？！）》」』】〕〉”’…·%,.;:?!)]}');

/**
 * Breaks text into lines that fit `width`; CJK text may break between any two characters, except before a mark a line
 * must not begin with: that mark goes down with the character before it.
 */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const ch of paragraph) {
      if (line !== '' && font.widthOfTextAtSize(line + ch, size) > width) {
        const chars = [...line];
        const carried = NO_LINE_START.has(ch) && chars.length > 1 ? (chars.pop() ?? '') : '';
        lines.push(chars.join(''));
        line = carried !== '' ? carried + ch : ch === ' ' ? '' : ch;
      } else {
        line += ch;
      }
    }
    lines.push(line);
  }
  return lines;
}

type Cursor = { doc: PDFDocument; page: PDFPage; y: number; font: PDFFont; width: number; height: number; images: ReadonlyMap<Block, PDFImage> };

function ensureSpace(c: Cursor, needed: number): void {
  if (c.y - needed >= MARGIN + 18) return;
  c.page = c.doc.addPage([c.width, c.height]);
  c.y = c.height - MARGIN;
}

function drawLines(c: Cursor, lines: readonly string[], size: number, x: number, opts: { color?: typeof INK; align?: 'left' | 'center' | 'right'; boxWidth?: number } = {}): void {
  for (const line of lines) {
    ensureSpace(c, size * LINE);
    c.y -= size * LINE;
    const w = c.font.widthOfTextAtSize(line, size);
    const box = opts.boxWidth ?? c.width - 2 * MARGIN;
    const dx = opts.align === 'center' ? (box - w) / 2 : opts.align === 'right' ? box - w : 0;
    c.page.drawText(line, { x: x + dx, y: c.y + size * 0.3, size, font: c.font, color: opts.color ?? INK });
  }
}

function drawTable(c: Cursor, columns: readonly { header: string; width: number; align?: 'left' | 'right' | 'center' }[], rows: readonly (readonly string[])[], headerRow: boolean): void {
  const total = c.width - 2 * MARGIN;
  const sum = columns.reduce((a, col) => a + col.width, 0);
  const widths = columns.map((col) => (col.width / sum) * total);
  const pad = 4;
  const all = headerRow ? [columns.map((col) => col.header), ...rows] : rows;
  all.forEach((row, r) => {
    const cells = widths.map((w, i) => wrapText(row[i] ?? '', c.font, BODY, w - 2 * pad));
    const height = Math.max(...cells.map((l) => l.length)) * BODY * LINE + pad;
    ensureSpace(c, height);
    const top = c.y;
    let x = MARGIN;
    cells.forEach((lines, i) => {
      const w = widths[i] ?? 0;
      const saved = c.y;
      drawLines(c, lines, BODY, x + pad, { align: columns[i]?.align ?? 'left', boxWidth: w - 2 * pad, color: headerRow && r === 0 ? GREY : INK });
      c.y = saved;
      c.page.drawRectangle({ x, y: top - height, width: w, height, borderColor: RULE, borderWidth: 0.6 });
      x += w;
    });
    c.y = top - height;
  });
}

function drawBlock(c: Cursor, b: Block): void {
  const inner = c.width - 2 * MARGIN;
  switch (b.type) {
    case 'title':
      c.y -= 6;
      drawLines(c, wrapText(b.text, c.font, 18, inner), 18, MARGIN, { align: 'center' });
      c.y -= 6;
      return;
    case 'meta':
      drawLines(c, wrapText(b.text, c.font, 9, inner), 9, MARGIN, { align: 'right', color: GREY });
      return;
    case 'heading':
      c.y -= 4;
      drawLines(c, wrapText(b.text, c.font, 12, inner), 12, MARGIN);
      return;
    case 'fields':
      drawTable(c, [{ header: '', width: 1 }, { header: '', width: 3 }], b.rows, false);
      c.y -= 4;
      return;
    case 'table':
      drawTable(c, b.columns, b.rows, true);
      c.y -= 4;
      return;
    case 'paragraph': {
      const size = b.size ?? BODY;
      const text = b.indent ? `\u3000\u3000${b.text}` : b.text;
      drawLines(c, wrapText(text, c.font, size, inner), size, MARGIN);
      return;
    }
    case 'mark':
      drawLines(c, [b.text], 16, MARGIN, { align: 'right' });
      return;
    case 'qr': {
      const { size, runs } = qrRuns(b.data);
      const side = 84;
      const unit = side / size;
      ensureSpace(c, side + 20);
      const x0 = c.width - MARGIN - side;
      const top = c.y - 4;
      for (const run of runs) {
        c.page.drawRectangle({ x: x0 + run.col * unit, y: top - (run.row + 1) * unit, width: run.length * unit + 0.05, height: unit + 0.05, color: INK });
      }
      const saved = c.y;
      c.y = top - 4;
      drawLines(c, wrapText(b.caption, c.font, 9, inner - side - 12), 9, MARGIN, { color: GREY });
      c.y = Math.min(c.y, saved - side - 12);
      return;
    }
    case 'signatures': {
      c.y -= 12;
      const w = inner / b.items.length;
      ensureSpace(c, 30);
      c.y -= 24;
      b.items.forEach((item, i) => {
        c.page.drawText(item, { x: MARGIN + i * w, y: c.y, size: BODY, font: c.font, color: INK });
      });
      return;
    }
    case 'image': {
      const image = c.images.get(b);
      if (!image) return;
      const scale = Math.min(1, b.width / image.width);
      const w = image.width * scale;
      const h = image.height * scale;
      ensureSpace(c, h + 12);
      c.y -= h + 4;
      c.page.drawImage(image, { x: MARGIN, y: c.y, width: w, height: h });
      c.page.drawRectangle({ x: MARGIN, y: c.y, width: w, height: h, borderColor: RULE, borderWidth: 0.6 });
      const saved = c.y;
      c.y = saved + h;
      drawLines(c, wrapText(b.caption, c.font, 9, inner - w - 12), 9, MARGIN + w + 12, { color: GREY });
      c.y = saved - 4;
      return;
    }
    case 'spacer':
      c.y -= b.height;
      return;
    default:
      assertNever(b, 'block');
  }
}

export type RenderedPdf = { bytes: Uint8Array; pages: number };

/** Draws a document to PDF bytes with a CJK font subset to exactly the characters it uses. */
export async function renderPdf(spec: DocumentSpec, fonts: FontSource, now: Date): Promise<RenderedPdf> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(spec.title);
  doc.setCreator('便民服务直通车');
  doc.setProducer('pdf-lib');
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  // Page numbers need at most three digits each: include every digit in the subset.
  const fontBytes = await fonts.subsetFor(documentText(spec, pageWords(0, 0) + '0123456789'));
  const font = await doc.embedFont(fontBytes, { subset: false });
  const [width, height] = PAGE_SIZES[spec.size];
  // Images are embedded up front (embedding is asynchronous; drawing is not).
  const images = new Map<Block, PDFImage>();
  for (const b of spec.blocks) if (b.type === 'image') images.set(b, await doc.embedPng(b.png));
  const c: Cursor = { doc, page: doc.addPage([width, height]), y: height - MARGIN, font, width, height, images };
  for (const block of spec.blocks) drawBlock(c, block);
  const pages = doc.getPages();
  pages.forEach((page, i) => {
    page.drawText(spec.footer, { x: MARGIN, y: MARGIN - 12, size: 8, font, color: GREY });
    const words = pageWords(i + 1, pages.length);
    page.drawText(words, { x: width - MARGIN - font.widthOfTextAtSize(words, 8), y: MARGIN - 12, size: 8, font, color: GREY });
  });
  return { bytes: await doc.save({ useObjectStreams: true }), pages: pages.length };
}
