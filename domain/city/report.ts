import { addDays } from '#domain/calendar/china-time.ts';
import { lastMonths } from '#domain/market/market-stats.ts';
import { CITY_CODE, COUNTIES } from './counties.ts';
import { type Measures, type StatKind, type StatRow, addMeasures, totalOf, zeroMeasures } from './statistics.ts';

/**
 * The city's monthly and yearly statistics reports (统计月报、年报): which period a report covers, when a period has
 * closed and its report falls due, and the figures it carries, all from the statistics table's monthly rows.
 */
export type ReportPeriod = { kind: 'month'; month: string } | { kind: 'year'; year: string };

/** A period's stable name: `month-2026-11`, `year-2026` (the stored files are named by it). */
export const periodId = (p: ReportPeriod): string => (p.kind === 'month' ? `month-${p.month}` : `year-${p.year}`);

/** `2026-11` is a month, `2026` a year; `month-2026-11` and `year-2026` (a period's id) as well; anything else null. */
export function parsePeriod(text: string): ReportPeriod | null {
  const t = text.trim().replace(/^(month|year)-/, '');
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(t);
  if (month) return { kind: 'month', month: t };
  if (/^\d{4}$/.test(t)) return { kind: 'year', year: t };
  return null;
}

/**
 * Whether a period has begun on `today` (China date): a month from its first day, a year from January. One not begun
 * has no figures yet, and a report of it would print an official-looking page of zeros.
 */
export const periodBegun = (p: ReportPeriod, today: string): boolean => periodMonths(p).from <= today.slice(0, 7);

/** The first and last month of a period (`YYYY-MM`). */
export const periodMonths = (p: ReportPeriod): { from: string; to: string } =>
  p.kind === 'month' ? { from: p.month, to: p.month } : { from: `${p.year}-01`, to: `${p.year}-12` };

/** The twelve months a report's trend shows: those ending with its month, or its year's. */
export const trendMonths = (p: ReportPeriod): string[] => lastMonths(`${periodMonths(p).to}-01`, 12);

/**
 * The reports due on `today` (China date) that are not `done` yet: each closed month of the last `backMonths`
 * and the last closed year. A period counts as closed `graceDays` after its last day, so that what the counties
 * entered on that day has reached the city first. Oldest first, years after months.
 */
export function dueReports(today: string, done: ReadonlySet<string>, opts: { graceDays: number; backMonths: number }): ReportPeriod[] {
  const settled = addDays(today, -opts.graceDays);
  // The months before the settled day's own month are closed.
  const months = lastMonths(settled, opts.backMonths + 1).slice(0, -1);
  const year = String(Number(settled.slice(0, 4)) - 1);
  const periods: ReportPeriod[] = [...months.map((month): ReportPeriod => ({ kind: 'month', month })), { kind: 'year', year }];
  return periods.filter((p) => !done.has(periodId(p)));
}

export type OfficeFigures = { office: string; measures: Measures };
export type KindFigures = { kind: StatKind; measures: Measures };
export type MonthFigures = { month: string; measures: Measures };

/** What a report says: the city's figure, each office's own (the six counties, then the city's own districts), by kind and by month. */
export type CityReport = {
  period: ReportPeriod;
  /** The city's figure as the city keeps it (its running total of every office's facts). */
  total: Measures;
  offices: OfficeFigures[];
  /** The offices' figures added up: equal to `total` unless a county's facts are still on their way. */
  officesTotal: Measures;
  /** Registrations by kind, the market (transactions and supply) left out. */
  kinds: KindFigures[];
  /** The trend's twelve months of the city's figure. */
  months: MonthFigures[];
};

/** The offices a city report lists, in the order of the city's table of counties, the city's own last. */
export const REPORT_OFFICES: readonly string[] = [...COUNTIES.map((c) => c.code), CITY_CODE];

const inPeriod = (p: ReportPeriod) => {
  const { from, to } = periodMonths(p);
  return (r: StatRow) => r.month >= from && r.month <= to;
};

/**
 * A report from the offices' monthly rows of the period and the city's total rows of the trend's months (which
 * hold the period's months too). Rows outside the period or of offices not listed are left out.
 */
export function cityReport(period: ReportPeriod, officeRows: readonly StatRow[], totalRows: readonly StatRow[]): CityReport {
  const within = inPeriod(period);
  const periodTotal = totalRows.filter(within);
  const offices = REPORT_OFFICES.map((office) => ({ office, measures: totalOf(officeRows.filter((r) => r.office === office && within(r))) }));
  const kinds = new Map<StatKind, Measures>();
  for (const r of periodTotal) if (r.kind !== 'market') kinds.set(r.kind, addMeasures(kinds.get(r.kind) ?? zeroMeasures(), r));
  return {
    period,
    total: totalOf(periodTotal),
    offices,
    officesTotal: totalOf(offices.map((o) => o.measures)),
    kinds: [...kinds].map(([kind, measures]) => ({ kind, measures })).sort((a, b) => (a.kind < b.kind ? -1 : 1)),
    months: trendMonths(period).map((month) => ({ month, measures: totalOf(totalRows.filter((r) => r.month === month)) })),
  };
}
