import writeXlsxFile, { type Row, type Sheet } from 'write-excel-file/node';
import { createFontSource, DEFAULT_CJK_FONT_PATH } from '#documents/font-source.ts';
import { type Block } from '#documents/layout.ts';
import { renderPdf } from '#documents/render-pdf.ts';
import { BUSINESS_KINDS, isBusinessKind } from '#domain/business/business-kinds.ts';
import { officeName } from '#domain/city/counties.ts';
import { type CityReport } from '#domain/city/report.ts';
import { areaFigure, pricePerM2Figure, yuanFigure } from '#domain/city/figures.ts';
import { type Measures, MEASURE_KEYS, fenPerM2 } from '#domain/city/statistics.ts';
import { beijingTime } from '#server/office/format.ts';
import { T } from '#server/office/office-text.ts';
import { chartPng, officesChart, trendChart } from './report-charts.ts';
import { R } from './report-text.ts';

/** One font source per process (the file is read once); OFFICE_CJK_FONT replaces the packaged Noto Sans SC. */
const fonts = createFontSource(process.env['OFFICE_CJK_FONT'] || DEFAULT_CJK_FONT_PATH);

const kindText = (k: string): string => (isBusinessKind(k) ? BUSINESS_KINDS[k].name : R.unknownKind);
const balanced = (r: CityReport): boolean => MEASURE_KEYS.every((k) => r.total[k] === r.officesTotal[k]);

const monthCells = (m: Measures): string[] => [
  String(m.registrations), yuanFigure(m.feeFen), String(m.newHomeCount), pricePerM2Figure(m.newHomeFen, m.newHomeAreaDm2),
  String(m.secondHandCount), pricePerM2Figure(m.secondHandFen, m.secondHandAreaDm2), String(m.supplyUnits),
];

/** The city's figure as label/value lines (the PDF's summary and the workbook's first sheet). */
function summaryLines(t: Measures): [string, string][] {
  const F = R.fields;
  return [
    [F.registrations, String(t.registrations)],
    [F.registeredUnits, String(t.registeredUnits)],
    [F.fee, yuanFigure(t.feeFen)],
    [F.newHome, R.dealText(t.newHomeCount, areaFigure(t.newHomeAreaDm2), yuanFigure(t.newHomeFen), pricePerM2Figure(t.newHomeFen, t.newHomeAreaDm2))],
    [F.secondHand, R.dealText(t.secondHandCount, areaFigure(t.secondHandAreaDm2), yuanFigure(t.secondHandFen), pricePerM2Figure(t.secondHandFen, t.secondHandAreaDm2))],
    [F.supply, R.supplyText(t.supplyUnits, areaFigure(t.supplyAreaDm2))],
  ];
}

const table = (head: readonly string[], rows: string[][], first = 1.6): Block => ({
  type: 'table',
  columns: head.map((header, i) => ({ header, width: i === 0 ? first : 1, align: i === 0 ? 'left' : 'right' })),
  rows,
});

/** The report as a PDF: the figures, the tables and the two charts, in the font the notices print with. */
export async function reportPdf(r: CityReport, now: Date, revision = 1): Promise<Uint8Array> {
  const title = R.title(r.period);
  const blocks: Block[] = [
    { type: 'title', text: title },
    { type: 'meta', text: R.meta(beijingTime(now.toISOString()), revision) },
    ...(balanced(r) ? [] : [{ type: 'paragraph' as const, text: R.unbalanced, size: 9 }]),
    { type: 'heading', text: R.summary },
    { type: 'fields', rows: summaryLines(r.total) },
    { type: 'heading', text: R.byOffice },
    // Eleven figures per line do not fit an A4 page's width at a readable size: the prices and areas of sales go to the workbook.
    table(['县（市）', '登簿件数', '登记费（元）', '新建商品房（套）', '均价（元/㎡）', '存量房（套）', '均价（元/㎡）', '批准预售（套）'], [
      ...r.offices.map((o) => [officeName(o.office), ...monthCells(o.measures)]),
      [R.officesSum, ...monthCells(r.officesTotal)],
      [R.total, ...monthCells(r.total)],
    ]),
    { type: 'heading', text: R.byKind },
    r.kinds.length === 0 ? { type: 'paragraph', text: R.noRegistrations } : table(R.kindHead, r.kinds.map((k) => [kindText(k.kind), String(k.measures.registrations), String(k.measures.registeredUnits), yuanFigure(k.measures.feeFen)])),
    { type: 'heading', text: `${R.charts}：${R.chartOffices}` },
    { type: 'image', png: chartPng(officesChart(r)), width: 523, caption: '' },
    { type: 'heading', text: R.chartTrend },
    { type: 'image', png: chartPng(trendChart(r)), width: 523, caption: '' },
    { type: 'heading', text: R.byMonth },
    table(R.monthHead, r.months.map((m) => [m.month, ...monthCells(m.measures)])),
    { type: 'paragraph', text: R.note, size: 8.5 },
  ];
  return (await renderPdf({ title, size: 'A4', footer: T.brand, blocks }, fonts, now)).bytes;
}

const num = (n: number): Row[number] => ({ value: n });
const money = (fen: number): Row[number] => ({ value: fen / 100, format: '#,##0.00' });
const area = (dm2: number): Row[number] => ({ value: dm2 / 100, format: '0.00' });
const perM2 = (fen: number, dm2: number): Row[number] => {
  const p = fenPerM2(fen, dm2);
  return p === null ? null : { value: Math.round(p / 100) };
};
const officeRow = (label: string, m: Measures): Row => [
  label, num(m.registrations), num(m.registeredUnits), money(m.feeFen),
  num(m.newHomeCount), area(m.newHomeAreaDm2), perM2(m.newHomeFen, m.newHomeAreaDm2),
  num(m.secondHandCount), area(m.secondHandAreaDm2), perM2(m.secondHandFen, m.secondHandAreaDm2),
  num(m.supplyUnits), area(m.supplyAreaDm2),
];

/** The same report as an Excel workbook: the summary, the offices (with the sum of their lines and the city's total), kinds and months. */
export async function reportXlsx(r: CityReport, now: Date, revision = 1): Promise<Buffer> {
  const wide = R.officeHead.map((_, i) => ({ width: i === 0 ? 14 : 13 }));
  const sheets: Sheet<Buffer>[] = [
    { sheet: R.sheets.summary, columns: [{ width: 18 }, { width: 60 }], data: [[R.title(r.period)], [R.meta(beijingTime(now.toISOString()), revision)], [], ...summaryLines(r.total).map((l): Row => [...l])] },
    { sheet: R.sheets.offices, columns: wide, data: [[...R.officeHead], ...r.offices.map((o) => officeRow(officeName(o.office), o.measures)), officeRow(R.officesSum, r.officesTotal), officeRow(R.total, r.total)] },
    { sheet: R.sheets.kinds, columns: [{ width: 16 }, { width: 12 }, { width: 12 }, { width: 14 }], data: [[...R.kindHead], ...r.kinds.map((k): Row => [kindText(k.kind), num(k.measures.registrations), num(k.measures.registeredUnits), money(k.measures.feeFen)])] },
    { sheet: R.sheets.months, columns: wide, data: [['月份', ...R.officeHead.slice(1)], ...r.months.map((m) => officeRow(m.month, m.measures))] },
  ];
  return writeXlsxFile(sheets).toBuffer();
}
