import { type ListingKind } from './listing.ts';
import { type Bucket, emptyTotals, type KindTotals, priceTrend, type Totals, type Trend } from './market-stats.ts';
import { averageFenPerM2 } from './sales-table.ts';

/**
 * The market information the office publishes (市场信息公开): per month and kind, the number of transactions, their floor
 * area and amount and the average price per m², the month's and the period's totals, and the price trend. Built from
 * monthly sums only, so it names no one. This is the one function the public page and its charts read; a city-wide
 * statistics query can feed it the same monthly sums.
 */
export type MonthFigures = { month: string } & KindTotals;
export type Indicator = Totals & { fenPerM2: number | null };
export type MarketInformation = {
  months: MonthFigures[];
  /** The last month of the period (the month of the day it is published). */
  latest: Record<ListingKind, Indicator>;
  /** The whole period. */
  period: Record<ListingKind, Indicator>;
  trend: Trend;
};

const KINDS: readonly ListingKind[] = ['new-home', 'second-hand'];
const indicator = (t: Totals): Indicator => ({ ...t, fenPerM2: t.count === 0 ? null : averageFenPerM2([{ fen: t.fen, areaDm2: t.areaDm2 }]) });
const add = (a: Totals, b: Totals): Totals => ({ count: a.count + b.count, areaDm2: a.areaDm2 + b.areaDm2, fen: a.fen + b.fen });

export function marketInformation(months: readonly string[], buckets: readonly Bucket[]): MarketInformation {
  const of = (month: string, kind: ListingKind): Totals => {
    const b = buckets.find((x) => x.kind === kind && x.key === month);
    return b ? { count: b.count, areaDm2: b.areaDm2, fen: b.fen } : emptyTotals();
  };
  const figures: MonthFigures[] = months.map((month) => ({ month, 'new-home': of(month, 'new-home'), 'second-hand': of(month, 'second-hand') }));
  const last = figures.at(-1);
  const per = (pick: (kind: ListingKind) => Totals) => Object.fromEntries(KINDS.map((k) => [k, indicator(pick(k))])) as Record<ListingKind, Indicator>;
  return {
    months: figures,
    latest: per((k) => (last ? last[k] : emptyTotals())),
    period: per((k) => figures.reduce((sum, m) => add(sum, m[k]), emptyTotals())),
    trend: priceTrend(months, buckets),
  };
}
