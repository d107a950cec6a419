import { join } from 'node:path';
import cookie from '@fastify/cookie';
import { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { CITY_CODE } from '#domain/city/counties.ts';
import { CITY_TOTAL } from '#domain/city/statistics.ts';
import { dbProvinceStore } from '#server/office/province/province-store.ts';
import { createLogger } from '#office/platform/logger.ts';
import { registerCityPage } from './city-page.ts';
import { type CountyLink, CountyPuller } from './county-puller.ts';
import { CountyReplica } from './county-replica.ts';
import { publishCountyFeed, readCounties } from './county-rounds.ts';
import { registerCountyFeed } from './feed-routes.ts';
import { OfficeStatistics } from './office-statistics.ts';
import { onThreads, produceReport } from './reports/produce-report.ts';
import { MIN_CITY_TOKEN_LENGTH } from './feed-contract.ts';
import { registerReportRoutes } from './reports/report-routes.ts';
import { ReportOutbox } from './reports/report-outbox.ts';
import { ReportScheduler, type SchedulerOptions } from './reports/report-scheduler.ts';
import { ReportStore } from './reports/report-store.ts';

const log = createLogger('city');

export type CityOptions = {
  /** This office's code: a county's (it then serves the city with `cityToken`) or the city's 230800. */
  officeCode: string;
  /** A county office: the token the city presents to read its feed. */
  cityToken?: string;
  /** A county office on PostgreSQL: publish its rows for logical replication, readable by this role of the city's. */
  replicationRole?: string;
  /** The city office: the counties it reads, by themselves, every `pullEveryMs` (default 15 s). */
  counties?: readonly CountyLink[];
  pullEveryMs?: number;
  /** How often the office's own statistics take in what its sources added (default 15 s). */
  statisticsEveryMs?: number;
  /** The city office: how often it looks for monthly and yearly reports fallen due (default 10 min), and their schedule. */
  reportsEveryMs?: number;
  /** The first look after the office starts (default 1 min: drawing is CPU work, on its threads, while the office starts up). */
  reportsFirstAfterMs?: number;
  reports?: Omit<SchedulerOptions, 'produce'>;
};

/** Runs `fn` every `ms`, never two at once; answers how to stop and wait for a round under way. */
function every(ms: number, what: string, fn: () => Promise<unknown>, firstAfterMs = 0): () => Promise<void> {
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= fn().then(
      () => undefined,
      (error: unknown) => log.error({ err: error }, `${what} failed; the next round tries again`),
    ).finally(() => {
      running = null;
    });
  };
  const timer = setInterval(tick, ms);
  timer.unref();
  const first = setTimeout(tick, firstAfterMs);
  first.unref();
  return async () => {
    clearInterval(timer);
    clearTimeout(first);
    await running;
  };
}

/**
 * The city–county platform on an office: its own statistics kept up to date, the feed a county serves the
 * city, and at the city the counties read by themselves and the page that shows them.
 */
const cityRoutes = (opts: CityOptions): FastifyPluginAsync => async (app: FastifyInstance) => {
  const { storage, clock } = app.office;
  // The city's pages read the staff's session cookie; the office plugin's cookie parser is its own (Fastify encapsulation).
  if (!app.hasDecorator('parseCookie')) await app.register(cookie);
  const stats = new OfficeStatistics(storage.db, opts.officeCode, opts.counties === undefined ? undefined : CITY_TOTAL);
  const stops = [every(opts.statisticsEveryMs ?? 15_000, 'office statistics', () => stats.catchUp())];
  if (opts.cityToken !== undefined) registerCountyFeed(app, stats, opts.cityToken);
  if (opts.replicationRole !== undefined) await publishCountyFeed(storage.db, opts.officeCode, opts.replicationRole);
  if (opts.counties !== undefined) {
    const { counties } = opts;
    const puller = new CountyPuller(storage.db, counties, clock);
    const replica = new CountyReplica(storage.db, clock);
    stops.push(every(opts.pullEveryMs ?? 15_000, 'county feeds', () => readCounties(storage.db, counties, puller, replica)));
    // The reports live in the office's data folder, beside its scans and backups.
    const store = new ReportStore(join(app.office.dataDir, 'reports', 'city'));
    const draw = onThreads(app.office.drawing);
    const scheduler = new ReportScheduler(storage.db, store, clock, { ...opts.reports, produce: (db, period, now, revision) => produceReport(db, period, now, revision, draw) });
    // Each stored revision goes to the province through the 接入 messages' queue and sender, once.
    const outbox = new ReportOutbox(store, dbProvinceStore(storage.db), app.office.province?.regOrgId ?? CITY_CODE, clock);
    const reportRound = async () => {
      try {
        await scheduler.runDue();
      } finally {
        await outbox.enqueueStored();
      }
    };
    stops.push(every(opts.reportsEveryMs ?? 600_000, 'city reports', reportRound, opts.reportsFirstAfterMs ?? 60_000));
    registerCityPage(app, counties.map((c) => c.code), store);
    registerReportRoutes(app, store);
  }
  app.office.onClose(async () => {
    await Promise.all(stops.map((stop) => stop()));
  });
};

/** The city–county plugin; a county's feed token too short to be safe is refused before anything starts (feed-contract.ts). */
export function cityPlugin(opts: CityOptions): FastifyPluginAsync {
  if (opts.cityToken !== undefined && opts.cityToken.length < MIN_CITY_TOKEN_LENGTH) throw new Error(`the city's feed token must be at least ${MIN_CITY_TOKEN_LENGTH} characters`);
  return cityRoutes(opts);
}
