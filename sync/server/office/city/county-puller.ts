import { type Clock } from '#domain/clock.ts';
import { type Db } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { createLogger } from '#office/platform/logger.ts';
import { bodyWithin } from '#server/office/answer-body.ts';
import { C } from './city-text.ts';
import { verifyCountyEvents } from './county-chains.ts';
import { COUNTY_FEED_BASE, EventsPage, FactsPage, statFactOf } from './feed-contract.ts';
import { addFacts, checkpointOf, setCheckpoint } from './stat-store.ts';
import { CITY_TOTAL } from '#domain/city/statistics.ts';

const log = createLogger('city');
const PAGE = 500;
/**
 * The most one answer of a county may weigh. A page is at most 1,000 facts or events (feed-contract.ts); a van's case
 * event is a kilobyte or two, so this is many times any real page. The answer is read up to it and no further: a
 * county that answered without end would otherwise be held in the city's memory until the office fell over.
 */
export const MAX_FEED_ANSWER_BYTES = 64 * 1024 * 1024;

/**
 * A county the city reads: its office's address and the token it gave the city, and where the network
 * allows it, its database as the city's replication role reaches it (a libpq URI; county-replica.ts).
 */
export type CountyLink = { code: string; url: string; token: string; replication?: { url: string } };

class FeedFailure extends Error {}

/**
 * The city's side of the feed: for each county, its facts and its case events after the city's checkpoints,
 * page by page. Each page is stored with its checkpoint in one transaction (facts are unique per county and
 * source), so a link that drops at any moment leaves the city where it was and the next round goes on from
 * there: a county offline for a day catches up exactly. Every event's hash is recomputed and every device's
 * chain re-walked; a broken one stays flagged.
 */
export class CountyPuller {
  constructor(
    private readonly db: Db,
    private readonly links: readonly CountyLink[],
    private readonly clock: Clock,
    private readonly opts: { fetchFn?: typeof fetch; pageSize?: number } = {},
  ) {}

  private get page(): number {
    return this.opts.pageSize ?? PAGE;
  }

  /** One round over every county; a county that fails is recorded as such and the others go on. */
  async pullAll(): Promise<void> {
    for (const link of this.links) await this.pullCounty(link);
  }

  async pullCounty(link: CountyLink): Promise<'ok' | 'failed'> {
    const now = () => this.clock.now().toISOString();
    await this.db.transaction((tx) => tx.run(sql`INSERT INTO county_links (code, last_attempt_at, facts_read, facts_head, facts_pending, events_read, events_pending)
      VALUES (${link.code}, ${now()}, 0, 0, 0, 0, 0) ON CONFLICT (code) DO UPDATE SET last_attempt_at = excluded.last_attempt_at`));
    try {
      while (await this.factsPage(link));
      while (await this.eventsPage(link));
      await this.db.transaction((tx) => tx.run(sql`UPDATE county_links SET last_ok_at = ${now()}, last_error = NULL WHERE code = ${link.code}`));
      return 'ok';
    } catch (error) {
      const message = error instanceof FeedFailure ? error.message : C.unreachable(error instanceof Error ? error.message : String(error));
      log.warn({ county: link.code, err: error }, 'county feed failed; the next round resumes from the checkpoint');
      await this.db.transaction((tx) => tx.run(sql`UPDATE county_links SET last_error = ${message} WHERE code = ${link.code}`));
      return 'failed';
    }
  }

  private async get(link: CountyLink, path: string, query: string): Promise<unknown> {
    const res = await (this.opts.fetchFn ?? fetch)(`${link.url}${COUNTY_FEED_BASE}/${path}?${query}&limit=${this.page}`, { headers: { authorization: `Bearer ${link.token}` }, signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new FeedFailure(C.unreachable(`HTTP ${res.status}`));
    const body = await bodyWithin(res, MAX_FEED_ANSWER_BYTES);
    if (!body.ok) throw new FeedFailure(C.answerTooLarge(body.error.max));
    return JSON.parse(body.value);
  }

  /** Stores one page of facts; answers whether there may be more. */
  private async factsPage(link: CountyLink): Promise<boolean> {
    const source = `county:${link.code}:facts`;
    const after = await checkpointOf(this.db, source);
    const events = await checkpointOf(this.db, `county:${link.code}:events`);
    const parsed = FactsPage.safeParse(await this.get(link, 'facts', `after=${after}&events=${events}`));
    if (!parsed.success || parsed.data.office !== link.code || parsed.data.facts.some((f) => f.seq <= after)) throw new FeedFailure(C.badAnswer);
    const page = parsed.data;
    const last = page.facts.at(-1)?.seq ?? after;
    await this.db.transaction(async (tx) => {
      await addFacts(tx, link.code, page.facts.map(statFactOf), CITY_TOTAL);
      await setCheckpoint(tx, source, last);
      await tx.run(sql`UPDATE county_links SET facts_read = ${last}, facts_pending = ${page.pending}, events_pending = ${page.eventsPending} WHERE code = ${link.code}`);
    });
    return page.facts.length === this.page;
  }

  private async eventsPage(link: CountyLink): Promise<boolean> {
    const source = `county:${link.code}:events`;
    const after = await checkpointOf(this.db, source);
    const parsed = EventsPage.safeParse(await this.get(link, 'events', `after=${after}`));
    if (!parsed.success || parsed.data.office !== link.code || parsed.data.checkpoint < after) throw new FeedFailure(C.badAnswer);
    const page = parsed.data;
    await this.db.transaction(async (tx) => {
      await verifyCountyEvents(tx, link.code, page.events, this.clock.now().toISOString());
      await setCheckpoint(tx, source, page.checkpoint);
      await tx.run(sql`UPDATE county_links SET events_read = ${page.checkpoint}, events_pending = ${page.pending} WHERE code = ${link.code}`);
    });
    return page.events.length === this.page;
  }
}
