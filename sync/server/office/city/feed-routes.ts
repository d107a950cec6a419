import { createHash, timingSafeEqual } from 'node:crypto';
import { type FastifyInstance } from 'fastify';
import { bearer } from '#server/auth/guards.ts';
import { countyEventsPage, countyFactsPage } from './city-service.ts';
import { COUNTY_FEED_BASE, FeedQuery } from './feed-contract.ts';
import { C } from './city-text.ts';
import { type OfficeStatistics } from './office-statistics.ts';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * A county's feed to the city: its statistics facts and its case events, each after a checkpoint, to the
 * city alone (the token the two offices agreed, compared in constant time). The pages are the service's
 * (city-service.ts).
 */
export function registerCountyFeed(app: FastifyInstance, stats: OfficeStatistics, cityToken: string): void {
  const expected = digest(cityToken);
  const allowed = (req: { headers: { authorization?: string | undefined } }): boolean => {
    const token = bearer(req);
    return token !== undefined && timingSafeEqual(digest(token), expected);
  };

  app.get(`${COUNTY_FEED_BASE}/facts`, async (req, reply) => {
    if (!allowed(req)) return reply.code(401).send({ code: 'unauthorized', message: C.feedRefused });
    const q = FeedQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send({ code: 'malformed', message: C.feedBadQuery });
    return countyFactsPage(app.office, stats, q.data);
  });

  app.get(`${COUNTY_FEED_BASE}/events`, async (req, reply) => {
    if (!allowed(req)) return reply.code(401).send({ code: 'unauthorized', message: C.feedRefused });
    const q = FeedQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send({ code: 'malformed', message: C.feedBadQuery });
    return countyEventsPage(app.office, stats.officeCode, q.data);
  });
}
