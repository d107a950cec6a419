import { createHash } from 'node:crypto';
import { join } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChartSpec, drawChart, drawReport } from '#server/office/drawing/draw-jobs.ts';
import { createDrawPool } from '#server/office/drawing/draw-pool.ts';
import { CHART_INFO, CHART_REPORT, CHART_SUPPLY, CHART_TREND, CHART_WEEK } from './chart-inputs.ts';

const sha256 = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');
const NOW = new Date('2027-01-02T01:00:00Z');

/**
 * Every chart the office draws, and the SHA-256 of its SVG as drawn on the main thread before drawing moved to worker
 * threads (with ECharts' per-thread id counter replaced by the chart's name, see market-charts.ts). A new ECharts that
 * draws differently changes these on purpose: check the pages and the reports, then take the new sums.
 */
const CHARTS: [ChartSpec, string][] = [
  [{ chart: 'info-volume', info: CHART_INFO }, 'ad5b567e986a954658f3bcee779213e59162bdd5489f54eda11921ca0d0db279'],
  [{ chart: 'info-trend', info: CHART_INFO }, '90a96d9e59795f443cb756aa9dd3323b16a7611066c648833177c44a173944a4'],
  [{ chart: 'info-supply', months: CHART_SUPPLY }, 'abdf9c6e921b3bf1d4aa9446823d575d3a16682100d2dc3c3da037dc7b030d18'],
  [{ chart: 'screen-week', week: CHART_WEEK, width: 820, height: 190 }, '4c92e07467d9a69dd0e3b0974411dc3879e9b79abcf4daf0ff58641d6f968c05'],
  [{ chart: 'screen-trend', trend: CHART_TREND, width: 820, height: 240 }, '3c8a6a56a8b5acb396cf9351bb6d1b762c367e449f5c0e544efa0e2567018f23'],
  // The city page's two live charts, the report's own drawing (report-charts.ts), as the page drew them on the main thread.
  [{ chart: 'city-offices', report: CHART_REPORT }, 'a2b6558fa426f4d7f1288aa4803a92c52b83447f148c0fc4140cfd91922f0602'],
  [{ chart: 'city-trend', report: CHART_REPORT }, '13817e5a645ef4797ab0fa37aa200a8623e3c4153c4a37215baecf58cdf102fc'],
];
/** The year report's PDF as the main thread draws it (its charts rasterised into it), at NOW, as revision 2; redrawn when its yuan and areas were grouped by thousands and its lines kept from starting with a closing bracket. */
const REPORT_PDF = 'bfa0bf183187a2e824160ad3176dc06538229380a6388dff8d26a0c5b8fae156';

const pool = createDrawPool({ size: 2 });
afterAll(() => pool.close());

describe('drawing on the office’s worker threads', () => {
  it('draws every chart byte for byte as the main thread draws it, whatever either drew before', { timeout: 120_000 }, async () => {
    // The main thread has drawn other charts first, so its ECharts counters are past the worker's.
    for (const [spec] of CHARTS) drawChart(spec);
    const drawn = await pool.charts(CHARTS.map(([spec]) => spec));
    expect(drawn.ok).toBe(true);
    const svgs = drawn.ok ? drawn.value : [];
    expect(svgs.map(sha256)).toEqual(CHARTS.map(([, sum]) => sum));
    expect(svgs).toEqual(CHARTS.map(([spec]) => drawChart(spec)));
    // Charts drawn on two threads still share no id or class when they are put on one page.
    const [again] = (await Promise.all([pool.charts([CHARTS[0]![0]]), pool.charts([CHARTS[1]![0]])])).map((r) => (r.ok ? r.value : []));
    expect(again).toEqual([svgs[0]]);
    const ids = svgs.map((s) => new Set([...s.matchAll(/(?:id|class)="([^"]+)"/g)].map((m) => m[1])));
    for (const [i, a] of ids.entries()) for (const b of ids.slice(i + 1)) expect([...a].filter((x) => b.has(x))).toEqual([]);
  });

  it('draws a report’s PDF byte for byte as the main thread does, and its workbook with the same sheets', { timeout: 120_000 }, async () => {
    const drawn = await pool.report(CHART_REPORT, NOW, 2);
    expect(drawn.ok).toBe(true);
    if (!drawn.ok) return;
    const here = await drawReport(CHART_REPORT, NOW, 2);
    expect(sha256(drawn.value.pdf)).toBe(REPORT_PDF);
    expect(sha256(here.pdf)).toBe(REPORT_PDF);
    // The workbook's zip carries the time it was written, so compare what it reads back as.
    expect(await readXlsxFile(Buffer.from(drawn.value.xlsx))).toEqual(await readXlsxFile(Buffer.from(here.xlsx)));
  });

  it('answers a drawing that throws with its error, and draws the next one', { timeout: 120_000 }, async () => {
    const broken = await pool.charts([{ chart: 'info-supply', months: null as never }]);
    expect(broken).toEqual({ ok: false, error: { code: 'failed', message: expect.stringMatching(/^图表或报表绘制失败：.*map/) as unknown } });
    expect((await pool.charts([CHARTS[2]![0]])).ok).toBe(true);
  });
});

describe('the drawing threads’ lives', () => {
  const crashing = join(import.meta.dirname, 'crashing-draw-worker.ts');

  it('answers the job of a thread that died as crashed, and starts another for the next job', { timeout: 120_000 }, async () => {
    const own = createDrawPool({ size: 1, entry: crashing });
    try {
      expect((await own.charts([CHARTS[3]![0]])).ok).toBe(true);
      const [died, queued] = await Promise.all([own.report(CHART_REPORT, NOW, 666), own.charts([CHARTS[4]![0]])]);
      expect(died).toEqual({ ok: false, error: { code: 'crashed', message: '绘制线程意外退出（7），已另起线程，请重试' } });
      // The job that waited behind it is drawn on the thread that replaced it.
      expect(queued.ok && sha256(queued.value[0] ?? '')).toBe(CHARTS[4]![1]);
      expect(own.threads()).toBe(1);
    } finally {
      await own.close();
    }
  });

  it('ends every thread on close, answers the jobs in flight and waiting as closed, and refuses new ones', { timeout: 120_000 }, async () => {
    const closed = { ok: false, error: { code: 'closed', message: '服务器正在关闭，未能绘制' } };
    for (let round = 0; round < 3; round++) {
      const own = createDrawPool({ size: 2 });
      expect(own.threads()).toBe(0);
      // Two jobs on two threads still starting, a third waiting for one of them: the office closes at once.
      const jobs = [own.charts([CHARTS[0]![0]]), own.charts([CHARTS[1]![0]]), own.charts([CHARTS[2]![0]])];
      expect(own.threads()).toBe(2);
      await own.close();
      expect(own.threads()).toBe(0);
      expect(await Promise.all(jobs)).toEqual([closed, closed, closed]);
      expect(await own.charts([CHARTS[0]![0]])).toEqual(closed);
    }
    // A thread that has drawn and sits idle ends too, and so does one started ahead of any job.
    const own = createDrawPool({ size: 2 });
    own.warm();
    expect(own.threads()).toBe(1);
    expect((await own.charts([CHARTS[0]![0]])).ok).toBe(true);
    expect(own.threads()).toBe(1);
    await own.close();
    expect(own.threads()).toBe(0);
  });
});
