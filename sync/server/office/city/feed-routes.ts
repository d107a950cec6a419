import { createHash, timingSafeEqual } from 'node:crypto';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { bearer } from '#server/auth/guards.ts';
import { clientAddress } from '#server/auth/routes.ts';
import { GuessBudget } from '#server/guess-budget.ts';
import { countyEventsPage, countyFactsPage } from './city-service.ts';
import { COUNTY_FEED_BASE, FEED_GUESS_LIMIT, FeedQuery } from './feed-contract.ts';
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
  const wrongTokens = GuessBudget.of(app.office, 'county-feed', FEED_GUESS_LIMIT);
  /**
   * Whether the request may read the feed; otherwise the refusal is sent. An address that presented too many wrong
   * tokens is refused whatever it presents until its window has passed, so a guess past the budget learns nothing.
   */
  const allowed = async (req: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    const address = clientAddress(req);
    if (await wrongTokens.spent(address)) {
      await reply.code(429).send({ code: 'too-many-requests', message: C.feedTooManyWrong });
      return false;
    }
    const token = bearer(req);
    if (token !== undefined && timingSafeEqual(digest(token), expected)) return true;
    await wrongTokens.take(address);
    await reply.code(401).send({ code: 'unauthorized', message: C.feedRefused });
    return false;
  };

  app.get(`${COUNTY_FEED_BASE}/facts`, async (req, reply) => {
    if (!(await allowed(req, reply))) return reply;
    const q = FeedQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send({ code: 'malformed', message: C.feedBadQuery });
    return countyFactsPage(app.office, stats, q.data);
  });

  app.get(`${COUNTY_FEED_BASE}/events`, async (req, reply) => {
    if (!(await allowed(req, reply))) return reply;
    const q = FeedQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send({ code: 'malformed', message: C.feedBadQuery });
    return countyEventsPage(app.office, stats.officeCode, q.data);
  });
}
