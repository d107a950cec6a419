import { chinaDate } from '#domain/calendar/china-time.ts';
import { type Clock } from '#domain/clock.ts';
import { type Building, type Project, type SalePermit } from '#domain/market/building-table.ts';
import { type Bucket, dayTotals, type KindTotals, lastDays, lastMonths, priceTrend, type Trend, trendStart } from '#domain/market/market-stats.ts';
import { saleStatusOf, type SalesRow, type SalesSummary, summarizeSales } from '#domain/market/sales-table.ts';
import { type UnitFacts } from '#domain/market/unit-facts.ts';
import { type ListingRow, type MarketStores, type PublicListingRow, type SearchCursor, type SearchFilter } from './market-store.ts';
import { type RegisterPort } from './register-port.ts';

export type SalesTable = {
  project: Project;
  buildings: Building[];
  permits: SalePermit[];
  rows: (SalesRow & { seizure: UnitFacts['seizure'] })[];
  summary: SalesSummary;
  day: string;
};

export type ScreenFigures = { day: string; latest: PublicListingRow[]; today: KindTotals; week: { day: string; totals: KindTotals }[]; trend: Trend; at: string };

/** How long the market hall's figures are reused: every screen in the hall asks, the figures change slowly. */
const SCREEN_CACHE_MS = 30_000;
export const SCREEN_LISTINGS = 24;
export const TREND_MONTHS = 12;

/**
 * What the public sees of the market: a project's sales table (销控表) with the register's seizures and
 * filings shown at once, the listings search, and the figures of the market hall's screen. Nothing here
 * reads a person's name or ID number.
 */
export class PublicMarketService {
  private screenCache: { until: number; figures: ScreenFigures } | null = null;

  constructor(
    private readonly stores: MarketStores,
    private readonly register: RegisterPort,
    private readonly clock: Clock,
  ) {}

  today(): string {
    return chinaDate(this.clock.now().toISOString());
  }

  async salesTable(projectId: string): Promise<SalesTable | undefined> {
    const project = await this.stores.table.project(projectId);
    if (!project) return undefined;
    const day = this.today();
    const [buildings, permits, units, filings] = await Promise.all([
      this.stores.table.buildingsOf(projectId),
      this.stores.table.permitsOf(projectId),
      this.stores.table.unitsOf(projectId),
      this.stores.filings.latestFilingsOf(projectId),
    ]);
    const facts = await this.register.factsOf(units.map((u) => u.unitNumber), day);
    const rows = units.map((unit) => {
      const f = filings.get(unit.unitNumber);
      const filing = f ? { status: f.status, totalFen: f.totalFen, areaDm2: f.areaDm2 } : null;
      const fact = facts.get(unit.unitNumber) ?? null;
      return { unit, filing, status: saleStatusOf(unit, permits, day, fact, filing), seizure: fact?.seizure ?? null };
    });
    return { project, buildings, permits, rows, summary: summarizeSales(rows), day };
  }

  projects(districtCode: string | null): Promise<Project[]> {
    return this.stores.table.projects(districtCode, 200);
  }

  search(f: SearchFilter, after: SearchCursor | null, limit: number): Promise<PublicListingRow[]> {
    return this.stores.listings.search(f, after, limit);
  }

  byCode(code: string): Promise<ListingRow | undefined> {
    return this.stores.listings.byCode(code);
  }

  /** The screen's figures, computed at most every 30 seconds whatever the number of screens. */
  async screen(): Promise<ScreenFigures> {
    const now = this.clock.now();
    if (this.screenCache && this.screenCache.until > now.getTime()) return this.screenCache.figures;
    const day = this.today();
    const months = lastMonths(day, TREND_MONTHS);
    const days = lastDays(day, 7);
    const [latest, newDaily, soldDaily, newMonthly, soldMonthly] = await Promise.all([
      this.stores.listings.search({ districtCode: null, kind: null, minFen: null, maxFen: null, minAreaDm2: null, maxAreaDm2: null, rooms: null }, null, SCREEN_LISTINGS),
      this.stores.filings.sums('day', days[0] ?? day),
      this.stores.listings.soldSums('day', days[0] ?? day),
      this.stores.filings.sums('month', trendStart(months)),
      this.stores.listings.soldSums('month', trendStart(months)),
    ]);
    const daily: Bucket[] = [...newDaily, ...soldDaily];
    const figures: ScreenFigures = {
      day,
      latest,
      today: dayTotals(day, daily),
      week: days.map((d) => ({ day: d, totals: dayTotals(d, daily) })),
      trend: priceTrend(months, [...newMonthly, ...soldMonthly]),
      at: now.toISOString(),
    };
    this.screenCache = { until: now.getTime() + SCREEN_CACHE_MS, figures };
    return figures;
  }
}
