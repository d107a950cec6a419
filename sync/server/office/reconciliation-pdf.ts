import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import subsetFont from 'subset-font';
import { DISCREPANCY_TEXT, SEVERITY_TEXT } from '#domain/reconciliation/reconciliation-text.ts';
import { beijingTime, formatFen } from './format.ts';
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
// Printable ASCII is always kept, so digits and codes never depend on the collected text.
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
/** Plain glyph-per-character text: without GSUB/GPOS, fontkit cannot substitute digits into unmapped glyphs. */
const SUBSET_OPTIONS = { targetFormat: 'truetype', keepFeatures: [], noLayoutClosure: true, noHinting: true, dropTables: ['GSUB', 'GPOS'] } as const;
const MARGIN = 48;

/** Breaks text into lines no wider than `max` points, character by character (Chinese has no spaces). */
function wrap(text: string, size: number, max: number, font: PDFFont): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (ch === '\n' || font.widthOfTextAtSize(line + ch, size) > max) {
      lines.push(line);
      line = ch === '\n' ? '' : ch;
    } else line += ch;
  }
  if (line) lines.push(line);
  return lines;
}

type Out = { text(text: string, size?: number, indent?: number, color?: ReturnType<typeof rgb>): void; gap(h?: number): void };

/** First pass: the characters the report uses, to cut the font down to them. */
class Collector implements Out {
  chars = new Set<string>();
  text(text: string) {
    for (const ch of text) if (ch !== '\n') this.chars.add(ch);
  }
  gap() {}
}

class Writer implements Out {
  page: PDFPage;
  y: number;
  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
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
    for (const line of wrap(text, size, A4[0] - 2 * MARGIN - indent, this.font)) {
      this.ensure(size * 1.5);
      this.page.drawText(line, { x: MARGIN + indent, y: this.y - size, size, font: this.font, color });
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
  const collector = new Collector();
  writeReport(collector, t, signOff);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(R.title(t.trip.date, t.trip.vanId));
  const subset = await subsetFont(readFileSync(fontPath), [...ASCII, ...collector.chars].join(''), SUBSET_OPTIONS);
  // Already cut to the report's characters by harfbuzz: embedded whole (fontkit's own CJK subsetting loses glyphs).
  const font = await doc.embedFont(new Uint8Array(subset), { subset: false });
  writeReport(new Writer(doc, font), t, signOff);
  return doc.save();
}

function writeReport(w: Out, t: TripReconciliation, signOff: TripSignOff | null): void {
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
    w.text(R.signedBy(signOff.staffName, beijingTime(signOff.signedAt)), 11);
    if (signOff.note) w.text(`${R.note}：${signOff.note}`);
    w.text(`${R.hash}：${signOff.reportHash}`, 8);
  } else {
    w.text(`${R.signTitle}：______________    ${R.hash}：${reportHash(r)}`, 9);
  }
}
