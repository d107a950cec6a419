import { type SupplyMonth, publishedInformation } from '#domain/city/published.ts';
import { type CityReport, cityReport } from '#domain/city/report.ts';
import { CITY_TOTAL, type StatRow } from '#domain/city/statistics.ts';
import { type MarketInformation } from '#domain/market/market-information.ts';
import { type KindTotals, type Trend, lastDays, lastMonths } from '#domain/market/market-stats.ts';

/**
 * Fixed figures for the charts the office draws: twelve months of two counties and the city, with a month without
 * second-hand sales (a gap in the price line). Built through the same domain functions the pages and reports use.
 */
const CHART_MONTHS = lastMonths('2026-11-15', 12);

const row = (office: string, month: string, i: number): StatRow => ({
  office, month, kind: i % 3 === 0 ? 'first' : 'transfer', use: 'residential',
  registrations: 3 + i, registeredUnits: 4 + i, feeFen: 8_000 * (3 + i),
  newHomeCount: 2 + (i % 4), newHomeAreaDm2: 9_000 * (2 + (i % 4)), newHomeFen: 54_000_000 * (2 + (i % 4)) + 1_000_000 * i,
  secondHandCount: i === 5 ? 0 : 1 + (i % 2), secondHandAreaDm2: i === 5 ? 0 : 8_000 * (1 + (i % 2)), secondHandFen: i === 5 ? 0 : 32_000_000 * (1 + (i % 2)),
  supplyUnits: i % 2 === 0 ? 12 : 0, supplyAreaDm2: i % 2 === 0 ? 125_736 : 0,
});
const rows: StatRow[] = ['230822', '230826', '230800'].flatMap((office) => CHART_MONTHS.map((month, i) => row(office, month, i)));
const totals: StatRow[] = rows.map((r) => ({ ...r, office: CITY_TOTAL }));

const published = publishedInformation(CHART_MONTHS, rows);
export const CHART_INFO: MarketInformation = published.market;
export const CHART_SUPPLY: SupplyMonth[] = published.months;
export const CHART_TREND: Trend = published.market.trend;
export const CHART_WEEK: { day: string; totals: KindTotals }[] = lastDays('2026-11-15', 7).map((day, i) => ({
  day,
  totals: { 'new-home': { count: i + 1, areaDm2: 9_000, fen: 54_000_000 }, 'second-hand': { count: 7 - i, areaDm2: 8_000, fen: 32_000_000 } },
}));
/** A year's report: its office chart and twelve-month trend, its tables in the PDF and the workbook. */
export const CHART_REPORT: CityReport = cityReport({ kind: 'year', year: '2026' }, rows.filter((r) => r.month.startsWith('2026')), totals);
