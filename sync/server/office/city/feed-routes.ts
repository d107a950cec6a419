import { createHash, timingSafeEqual } from 'node:crypto';
import { type FastifyInstance } from 'fastify';
import { type Queryable } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { bearer } from '#server/auth/guards.ts';
import { COUNTY_FEED_BASE, type EventsPage, type FactsPage, FeedEvent, FeedQuery } from './feed-contract.ts';
import { C } from './city-text.ts';
import { type OfficeStatistics } from './office-statistics.ts';
import { factsAfter, factsPending } from './stat-store.ts';

/** The case events after a checkpoint (on the documents' index by collection and seq: as many rows as are behind). */
const eventsAfter = async (q: Queryable, after: number): Promise<number> =>
  Number((await q.get<{ n: number | string }>(sql`SELECT count(*) AS n FROM documents WHERE collection = 'caseEvents' AND seq > ${after}`))?.n ?? 0);

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * A county's feed to the city: its statistics facts and its case events, each after a checkpoint, to the
 * city alone (the token the two offices agreed, compared in constant time).
 */
export function registerCountyFeed(app: FastifyInstance, stats: OfficeStatistics, cityToken: string): void {
  const { storage } = app.office;
  const expected = digest(cityToken);
  const allowed = (req: { headers: { authorization?: string | undefined } }): boolean => {
    const token = bearer(req);
    return token !== undefined && timingSafeEqual(digest(token), expected);
  };

  app.get(`${COUNTY_FEED_BASE}/facts`, async (req, reply) => {
    if (!allowed(req)) return reply.code(401).send({ code: 'unauthorized', message: C.feedRefused });
    const q = FeedQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send({ code: 'malformed', message: C.feedBadQuery });
    // Facts are made from the office's sources as the feed is read, so the city never waits for a timer.
    await stats.catchUp();
    const facts = await factsAfter(storage.db, stats.officeCode, q.data.after, q.data.limit);
    const page: FactsPage = {
      office: stats.officeCode,
      facts,
      pending: await factsPending(storage.db, stats.officeCode, facts.at(-1)?.seq ?? q.data.after),
      eventsPending: await eventsAfter(storage.db, q.data.events),
    };
    return page;
  });

  app.get(`${COUNTY_FEED_BASE}/events`, async (req, reply) => {
    if (!allowed(req)) return reply.code(401).send({ code: 'unauthorized', message: C.feedRefused });
    const q = FeedQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send({ code: 'malformed', message: C.feedBadQuery });
    const pulled = await storage.pull('caseEvents', { seq: q.data.after }, q.data.limit, { kind: 'office' });
    const checkpoint = pulled.checkpoint?.seq ?? q.data.after;
    const page: EventsPage = {
      office: stats.officeCode,
      // Served as stored: a row altered in the county's database reaches the city altered, and is caught there.
      events: pulled.documents.map((d) => FeedEvent.parse(d)),
      checkpoint,
      pending: await eventsAfter(storage.db, checkpoint),
    };
    return page;
  });
}
