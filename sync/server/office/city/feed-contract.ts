import { z } from 'zod';
import { MEASURE_KEYS, type StatFact, type StatKind, type StatUse, asCurrentFact } from '#domain/city/statistics.ts';

/**
 * What a county office serves the city (市县联机), one schema per answer, checked by the city before it
 * stores anything. Both are checkpointed pulls in the county's own order, like the vans' pull: the city
 * asks for what follows the last number it stored, and `head` says how far the county has got, so the
 * city can show how far behind it is.
 */
export const COUNTY_FEED_BASE = '/api/v1/county';
/**
 * The least length of the token a county gives the city: it is the feed's only credential and is chosen by an
 * operator, so a short one could be guessed online (OWASP ASVS 4.0 2.9 / 3.5: a bearer secret of enough entropy).
 * `npm run city` makes 48 hex characters; `openssl rand -hex 24` does the same by hand.
 */
export const MIN_CITY_TOKEN_LENGTH = 24;
/** Wrong tokens one address may present to a county's feed in `windowMs` before every request from it is refused. */
export const FEED_GUESS_LIMIT = { max: 20, windowMs: 10 * 60_000 };
export const MAX_FEED_LIMIT = 1000;

const measures = z.partialRecord(z.enum(MEASURE_KEYS), z.number().int());

export const FeedFact = z.object({
  seq: z.number().int().positive(),
  source: z.string().min(1).max(200),
  month: z.string().regex(/^\d{4}-\d{2}$/),
  kind: z.string().min(1).max(40),
  use: z.string().min(1).max(40),
  measures,
});

/** A county's fact as the city adds it to its statistics (by either road: the feed or replication). */
export const statFactOf = (f: z.infer<typeof FeedFact>): StatFact => asCurrentFact({ source: f.source, month: f.month, kind: f.kind as StatKind, use: f.use as StatUse, measures: f.measures });

export const FactsPage = z.object({
  office: z.string().regex(/^\d{6}$/),
  facts: z.array(FeedFact).max(MAX_FEED_LIMIT),
  /** The county's facts after this page, still to come. */
  pending: z.number().int().nonnegative(),
  /** The county's case events after the city's `events` checkpoint: any answer tells the city how far behind it is on both. */
  eventsPending: z.number().int().nonnegative(),
});
export type FactsPage = z.infer<typeof FactsPage>;

/** A case event as stored (the van's own canonical document): the city re-checks its hash and its chain. */
export const FeedEvent = z.looseObject({
  id: z.string(),
  caseId: z.string(),
  deviceId: z.string(),
  seq: z.number().int().positive(),
  at: z.string(),
  actor: z.string(),
  prevHash: z.string().nullable(),
  kind: z.string(),
  payload: z.unknown(),
  hash: z.string(),
});
export type FeedEvent = z.infer<typeof FeedEvent>;

export const EventsPage = z.object({
  office: z.string().regex(/^\d{6}$/),
  events: z.array(FeedEvent).max(MAX_FEED_LIMIT),
  /** The county's write order of the last event in the page (the next request's `after`). */
  checkpoint: z.number().int().nonnegative(),
  /** The county's case events after `checkpoint`, still to come. */
  pending: z.number().int().nonnegative(),
});
export type EventsPage = z.infer<typeof EventsPage>;

export const FeedQuery = z.object({
  after: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().positive().max(MAX_FEED_LIMIT).default(500),
  /** With the facts: the city's checkpoint of the case events, to count what it still has to read. */
  events: z.coerce.number().int().nonnegative().default(0),
});
