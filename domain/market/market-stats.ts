import { addDays } from '#domain/calendar/china-time.ts';
import { type AreaDm2 } from '#domain/map/region-summary.ts';
import { type ListingKind } from './listing.ts';
import { averageFenPerM2 } from './sales-table.ts';

/**
 * The figures the market hall's screen shows: transactions of a day and the trend of prices per m² by month.
 * New-home transactions are contract filings that stand (active or closed by registration); second-hand
 * ones are verified listings that ended because their home was sold, at the price they were offered for.
 */
export type Totals = { count: number; areaDm2: AreaDm2; fen: number };
export type KindTotals = Record<ListingKind, Totals>;

export const emptyTotals = (): Totals => ({ count: 0, areaDm2: 0, fen: 0 });

/** One group of an aggregate query: a month (`YYYY-MM`) or a day of one kind, with its sums. */
export type Bucket = { key: string; kind: ListingKind } & Totals;

export type TrendPoint = { month: string; fenPerM2: number | null; count: number };
export type Trend = Record<ListingKind, TrendPoint[]>;

/** The `months` calendar months ending with the month of `today`, oldest first (`YYYY-MM`). */
export function lastMonths(today: string, months: number): string[] {
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const out: string[] = [];
  for (let i = months - 1; i >= 0; i--) {
    const index = y * 12 + (m - 1) - i;
    out.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/** The price trend over the given months from monthly sums; a month without transactions has no price. */
export function priceTrend(months: readonly string[], buckets: readonly Bucket[]): Trend {
  const series = (kind: ListingKind): TrendPoint[] =>
    months.map((month) => {
      const b = buckets.find((x) => x.kind === kind && x.key === month);
      return { month, fenPerM2: b ? averageFenPerM2([{ fen: b.fen, areaDm2: b.areaDm2 }]) : null, count: b?.count ?? 0 };
    });
  return { 'new-home': series('new-home'), 'second-hand': series('second-hand') };
}

/** A day's totals per kind from daily sums. */
export function dayTotals(day: string, buckets: readonly Bucket[]): KindTotals {
  const of = (kind: ListingKind): Totals => {
    const b = buckets.find((x) => x.kind === kind && x.key === day);
    return b ? { count: b.count, areaDm2: b.areaDm2, fen: b.fen } : emptyTotals();
  };
  return { 'new-home': of('new-home'), 'second-hand': of('second-hand') };
}

/** The first day of the oldest month of the trend: where its queries start. */
export const trendStart = (months: readonly string[]): string => `${months[0] ?? '1970-01'}-01`;

/** The days of the last week up to `today`, oldest first (the screen's daily bars). */
export const lastDays = (today: string, days: number): string[] => Array.from({ length: days }, (_, i) => addDays(today, i - days + 1));
