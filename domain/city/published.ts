import { type MarketInformation, marketInformation } from '#domain/market/market-information.ts';
import { type Bucket } from '#domain/market/market-stats.ts';
import { type StatRow, totalOf } from './statistics.ts';

/** A month's supply against sales: units under a sale permit issued that month, and new homes sold (filed) that month. */
export type SupplyMonth = { month: string; supplyUnits: number; supplyAreaDm2: number; soldUnits: number; soldAreaDm2: number; registrations: number };

/**
 * What the public market-information page publishes (市场信息公开) from the platform's statistics: the transactions
 * of new and second-hand homes (the market information the page has always shown), and per month the supply
 * against the sales and the registrations entered. Only monthly sums over an office's figure: it names no one.
 */
export type PublishedInformation = {
  market: MarketInformation;
  months: SupplyMonth[];
  latest: SupplyMonth;
  period: Omit<SupplyMonth, 'month'>;
};

/** The published information over `months` (oldest first) from the statistics rows of one figure (a county's or the city's). */
export function publishedInformation(months: readonly string[], rows: readonly StatRow[]): PublishedInformation {
  const sums = months.map((month) => ({ month, m: totalOf(rows.filter((r) => r.month === month)) }));
  const buckets: Bucket[] = sums.flatMap(({ month, m }): Bucket[] => [
    { key: month, kind: 'new-home', count: m.newHomeCount, areaDm2: m.newHomeAreaDm2, fen: m.newHomeFen },
    { key: month, kind: 'second-hand', count: m.secondHandCount, areaDm2: m.secondHandAreaDm2, fen: m.secondHandFen },
  ]).filter((b) => b.count !== 0 || b.areaDm2 !== 0 || b.fen !== 0);
  const supply = sums.map(({ month, m }): SupplyMonth => ({ month, supplyUnits: m.supplyUnits, supplyAreaDm2: m.supplyAreaDm2, soldUnits: m.newHomeCount, soldAreaDm2: m.newHomeAreaDm2, registrations: m.registrations }));
  const add = (a: Omit<SupplyMonth, 'month'>, b: SupplyMonth) => ({
    supplyUnits: a.supplyUnits + b.supplyUnits, supplyAreaDm2: a.supplyAreaDm2 + b.supplyAreaDm2, soldUnits: a.soldUnits + b.soldUnits,
    soldAreaDm2: a.soldAreaDm2 + b.soldAreaDm2, registrations: a.registrations + b.registrations,
  });
  const zero = { supplyUnits: 0, supplyAreaDm2: 0, soldUnits: 0, soldAreaDm2: 0, registrations: 0 };
  return {
    market: marketInformation(months, buckets),
    months: supply,
    latest: supply.at(-1) ?? { month: months.at(-1) ?? '', ...zero },
    period: supply.reduce(add, zero),
  };
}
