import * as echarts from 'echarts';
import { type KindTotals, type Trend } from '#domain/market/market-stats.ts';
import { PM } from './public-market-text.ts';

/**
 * The screen's charts drawn by ECharts on the server into SVG (its server-side rendering: no DOM, no
 * script on the page), so the hall's screen needs no JavaScript and shows the same drawing in any browser.
 */
const TEXT = { color: '#e3f2fd', fontSize: 22, fontFamily: '"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif' };
const AXIS = { axisLabel: TEXT, axisLine: { lineStyle: { color: '#90caf9' } }, splitLine: { lineStyle: { color: '#1e3a5f' } } };
const COLOURS = ['#ffb300', '#4fc3f7'];

/** Draws `option` to an SVG string on the server (ECharts SSR, no DOM), in the screen's text style unless given another. */
export function renderSvg(option: echarts.EChartsCoreOption, width: number, height: number, textStyle: Record<string, unknown> = TEXT): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: COLOURS, textStyle, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Monthly average price per m² (yuan) of new and second-hand homes; a month without sales leaves a gap. */
export function trendChart(t: Trend, width = 900, height = 420): string {
  const yuan = (fen: number | null) => (fen === null ? null : Math.round(fen / 100));
  return renderSvg(
    {
      legend: { top: 0, textStyle: TEXT },
      grid: { left: 100, right: 30, top: 60, bottom: 50 },
      xAxis: { type: 'category', data: t['new-home'].map((p) => p.month.slice(2)), ...AXIS },
      yAxis: { type: 'value', scale: true, ...AXIS },
      series: [
        { name: PM.screen.newHome, type: 'line', data: t['new-home'].map((p) => yuan(p.fenPerM2)), connectNulls: false, symbolSize: 10, lineStyle: { width: 4 } },
        { name: PM.screen.secondHand, type: 'line', data: t['second-hand'].map((p) => yuan(p.fenPerM2)), connectNulls: false, symbolSize: 10, lineStyle: { width: 4 } },
      ],
    },
    width,
    height,
  );
}

/** The last seven days' transactions per kind, as bars. */
export function weekChart(week: readonly { day: string; totals: KindTotals }[], width = 900, height = 320): string {
  return renderSvg(
    {
      legend: { top: 0, textStyle: TEXT },
      grid: { left: 60, right: 30, top: 60, bottom: 50 },
      xAxis: { type: 'category', data: week.map((d) => d.day.slice(5)), ...AXIS },
      yAxis: { type: 'value', minInterval: 1, ...AXIS },
      series: [
        { name: PM.screen.newHome, type: 'bar', data: week.map((d) => d.totals['new-home'].count) },
        { name: PM.screen.secondHand, type: 'bar', data: week.map((d) => d.totals['second-hand'].count) },
      ],
    },
    width,
    height,
  );
}
