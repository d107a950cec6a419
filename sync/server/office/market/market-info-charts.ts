import { type SupplyMonth } from '#domain/city/published.ts';
import { type MarketInformation } from '#domain/market/market-information.ts';
import { renderSvg } from './market-charts.ts';
import { PM } from './public-market-text.ts';

/** The public market-information page's charts, drawn on the server into SVG (ECharts SSR): dark text on the page's white. */
const TEXT = { color: '#263238', fontSize: 13, fontFamily: '"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif' };
const AXIS = { axisLabel: TEXT, axisLine: { lineStyle: { color: '#90a4ae' } }, splitLine: { lineStyle: { color: '#eceff1' } } };
const GRID = { left: 70, right: 20, top: 40, bottom: 40 };

/** Average price per m² (yuan) by month; a month without transactions leaves a gap. */
export function infoTrendChart(info: MarketInformation, width = 760, height = 320): string {
  const yuan = (fen: number | null) => (fen === null ? null : Math.round(fen / 100));
  return renderSvg('info-trend', {
    legend: { top: 0, textStyle: TEXT }, grid: GRID,
    xAxis: { type: 'category', data: info.months.map((m) => m.month), ...AXIS, axisLabel: { ...TEXT, interval: 0, fontSize: 11 } },
    yAxis: { type: 'value', scale: true, ...AXIS },
    series: [
      { name: PM.screen.newHome, type: 'line', data: info.trend['new-home'].map((p) => yuan(p.fenPerM2)), connectNulls: false },
      { name: PM.screen.secondHand, type: 'line', data: info.trend['second-hand'].map((p) => yuan(p.fenPerM2)), connectNulls: false },
    ],
  }, width, height, TEXT);
}

/** Transactions (套) by month and kind, as bars. */
export function infoVolumeChart(info: MarketInformation, width = 760, height = 300): string {
  return renderSvg('info-volume', {
    legend: { top: 0, textStyle: TEXT }, grid: GRID,
    xAxis: { type: 'category', data: info.months.map((m) => m.month), ...AXIS, axisLabel: { ...TEXT, interval: 0, fontSize: 11 } },
    yAxis: { type: 'value', minInterval: 1, ...AXIS },
    series: [
      { name: PM.screen.newHome, type: 'bar', data: info.months.map((m) => m['new-home'].count) },
      { name: PM.screen.secondHand, type: 'bar', data: info.months.map((m) => m['second-hand'].count) },
    ],
  }, width, height, TEXT);
}

/** Supply against sales by month: units under a sale permit issued, and new homes sold, as bars. */
export function infoSupplyChart(months: readonly SupplyMonth[], width = 760, height = 300): string {
  return renderSvg('info-supply', {
    legend: { top: 0, textStyle: TEXT }, grid: GRID,
    xAxis: { type: 'category', data: months.map((m) => m.month), ...AXIS, axisLabel: { ...TEXT, interval: 0, fontSize: 11 } },
    yAxis: { type: 'value', minInterval: 1, ...AXIS },
    series: [
      { name: PM.info.supplySeries, type: 'bar', data: months.map((m) => m.supplyUnits) },
      { name: PM.info.soldSeries, type: 'bar', data: months.map((m) => m.soldUnits) },
    ],
  }, width, height, TEXT);
}
