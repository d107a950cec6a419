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

/**
 * ECharts prefixes every id and CSS class of a drawing with a counter of the drawings the thread has made (`zr7-c0`,
 * `zr7-cls-12`), so the same figures drew different bytes depending on what was drawn before, and two worker threads
 * would give two charts on one page the same ids (an inline SVG's ids and `<style>` apply to the whole page). The
 * prefix becomes the chart's own name and the classes are numbered from 0: a chart is a function of its figures.
 */
function ownIds(svg: string, name: string): string {
  const prefix = /\bzr\d+-/.exec(svg)?.[0];
  if (!prefix) return svg;
  const classes = new Map<string, number>();
  const numbered = svg.replace(new RegExp(`${prefix}cls-(\\d+)`, 'g'), (_all, n: string) => {
    const own = classes.get(n) ?? classes.size;
    classes.set(n, own);
    return `${prefix}cls-${String(own)}`;
  });
  return numbered.replaceAll(prefix, `${name}-`);
}

/**
 * Draws `option` to an SVG string on the server (ECharts SSR, no DOM), in the screen's text style unless given
 * another. `name` is the chart's id prefix: unique among the charts of one page.
 */
export function renderSvg(name: string, option: echarts.EChartsCoreOption, width: number, height: number, textStyle: Record<string, unknown> = TEXT): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: COLOURS, textStyle, ...option });
    return ownIds(chart.renderToSVGString(), name);
  } finally {
    chart.dispose();
  }
}

/** Monthly average price per m² (yuan) of new and second-hand homes; a month without sales leaves a gap. */
export function trendChart(t: Trend, width = 900, height = 420): string {
  const yuan = (fen: number | null) => (fen === null ? null : Math.round(fen / 100));
  return renderSvg(
    'screen-trend',
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
    'screen-week',
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
