import { type z } from 'zod';
import { CITY_CODE } from '#domain/city/counties.ts';
import { type CityReport, REPORT_OFFICES, cityReport } from '#domain/city/report.ts';
import { type Measures, type StatRow, totalOf } from '#domain/city/statistics.ts';
import { lastMonths } from '#domain/market/market-stats.ts';
import { documentReads } from '#office/replication/document-store.ts';
import { type OfficeContext } from '#server/context.ts';
import { todayInOffice } from '../today.ts';
import { type CountyChainState, type CountyLinkState, cityReads } from './city-store.ts';
import { type EventsPage, type FactsPage, FeedEvent, type FeedQuery } from './feed-contract.ts';
import { type OfficeStatistics } from './office-statistics.ts';
import { cityRows, factsAfter, factsPending, statRows } from './stat-store.ts';

/**
 * The city–county platform's read use cases: a county's two feed pages to the city and the city's own page.
 * Each reads one consistent snapshot (a page's pending counts are those of the same moment as its rows);
 * the routes parse, authorise and present.
 */

type Query = z.infer<typeof FeedQuery>;

/**
 * A page of the county's statistics facts after the city's checkpoint, with how many facts and case events
 * the city still has to read. Facts are made from the office's sources first, so the city never waits for a timer.
 */
export async function countyFactsPage(ctx: Pick<OfficeContext, 'storage'>, stats: OfficeStatistics, query: Query): Promise<FactsPage> {
  await stats.catchUp();
  return ctx.storage.db.transaction(
    async (tx) => {
      const facts = await factsAfter(tx, stats.officeCode, query.after, query.limit);
      return {
        office: stats.officeCode,
        facts,
        pending: await factsPending(tx, stats.officeCode, facts.at(-1)?.seq ?? query.after),
        eventsPending: await cityReads(tx).caseEventsAfter(query.events),
      };
    },
    { readOnly: true },
  );
}

/** A page of the county's case events after the city's checkpoint, served as stored: a row altered in the county's database reaches the city altered, and is caught there. */
export async function countyEventsPage(ctx: Pick<OfficeContext, 'storage'>, officeCode: string, query: Pick<Query, 'after' | 'limit'>): Promise<EventsPage> {
  return ctx.storage.db.transaction(
    async (tx) => {
      const pulled = await documentReads(tx).pull('caseEvents', { seq: query.after }, query.limit, { kind: 'office' });
      const checkpoint = pulled.checkpoint?.seq ?? query.after;
      return { office: officeCode, events: pulled.documents.map((d) => FeedEvent.parse(d)), checkpoint, pending: await cityReads(tx).caseEventsAfter(checkpoint) };
    },
    { readOnly: true },
  );
}

/** What the city page shows: the county links, the county chains (broken first), the last twelve months' statistics and this month's live report. */
export type CityOverview = {
  links: CountyLinkState[];
  chains: CountyChainState[];
  fromMonth: string;
  toMonth: string;
  /** The city's and each county's own monthly rows. */
  rows: StatRow[];
  /** The city's total over the twelve months (its own and every county's). */
  total: Measures;
  /** The report's figures for the last month, as the PDF draws them. */
  live: CityReport;
};

/** The chains the page lists at most. */
const CHAINS_SHOWN = 500;

export async function cityOverview(ctx: Pick<OfficeContext, 'storage' | 'clock'>, counties: readonly string[]): Promise<CityOverview> {
  const months = lastMonths(todayInOffice(ctx.clock), 12);
  const [fromMonth, toMonth] = [months[0] ?? '', months.at(-1) ?? ''];
  return ctx.storage.db.transaction(
    async (tx) => {
      const reads = cityReads(tx);
      const totalRows = await cityRows(tx, fromMonth, toMonth);
      return {
        links: await reads.links(),
        chains: await reads.chains(CHAINS_SHOWN),
        fromMonth,
        toMonth,
        rows: await statRows(tx, { offices: [CITY_CODE, ...counties], fromMonth, toMonth }),
        total: totalOf(totalRows),
        live: cityReport({ kind: 'month', month: toMonth }, await statRows(tx, { offices: REPORT_OFFICES, fromMonth: toMonth, toMonth }), totalRows),
      };
    },
    { readOnly: true },
  );
}
