import { createHash } from 'node:crypto';
import { type CityReport, type ReportPeriod, REPORT_OFFICES, cityReport, periodMonths, trendMonths } from '#domain/city/report.ts';
import { type StatRow } from '#domain/city/statistics.ts';
import { type Queryable } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { cityRows, statRows } from '../stat-store.ts';
import { type DrawPool } from '#server/office/drawing/draw-pool.ts';
import type { ReportBytes } from '#server/office/drawing/draw-jobs.ts';
import { type ReportBasis } from './report-store.ts';

export type ReportFiles = { report: CityReport; pdf: Uint8Array; xlsx: Uint8Array; basis: ReportBasis };

/** Draws a report's two files: in this thread (`inThisThread`: the command line, tests) or on the office's drawing threads (`onThreads`). */
export type ReportDrawer = (report: CityReport, now: Date, revision: number) => Promise<ReportBytes>;

/** A drawer in this thread (the command line, tests), loading the drawing code only when it first draws. */
const inThisThread: ReportDrawer = async (report, now, revision) => (await import('#server/office/drawing/draw-jobs.ts')).drawReport(report, now, revision);

/** A drawer on the office's drawing threads. @throws an Error with the pool's message when the drawing failed. */
export const onThreads = (pool: DrawPool): ReportDrawer => async (report, now, revision) => {
  const r = await pool.report(report, now, revision);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

/** The digest of a period's own rows: equal digests, equal figures in every table of the report. */
const digest = (rows: readonly StatRow[]): string => createHash('sha256').update(JSON.stringify(rows)).digest('hex');

const periodRows = (db: Queryable, period: ReportPeriod): Promise<StatRow[]> => {
  const { from, to } = periodMonths(period);
  return statRows(db, { offices: REPORT_OFFICES, fromMonth: from, toMonth: to });
};

/** The highest statistics fact the office holds: a report drawn at this number has seen every fact up to it. */
export async function lastFactSeq(db: Queryable): Promise<number> {
  return Number((await db.get<{ s: number | string | null }>(sql`SELECT max(seq) AS s FROM stat_facts`))?.s ?? 0);
}

/** The digest of a period's figures as they stand now (compared with a stored report's basis). */
export async function currentFigures(db: Queryable, period: ReportPeriod): Promise<string> {
  return digest(await periodRows(db, period));
}

/**
 * Reads a period's figures from the statistics table (each office's rows, the city's total rows), with the basis
 * they were read at. The basis is read first, so a fact that arrives while the report is drawn is one it is marked
 * as not having seen.
 */
export async function readReport(db: Queryable, period: ReportPeriod): Promise<{ report: CityReport; basis: ReportBasis }> {
  const factSeq = await lastFactSeq(db);
  const positions = Object.fromEntries((await db.all<{ source: string; checkpoint: number | string }>(sql`SELECT source, checkpoint FROM stat_checkpoints ORDER BY source`)).map((r) => [r.source, Number(r.checkpoint)]));
  const { from, to } = periodMonths(period);
  const officeRows = await periodRows(db, period);
  // The trend's months end with the period's last and hold all of its months.
  const totalRows = await cityRows(db, trendMonths(period)[0] ?? from, to);
  return { report: cityReport(period, officeRows, totalRows), basis: { figures: digest(officeRows), factSeq, positions } };
}

/** A period's report read (readReport) and drawn as both files; `revision` above 1 prints it as a corrected edition. */
export async function produceReport(db: Queryable, period: ReportPeriod, now: Date, revision = 1, draw: ReportDrawer = inThisThread): Promise<ReportFiles> {
  const { report, basis } = await readReport(db, period);
  return { report, ...(await draw(report, now, revision)), basis };
}
