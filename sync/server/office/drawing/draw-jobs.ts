import { assertNever } from '#domain/assert.ts';
import { type SupplyMonth } from '#domain/city/published.ts';
import { type CityReport } from '#domain/city/report.ts';
import { type MarketInformation } from '#domain/market/market-information.ts';
import { type KindTotals, type Trend } from '#domain/market/market-stats.ts';
import { officesChart, trendChart as cityTrendChart } from '#server/office/city/reports/report-charts.ts';
import { infoSupplyChart, infoTrendChart, infoVolumeChart } from '#server/office/market/market-info-charts.ts';
import { trendChart, weekChart } from '#server/office/market/market-charts.ts';

/** One chart of a page, by name, with the figures it draws (plain data: it crosses to a worker thread). */
export type ChartSpec =
  | { chart: 'info-volume'; info: MarketInformation }
  | { chart: 'info-trend'; info: MarketInformation }
  | { chart: 'info-supply'; months: readonly SupplyMonth[] }
  | { chart: 'screen-week'; week: readonly { day: string; totals: KindTotals }[]; width: number; height: number }
  | { chart: 'screen-trend'; trend: Trend; width: number; height: number }
  | { chart: 'city-offices'; report: CityReport }
  | { chart: 'city-trend'; report: CityReport };

/** What the office draws off its main thread: a page's charts (one job, one answer), or a city report's two files. */
export type DrawJob =
  | { kind: 'charts'; charts: readonly ChartSpec[] }
  | { kind: 'report'; report: CityReport; now: string; revision: number };

export type ReportBytes = { pdf: Uint8Array; xlsx: Uint8Array };
export type DrawOutput = { kind: 'charts'; svgs: string[] } | ({ kind: 'report' } & ReportBytes);

/** The messages between the pool and a drawing thread (draw-pool.ts, draw-worker-entry.ts). */
export type DrawRequest = { id: number; job: DrawJob };
export type DrawReply = { id: number; ok: true; output: DrawOutput } | { id: number; ok: false; message: string };

/** Draws one chart to SVG (ECharts SSR), on whichever thread calls it. */
export function drawChart(spec: ChartSpec): string {
  switch (spec.chart) {
    case 'info-volume':
      return infoVolumeChart(spec.info);
    case 'info-trend':
      return infoTrendChart(spec.info);
    case 'info-supply':
      return infoSupplyChart(spec.months);
    case 'screen-week':
      return weekChart(spec.week, spec.width, spec.height);
    case 'screen-trend':
      return trendChart(spec.trend, spec.width, spec.height);
    case 'city-offices':
      return officesChart(spec.report);
    case 'city-trend':
      return cityTrendChart(spec.report);
    default:
      return assertNever(spec);
  }
}

/** A city report's PDF and workbook (report-files.ts), on whichever thread calls it. */
export async function drawReport(report: CityReport, now: Date, revision: number): Promise<ReportBytes> {
  // Loaded on the first report: a thread that only draws the pages' charts starts without the PDF and workbook libraries.
  const { reportPdf, reportXlsx } = await import('#server/office/city/reports/report-files.ts');
  const [pdf, xlsx] = await Promise.all([reportPdf(report, now, revision), reportXlsx(report, now, revision)]);
  return { pdf, xlsx: new Uint8Array(xlsx) };
}

/** Does one job: what the worker thread runs for each message (draw-worker-entry.ts). */
export async function runDrawJob(job: DrawJob): Promise<DrawOutput> {
  switch (job.kind) {
    case 'charts':
      return { kind: 'charts', svgs: job.charts.map(drawChart) };
    case 'report':
      return { kind: 'report', ...(await drawReport(job.report, new Date(job.now), job.revision)) };
    default:
      return assertNever(job);
  }
}
