import pg from 'pg';
import { CHAIN_BREAK_TEXT, hashEvent } from '#domain/case/hash-chain.ts';
import { type Clock } from '#domain/clock.ts';
import { CITY_TOTAL } from '#domain/city/statistics.ts';
import { type Db } from '#office/platform/db/db.ts';
import { type Sql, sql, sqlId, sqlJoin, sqlLimit } from '#office/platform/db/sql.ts';
import { createLogger } from '#office/platform/logger.ts';
import { C } from './city-text.ts';
import { verifyCountyEvents } from './county-chains.ts';
import { FeedEvent, FeedFact, statFactOf } from './feed-contract.ts';
import { cityRowBoundsScript, citySubscriptionScript, cityUnsubscribeScript, replicaSchema, slotName, subscriptionName } from './replication-sql.ts';
import { addFacts, checkpointOf, setCheckpoint } from './stat-store.ts';

const log = createLogger('city');
const PAGE = 500;
/**
 * The most a page of staged case events may weigh as read into the office: an event may be as large as a van's push
 * (`STAGED_ROW_LIMITS.eventBody`), and a page of 500 such would be gigabytes. A page stops before the event that would
 * pass this, and always holds at least one.
 */
const PAGE_BYTES = 32 * 1024 * 1024;

/** Failed applies between two rounds that say the subscription is stuck on a row, not that its link dropped once. */
const STALLED_AFTER_ERRORS = 2;

/** A county the city replicates: its database as the city's replication role sees it (a libpq URI). */
export type ReplicatedCounty = { code: string; replication: { url: string } };

/**
 * How the city's subscription to a county stands. Only `streaming` spares the HTTPS pull. `stalled`: the subscription
 * runs but the city's database refuses a row it brings (a CHECK bound, replication-sql.ts), so it applies nothing
 * past it, retrying the same transaction.
 */
export type ReplicationState = 'streaming' | 'connecting' | 'stalled' | 'not-subscribed';

type Probe = { walLagBytes: number; factsPending: number; eventsPending: number };
class BadRow extends Error {}
/** A county's publication lists tables besides its own two staging tables: the city does not subscribe to it. */
class ForeignTables extends Error {
  constructor(readonly tables: string) {
    super(tables);
  }
}

/** The county's two staging tables, the only ones the city takes from its publication (replication-sql.ts). */
const OWN_TABLES = ['case_events', 'stat_facts'];

/**
 * The tables the county's subscription writes at the city other than that county's staging tables, as `schema.table`.
 * A subscription copies every table its publication lists into the city's table of the same name, and the county's
 * administrator decides what the publication lists: `public.sessions`, `public.documents` or another county's schema
 * would be written into the city's own tables. Read where the subscription was just made, before it commits.
 */
async function foreignTables(q: Pick<Db, 'all'>, code: string): Promise<string[]> {
  const rows = await q.all<{ t: string }>(sql`SELECT n.nspname || '.' || c.relname AS t FROM pg_subscription_rel sr
    JOIN pg_subscription s ON s.oid = sr.srsubid JOIN pg_class c ON c.oid = sr.srrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE s.subname = ${subscriptionName(code)} AND NOT (n.nspname = ${replicaSchema(code)} AND c.relname IN (${sqlJoin(OWN_TABLES.map((t) => sql`${t}`), ', ')}))
    ORDER BY 1`);
  return rows.map((r) => r.t);
}

/**
 * The city's side of a county's logical replication. The subscription lands the county's rows in the
 * county's own staging schema; each round takes them in after the same checkpoints the HTTPS pull keeps
 * (the county's own numbers), in one transaction per page, so switching between replication and the pull
 * in either direction passes over what was taken in and doubles nothing. Every replicated case event is
 * hashed again and every device's chain walked, as for pulled ones. Each round also asks the county how far
 * the city's slot is behind, and makes the slot and the subscription when they are missing (again, after a
 * slot was lost).
 */
export class CountyReplica {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly opts: { pageSize?: number; pageBytes?: number } = {},
  ) {}

  /** Each county's count of failed applies (and initial copies) as the last round saw it. */
  private readonly applyErrors = new Map<string, number>();

  private get page(): number {
    return this.opts.pageSize ?? PAGE;
  }

  private get pageBytes(): number {
    return this.opts.pageBytes ?? PAGE_BYTES;
  }

  /** One round for one county: take in what arrived, look at the county, say whether the subscription streams. */
  async round(county: ReplicatedCounty): Promise<ReplicationState> {
    const now = this.clock.now().toISOString();
    await this.db.transaction((tx) => tx.run(sql`INSERT INTO county_links (code, last_attempt_at, facts_read, facts_head, facts_pending, events_read, events_pending, mode)
      VALUES (${county.code}, ${now}, 0, 0, 0, 0, 0, 'replication') ON CONFLICT (code) DO UPDATE SET last_attempt_at = excluded.last_attempt_at, mode = 'replication'`));
    let error: string | null = null;
    try {
      await this.takeIn(county.code);
    } catch (e) {
      error = e instanceof BadRow ? C.badReplicatedRow : C.unreachable(e instanceof Error ? e.message : String(e));
      log.error({ county: county.code, err: e }, 'replicated rows not taken in; the next round tries again');
    }
    const probe = await this.probe(county).catch((e: unknown) => {
      if (e instanceof ForeignTables) {
        log.error({ county: county.code, tables: e.tables }, 'the county’s publication lists tables not its own; not subscribed, the pull goes on');
        error = C.foreignTables(e.tables);
        return null;
      }
      log.warn({ county: county.code, err: e }, 'county database not reachable for replication');
      error ??= C.replicationUnreachable(e instanceof Error ? e.message : String(e));
      return null;
    });
    const state = await this.state(county.code);
    await this.db.transaction(async (tx) => {
      await tx.run(sql`UPDATE county_links SET replication_state = ${state.state}, replication_seen_at = ${state.seenAt} WHERE code = ${county.code}`);
      if (probe) {
        await tx.run(sql`UPDATE county_links SET wal_lag_bytes = ${probe.walLagBytes}, facts_pending = ${probe.factsPending}, events_pending = ${probe.eventsPending} WHERE code = ${county.code}`);
      }
      if (state.state === 'stalled') await tx.run(sql`UPDATE county_links SET last_error = ${error === null ? C.replicationStalled : `${C.replicationStalled}${error}`} WHERE code = ${county.code}`);
      else if (state.state === 'streaming' && error === null) await tx.run(sql`UPDATE county_links SET last_ok_at = ${now}, last_error = NULL WHERE code = ${county.code}`);
      else if (error !== null) await tx.run(sql`UPDATE county_links SET last_error = ${error} WHERE code = ${county.code}`);
    });
    return state.state;
  }

  /**
   * The subscription's apply worker, when it last heard from the county's WAL sender, and whether it is stuck: a row
   * the city refuses fails its transaction, and the worker restarts and fails on it again, so its count of errors
   * (pg_stat_subscription_stats, PostgreSQL 15) keeps rising between rounds while nothing past the row is applied.
   * The first round after the office starts has no count to compare with.
   */
  private async state(code: string): Promise<{ state: ReplicationState; seenAt: string | null }> {
    const row = await this.db.get<{ enabled: boolean; pid: number | null; seen: Date | null; errors: string | null }>(sql`SELECT s.subenabled AS enabled, st.pid, st.last_msg_receipt_time AS seen,
        (SELECT (e.apply_error_count + e.sync_error_count)::text FROM pg_stat_subscription_stats e WHERE e.subid = s.oid) AS errors
      FROM pg_subscription s LEFT JOIN pg_stat_subscription st ON st.subid = s.oid AND st.relid IS NULL WHERE s.subname = ${subscriptionName(code)}`);
    if (!row) {
      this.applyErrors.delete(code);
      return { state: 'not-subscribed', seenAt: null };
    }
    const errors = Number(row.errors ?? 0);
    const before = this.applyErrors.get(code);
    this.applyErrors.set(code, errors);
    const seenAt = row.seen ? row.seen.toISOString() : null;
    // A link dropped mid-stream counts once; a refused row again at every restart (wal_retrieve_retry_interval, 5 s by
    // default, against a round every 15 s).
    if (before !== undefined && errors >= before + STALLED_AFTER_ERRORS) return { state: 'stalled', seenAt };
    return { state: row.enabled && row.pid !== null ? 'streaming' : 'connecting', seenAt };
  }

  /** Takes in the staging rows after the checkpoints, page by page (facts, then events, as the pull does). */
  async takeIn(code: string): Promise<void> {
    const schema = sqlId(replicaSchema(code));
    const exists = await this.db.get<{ t: string | null }>(sql`SELECT to_regclass(${`${replicaSchema(code)}.stat_facts`})::text AS t`);
    if (!exists?.t) return;
    for (;;) {
      const after = await checkpointOf(this.db, `county:${code}:facts`);
      const rows = await this.db.all<{ seq: number | string; source: string; month: string; kind: string; use: string; measures: string }>(
        sql`SELECT seq, source, month, kind, use, measures FROM ${schema}.stat_facts WHERE seq > ${after} ORDER BY seq ${sqlLimit(this.page)}`,
      );
      if (rows.length === 0) break;
      const facts = rows.map((r) => {
        const fact = FeedFact.safeParse({ ...r, seq: Number(r.seq), measures: parseJson(r.measures) });
        if (!fact.success) throw new BadRow(`fact ${String(r.seq)}`);
        return fact.data;
      });
      const last = facts.at(-1)?.seq ?? after;
      await this.db.transaction(async (tx) => {
        await addFacts(tx, code, facts.map(statFactOf), CITY_TOTAL);
        await setCheckpoint(tx, `county:${code}:facts`, last);
        await tx.run(sql`UPDATE county_links SET facts_read = ${last} WHERE code = ${code}`);
      });
    }
    for (;;) {
      const after = await checkpointOf(this.db, `county:${code}:events`);
      const page = this.byteBounded(sql`SELECT seq, octet_length(body) AS n FROM ${schema}.case_events WHERE seq > ${after} ORDER BY seq ${sqlLimit(this.page)}`);
      const rows = await this.db.all<{ seq: number | string; body: string }>(sql`${page} SELECT e.seq, e.body FROM w JOIN ${schema}.case_events e ON e.seq = w.seq ORDER BY e.seq`);
      if (rows.length === 0) break;
      const events = rows.map((r) => {
        const event = FeedEvent.safeParse(parseJson(r.body));
        if (!event.success) throw new BadRow(`event ${String(r.seq)}`);
        return event.data;
      });
      const last = Number(rows.at(-1)?.seq ?? after);
      await this.db.transaction(async (tx) => {
        await verifyCountyEvents(tx, code, events, this.clock.now().toISOString());
        await setCheckpoint(tx, `county:${code}:events`, last);
        await tx.run(sql`UPDATE county_links SET events_read = ${last} WHERE code = ${code}`);
      });
    }
    await this.recheck(code);
  }

  /**
   * `WITH … w(seq)`: the rows of `sizes` (a page of `seq` and its stored size `n`, in seq order) whose bytes before them
   * stay under the page's bound, so the first row always counts. Sizes are read first (octet_length reads a stored
   * text's size without fetching it); the statement that follows joins `w` to fetch only those rows' bodies.
   */
  private byteBounded(sizes: Sql): Sql {
    return sql`WITH p AS (${sizes}),
      w AS (SELECT seq FROM (SELECT seq, coalesce(sum(n) OVER (ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before FROM p) s WHERE before < ${this.pageBytes})`;
  }

  /**
   * Events altered at the county after the city took them in (their staged rows were updated): hashed again,
   * and a device whose event no longer matches its hash is flagged. Rows past the checkpoint were just read.
   */
  private async recheck(code: string): Promise<void> {
    if (!(await this.db.get<{ t: string | null }>(sql`SELECT to_regclass(${`${replicaSchema(code)}.rechecks`})::text AS t`))?.t) return;
    const after = await checkpointOf(this.db, `county:${code}:events`);
    while (await this.recheckPage(code, after));
  }

  /** One page of the events to check again (by count and by bytes, as the take-in's); answers whether there may be more. */
  private async recheckPage(code: string, after: number): Promise<boolean> {
    const schema = sqlId(replicaSchema(code));
    const page = this.byteBounded(sql`SELECT r.seq, coalesce(octet_length(e.body), 0) AS n FROM ${schema}.rechecks r LEFT JOIN ${schema}.case_events e ON e.seq = r.seq ORDER BY r.seq ${sqlLimit(this.page)}`);
    const rows = await this.db.all<{ seq: number | string; body: string | null }>(sql`${page} SELECT w.seq, e.body FROM w LEFT JOIN ${schema}.case_events e ON e.seq = w.seq ORDER BY w.seq`);
    const at = this.clock.now().toISOString();
    await this.db.transaction(async (tx) => {
      for (const r of rows) {
        const event = r.body === null ? null : FeedEvent.safeParse(parseJson(r.body));
        if (Number(r.seq) <= after && event?.success && hashEvent(event.data as never) !== event.data.hash) {
          await tx.run(sql`UPDATE county_chains SET state = 'broken', detail = ${`${CHAIN_BREAK_TEXT.tampered}（第 ${event.data.seq} 号）`}, checked_at = ${at}
            WHERE county_code = ${code} AND device_id = ${event.data.deviceId} AND state <> 'broken'`);
        }
        await tx.run(sql`DELETE FROM ${schema}.rechecks WHERE seq = ${r.seq}`);
      }
    });
    // A page cut by its bytes may be short with more behind it: look again until a page comes back empty.
    return rows.length > 0;
  }


  /**
   * Connects to the county as the replication role: makes the city's slot if it is missing (re-subscribing
   * when the slot was lost under an existing subscription), then reads how far the slot is behind the
   * county's WAL and how many of its rows the city has still to take in.
   */
  private async probe(county: ReplicatedCounty): Promise<Probe> {
    const client = new pg.Client({ connectionString: county.replication.url, connectionTimeoutMillis: 5_000, statement_timeout: 10_000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const slot = slotName(county.code);
      const subscribed = (await this.db.get<{ n: string }>(sql`SELECT count(*)::text AS n FROM pg_subscription WHERE subname = ${subscriptionName(county.code)}`))?.n === '1';
      const hasSlot = (await client.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [slot])).rowCount === 1;
      if (!hasSlot) {
        if (subscribed) {
          log.warn({ county: county.code, slot }, 'the city’s replication slot is gone from the county; subscribing afresh (the pull covers the gap)');
          await this.db.transaction((tx) => tx.exec(`ALTER SUBSCRIPTION ${subscriptionName(county.code)} DISABLE`));
          await this.db.transaction((tx) => tx.exec(cityUnsubscribeScript(county.code)));
        }
        await client.query("SELECT pg_create_logical_replication_slot($1, 'pgoutput')", [slot]);
      }
      if (!hasSlot || !subscribed) {
        // Made and checked in one transaction: a publication with any other table leaves no subscription behind.
        await this.db.transaction(async (tx) => {
          await tx.exec(citySubscriptionScript(county.code, county.replication.url));
          const foreign = await foreignTables(tx, county.code);
          if (foreign.length > 0) throw new ForeignTables(foreign.join('、'));
        });
      } else {
        // One made before this check was: let it go if it writes anything but the county's own staging tables.
        const foreign = await foreignTables(this.db, county.code);
        if (foreign.length > 0) {
          await this.db.transaction((tx) => tx.exec(`ALTER SUBSCRIPTION ${subscriptionName(county.code)} DISABLE`));
          await this.db.transaction((tx) => tx.exec(cityUnsubscribeScript(county.code)));
          throw new ForeignTables(foreign.join('、'));
        }
        // A subscription made before the staged rows were bounded gets the bounds now (replication-sql.ts).
        await this.db.transaction((tx) => tx.exec(cityRowBoundsScript(county.code)));
      }
      const schema = replicaSchema(county.code);
      const [facts, events] = [await checkpointOf(this.db, `county:${county.code}:facts`), await checkpointOf(this.db, `county:${county.code}:events`)];
      const r = await client.query<{ lag: string | null; facts: string; events: string }>(
        `SELECT (SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint::text FROM pg_replication_slots WHERE slot_name = $1) AS lag,
                (SELECT count(*)::text FROM ${schema}.stat_facts WHERE seq > $2) AS facts,
                (SELECT count(*)::text FROM ${schema}.case_events WHERE seq > $3) AS events`,
        [slot, facts, events],
      );
      const row = r.rows[0];
      return { walLagBytes: Number(row?.lag ?? 0), factsPending: Number(row?.facts ?? 0), eventsPending: Number(row?.events ?? 0) };
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
