import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { DISCREPANCY_TEXT, SEVERITY_TEXT } from '#domain/reconciliation/reconciliation-text.ts';
import { formatFen } from './format.ts';
import { R } from './reconciliation-page-text.ts';
import { reportHash, type TripReconciliation } from './reconciliation-service.ts';
import { type TripSignOff } from './records.ts';

/** The CJK font the van's documents use (an npm dependency), when installed: same glyphs on both sides. */
function packagedFont(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
  } catch {
    return undefined;
  }
}

/**
 * A CJK font the server can embed. pdf-lib cannot subset TrueType collections (.ttc), so only single
 * .ttf/.otf files qualify. OFFICE_CJK_FONT overrides the search (deployment configuration).
 */
const FONT_CANDIDATES = [
  process.env['OFFICE_CJK_FONT'],
  packagedFont(),
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
  '/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf',
  '/usr/share/fonts/opentype/noto/NotoSansSC-Regular.otf',
].filter((p): p is string => typeof p === 'string' && p.length > 0);

export class MissingCjkFontError extends Error {}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;

type Fonts = { cjk: PDFFont; latin: PDFFont };

/** Splits text into runs by font: Latin-1 characters in Helvetica (the CJK fallback font lacks digits), the rest in the CJK font. */
function runs(text: string, fonts: Fonts): { text: string; font: PDFFont }[] {
  const out: { text: string; font: PDFFont }[] = [];
  for (const ch of text) {
    const font = ch.charCodeAt(0) < 0x250 ? fonts.latin : fonts.cjk;
    const last = out.at(-1);
    if (last && last.font === font) last.text += ch;
    else out.push({ text: ch, font });
  }
  return out;
}

const widthOf = (text: string, size: number, fonts: Fonts) => runs(text, fonts).reduce((w, r) => w + r.font.widthOfTextAtSize(r.text, size), 0);

/** Breaks text into lines no wider than `max` points, character by character (Chinese has no spaces). */
function wrap(text: string, size: number, max: number, fonts: Fonts): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (ch === '\n' || widthOf(line + ch, size, fonts) > max) {
      lines.push(line);
      line = ch === '\n' ? '' : ch;
    } else line += ch;
  }
  if (line) lines.push(line);
  return lines;
}

class Writer {
  page: PDFPage;
  y: number;
  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Fonts,
  ) {
    this.page = doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }
  private ensure(h: number) {
    if (this.y - h < MARGIN) {
      this.page = this.doc.addPage(A4);
      this.y = A4[1] - MARGIN;
    }
  }
  text(text: string, size = 10, indent = 0, color = rgb(0, 0, 0)) {
    for (const line of wrap(text, size, A4[0] - 2 * MARGIN - indent, this.fonts)) {
      this.ensure(size * 1.5);
      let x = MARGIN + indent;
      for (const r of runs(line, this.fonts)) {
        this.page.drawText(r.text, { x, y: this.y - size, size, font: r.font, color });
        x += r.font.widthOfTextAtSize(r.text, size);
      }
      this.y -= size * 1.5;
    }
  }
  gap(h = 6) {
    this.y -= h;
  }
}

/**
 * The reconciliation report as a PDF: the summary, every finding with what to do, and the sign-off
 * with the hash of the report as signed.
 * @throws MissingCjkFontError when no CJK font is installed (configure OFFICE_CJK_FONT).
 */
export async function reconciliationPdf(t: TripReconciliation, signOff: TripSignOff | null): Promise<Uint8Array> {
  const fontPath = FONT_CANDIDATES.find((p) => existsSync(p));
  if (!fontPath) throw new MissingCjkFontError('未找到中文字体，请设置 OFFICE_CJK_FONT 为一个 .ttf/.otf 字体文件');
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const fonts = { cjk: await doc.embedFont(readFileSync(fontPath), { subset: true }), latin: await doc.embedFont(StandardFonts.Helvetica) };
  doc.setTitle(R.title(t.trip.date, t.trip.vanId));
  const w = new Writer(doc, fonts);
  const r = t.result;

  w.text(R.title(t.trip.date, t.trip.vanId), 16);
  w.text(t.trip.title, 10);
  w.gap();
  w.text(`${R.cards.cases}：${r.cases.received} / ${r.cases.taken}`);
  w.text(R.numbersLine(r.receiptNumbers));
  w.text(`${R.cards.money}：${formatFen(r.money.chargedFen)} / ${formatFen(r.money.expectedFen)}`);
  for (const m of r.money.byMethod) {
    w.text(`${R.methods[m.method] ?? m.method}：${R.byReceipts} ${formatFen(m.receiptsFen)}，${R.declared} ${m.declaredFen === null ? R.notDeclared : formatFen(m.declaredFen)}`, 10, 12);
  }
  w.text(`${R.cards.scans}：${r.scans.verified} / ${r.scans.expected}`);
  w.text(`${R.cards.chains}：${r.chains.intact} / ${r.chains.devices}`);
  w.gap();
  w.text(r.isClean ? R.clean : R.notClean(r.discrepancies.filter((d) => d.severity === 'error').length), 12, 0, r.isClean ? rgb(0.1, 0.45, 0.1) : rgb(0.75, 0.1, 0.1));
  w.gap();
  w.text(`${R.findingsTitle}（${r.discrepancies.length}）`, 13);
  if (r.discrepancies.length === 0) w.text(R.noFindings);
  r.discrepancies.forEach((d, i) => {
    w.gap(4);
    w.text(`${i + 1}. [${SEVERITY_TEXT[d.severity]}] ${DISCREPANCY_TEXT[d.code].title} — ${d.subject}`, 10.5);
    w.text(`${R.detail}：${d.detail}`, 9.5, 14);
    w.text(`${R.action}：${DISCREPANCY_TEXT[d.code].action}`, 9.5, 14);
  });
  w.gap(12);
  if (signOff) {
    w.text(R.signedBy(signOff.staffName, signOff.signedAt), 11);
    if (signOff.note) w.text(`${R.note}：${signOff.note}`);
    w.text(`${R.hash}：${signOff.reportHash}`, 8);
  } else {
    w.text(`${R.signTitle}：______________    ${R.hash}：${reportHash(r)}`, 9);
  }
  return doc.save();
}
