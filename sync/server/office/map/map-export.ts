import writeXlsxFile, { type Row, type Sheet } from 'write-excel-file/node';
import { createFontSource, DEFAULT_CJK_FONT_PATH } from '#documents/font-source.ts';
import { type Block } from '#documents/layout.ts';
import { renderPdf } from '#documents/render-pdf.ts';
import { STATUS_CATEGORIES, type StatusCategory } from '#domain/map/building-status.ts';
import { ARTICLE_TEXT, CATEGORY_TEXT, STATUS_TEXT, STREET_CLASS_TEXT, USE_TEXT } from '#domain/map/map-text.ts';
import { areaFigure, metresFigure } from '#domain/city/figures.ts';
import { type Fen, formatYuanText } from '#domain/money.ts';
import { beijingTime } from '#server/office/format.ts';
import { T } from '#server/office/office-text.ts';
import { M } from './map-page-text.ts';
import { type BuildingRow, type RegionResult } from './map-service.ts';

/** One font source per process (the file is read once); OFFICE_CJK_FONT replaces the packaged Noto Sans SC. */
const fonts = createFontSource(process.env['OFFICE_CJK_FONT'] || DEFAULT_CJK_FONT_PATH);

/** A PDF lists at most this many buildings per status; the Excel export always lists all. */
export const PDF_ROWS_PER_STATUS = 500;

const labelOf = (r: RegionResult) => r.label || M.regionDrawn;

/** The cells of one building in the lists (the PDF's table and the Excel sheet share them). */
function rowCells(b: BuildingRow): string[] {
  return [
    b.id,
    b.address,
    USE_TEXT[b.use],
    b.zone,
    String(b.floors),
    areaFigure(b.floorAreaDm2),
    STATUS_TEXT[b.decision.status],
    b.decision.decidedBy,
    b.decision.decidedOn,
    b.decision.basis,
    b.decision.approvedUntil ?? '',
    b.unitIds.length > 0 ? `${b.unitIds.length}` : '',
  ];
}

/** The estimate as label/amount lines, shared by the page, the PDF and the Excel summary. */
export function estimateLines(r: RegionResult): [string, string][] {
  if (!r.estimate.ok) return [[M.estimateTitle, r.estimate.message]];
  const e = r.estimate.value;
  const L = M.estimateLines;
  const area = (dm2: number) => `${areaFigure(dm2)} ㎡`;
  return [
    [L.value, formatYuanText(e.compensable.valueFen)],
    [L.relocation, formatYuanText(e.compensable.relocationFen)],
    [L.interim, formatYuanText(e.compensable.interimFen)],
    [L.compensation, `${formatYuanText(e.compensable.totalFen)}（${e.compensable.count} 栋，${area(e.compensable.floorAreaDm2)}）`],
    [L.pipe, formatYuanText(e.pipeFen)],
    [L.total, formatYuanText(e.totalFen)],
    [L.survey, `${e.forSurvey.count} 栋，${area(e.forSurvey.floorAreaDm2)}，${formatYuanText(e.forSurvey.ifLawfulFen)}`],
    [L.illegal, `${e.illegal.count} 栋，${area(e.illegal.floorAreaDm2)}`],
    [L.expired, `${e.expiredTemporary.count} 栋，${area(e.expiredTemporary.floorAreaDm2)}`],
  ];
}

const yuanCell = (f: Fen) => ({ value: f / 100, format: '#,##0.00' });

/** The region's counts, estimate and every building's line as a PDF drawn by the documents/ toolkit. */
export async function regionPdf(r: RegionResult, now: Date): Promise<Uint8Array> {
  const title = M.pdfTitle(labelOf(r));
  const counts: Block = {
    type: 'table',
    columns: [{ header: M.status, width: 3 }, { header: M.count, width: 1, align: 'right' }, { header: M.area, width: 2, align: 'right' }],
    rows: [
      ...STATUS_CATEGORIES.map((c) => [CATEGORY_TEXT[c], String(r.summary.byCategory[c].count), areaFigure(r.summary.byCategory[c].floorAreaDm2)]),
      [M.total, String(r.summary.total.count), areaFigure(r.summary.total.floorAreaDm2)],
    ],
  };
  const estimate: Block[] = [{ type: 'heading', text: `${M.estimateTitle}${r.estimate.ok ? `（${M.tablesVersion(r.estimate.tablesVersion)}）` : ''}` }, { type: 'fields', rows: estimateLines(r) }];
  if (r.estimate.ok) {
    const e = r.estimate.value;
    estimate.push(
      { type: 'table', columns: M.valueHead.map((h, i) => ({ header: h, width: i < 2 ? 1 : 1.5, align: i < 2 ? 'left' : 'right' })), rows: e.compensable.values.map((v) => [v.zone, USE_TEXT[v.use], String(v.count), areaFigure(v.floorAreaDm2), formatYuanText(v.fenPerM2), formatYuanText(v.valueFen)]) },
      { type: 'table', columns: M.pipeHead.map((h, i) => ({ header: h, width: 1, align: i === 0 ? 'left' : 'right' })), rows: e.pipeWorks.map((p) => [STREET_CLASS_TEXT[p.streetClass], metresFigure(p.metres), formatYuanText(p.fenPerMetre), formatYuanText(p.fen)]) },
      ...Object.values(ARTICLE_TEXT).map((text): Block => ({ type: 'paragraph', text, size: 8.5 })),
    );
  }
  const lists = STATUS_CATEGORIES.flatMap((c): Block[] => {
    const rows = r.rows.filter((b) => b.category === c);
    if (rows.length === 0) return [];
    const shown = rows.slice(0, PDF_ROWS_PER_STATUS);
    return [
      { type: 'heading', text: `${CATEGORY_TEXT[c]}（${rows.length} 栋）` },
      { type: 'table', columns: [{ header: M.head[0], width: 3.1 }, { header: M.head[1], width: 2.6 }, { header: M.head[5], width: 1.3, align: 'right' }, { header: M.head[7], width: 2.6 }, { header: M.head[8], width: 1.5 }, { header: M.head[10], width: 1.5 }], rows: shown.map((b) => { const cells = rowCells(b); return [cells[0], cells[1], cells[5], cells[7], cells[8], cells[10]].map((x) => x ?? ''); }) },
      ...(rows.length > shown.length ? [{ type: 'paragraph' as const, text: M.pdfCut(rows.length, shown.length), size: 9 }] : []),
    ];
  });
  const blocks: Block[] = [{ type: 'title', text: title }, { type: 'meta', text: M.pdfMeta(r.day, beijingTime(now.toISOString())) }, { type: 'paragraph', text: M.generatedNote, size: 8.5 }, counts, ...estimate, ...lists];
  return (await renderPdf({ title, size: 'A4', footer: T.brand, blocks }, fonts, now)).bytes;
}

/** The same as an Excel workbook: a summary sheet and one sheet per status listing every building. */
export async function regionXlsx(r: RegionResult): Promise<Buffer> {
  const summary: Row[] = [
    [M.pdfTitle(labelOf(r))],
    [M.day, r.day],
    [],
    [M.status, M.count, M.area],
    ...STATUS_CATEGORIES.map((c): Row => [CATEGORY_TEXT[c], r.summary.byCategory[c].count, { value: r.summary.byCategory[c].floorAreaDm2 / 100, format: '0.00' }]),
    [M.total, r.summary.total.count, { value: r.summary.total.floorAreaDm2 / 100, format: '0.00' }],
    [],
    [M.estimateTitle],
    ...estimateLines(r).map((l): Row => [...l]),
  ];
  if (r.estimate.ok) {
    summary.push([], [...M.valueHead], ...r.estimate.value.compensable.values.map((v): Row => [v.zone, USE_TEXT[v.use], v.count, { value: v.floorAreaDm2 / 100, format: '0.00' }, yuanCell(v.fenPerM2), yuanCell(v.valueFen)]));
    summary.push([], [...M.pipeHead], ...r.estimate.value.pipeWorks.map((p): Row => [STREET_CLASS_TEXT[p.streetClass], p.metres, yuanCell(p.fenPerMetre), yuanCell(p.fen)]));
  }
  const sheets: Sheet<Buffer>[] = [
    { sheet: M.sheetSummary, data: summary, columns: [{ width: 34 }, { width: 24 }, { width: 16 }, { width: 16 }, { width: 18 }, { width: 18 }] },
    ...STATUS_CATEGORIES.map((c: StatusCategory): Sheet<Buffer> => ({
      // Excel sheet names may not hold （） beyond 31 characters; the category text fits.
      sheet: CATEGORY_TEXT[c].slice(0, 31),
      data: [[...M.head], ...r.rows.filter((b) => b.category === c).map((b): Row => rowCells(b).map((v, i) => (i === 4 ? b.floors : i === 5 ? { value: b.floorAreaDm2 / 100, format: '0.00' } : v)))],
      columns: [{ width: 28 }, { width: 36 }, { width: 10 }, { width: 8 }, { width: 6 }, { width: 14 }, { width: 10 }, { width: 30 }, { width: 12 }, { width: 36 }, { width: 12 }, { width: 8 }],
    })),
  ];
  return writeXlsxFile(sheets).toBuffer();
}
