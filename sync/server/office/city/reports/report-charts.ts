import { Resvg } from '@resvg/resvg-js';
import { DEFAULT_CJK_FONT_PATH } from '#documents/font-source.ts';
import { officeName } from '#domain/city/counties.ts';
import { type CityReport } from '#domain/city/report.ts';
import { fenPerM2 } from '#domain/city/statistics.ts';
import { renderSvg } from '#server/office/market/market-charts.ts';
import { R } from './report-text.ts';

/**
 * The reports' charts: drawn by ECharts on the server as SVG (the same drawing the pages show), and for the PDF
 * rasterised by resvg, since pdf-lib draws no SVG. resvg is given the font the documents print with, and no system
 * fonts, so the chart's Chinese labels look the same on every machine.
 */
const FONT_PATH = process.env['OFFICE_CJK_FONT'] || DEFAULT_CJK_FONT_PATH;
// Single quotes: ECharts writes the family into a double-quoted style attribute unescaped.
const TEXT = { color: '#263238', fontSize: 13, fontFamily: "'Noto Sans SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif" };
const AXIS = { axisLabel: TEXT, axisLine: { lineStyle: { color: '#90a4ae' } }, splitLine: { lineStyle: { color: '#eceff1' } } };
const yuanPerM2 = (fen: number, dm2: number): number | null => {
  const p = fenPerM2(fen, dm2);
  return p === null ? null : Math.round(p / 100);
};

/** Registrations and transactions of each county and the city's own districts, as bars. */
export function officesChart(r: CityReport, width = 760, height = 320): string {
  return renderSvg('report-offices', {
    legend: { top: 0, textStyle: TEXT }, grid: { left: 50, right: 20, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: r.offices.map((o) => officeName(o.office)), ...AXIS, axisLabel: { ...TEXT, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1, ...AXIS },
    series: [
      { name: R.registrationsSeries, type: 'bar', data: r.offices.map((o) => o.measures.registrations) },
      { name: R.newHomeSeries, type: 'bar', data: r.offices.map((o) => o.measures.newHomeCount) },
      { name: R.secondHandSeries, type: 'bar', data: r.offices.map((o) => o.measures.secondHandCount) },
    ],
    color: ['#5c6bc0', '#ffb300', '#29b6f6'],
  }, width, height, TEXT);
}

/** The trend's twelve months: transactions as bars, average prices per m² as lines on their own axis. */
export function trendChart(r: CityReport, width = 760, height = 340): string {
  const m = r.months;
  return renderSvg('report-trend', {
    legend: { top: 0, textStyle: TEXT }, grid: { left: 50, right: 70, top: 50, bottom: 40 },
    xAxis: { type: 'category', data: m.map((x) => x.month.slice(2)), ...AXIS, axisLabel: { ...TEXT, interval: 0, fontSize: 11 } },
    yAxis: [{ type: 'value', minInterval: 1, ...AXIS }, { type: 'value', scale: true, ...AXIS, splitLine: { show: false } }],
    series: [
      { name: R.newHomeSeries, type: 'bar', data: m.map((x) => x.measures.newHomeCount) },
      { name: R.secondHandSeries, type: 'bar', data: m.map((x) => x.measures.secondHandCount) },
      { name: R.newHomePrice, type: 'line', yAxisIndex: 1, connectNulls: false, data: m.map((x) => yuanPerM2(x.measures.newHomeFen, x.measures.newHomeAreaDm2)) },
      { name: R.secondHandPrice, type: 'line', yAxisIndex: 1, connectNulls: false, data: m.map((x) => yuanPerM2(x.measures.secondHandFen, x.measures.secondHandAreaDm2)) },
    ],
    color: ['#ffb300', '#29b6f6', '#e65100', '#01579b'],
  }, width, height, TEXT);
}

/** An SVG chart as PNG at twice its size (sharp when printed), on white. */
export function chartPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    font: { fontFiles: [FONT_PATH], loadSystemFonts: false, defaultFontFamily: 'Noto Sans SC' },
    fitTo: { mode: 'zoom', value: 2 },
    background: '#ffffff',
  });
  return new Uint8Array(resvg.render().asPng());
}
