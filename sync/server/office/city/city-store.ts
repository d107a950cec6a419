import { type Queryable } from '#office/platform/db/db.ts';
import { sql, sqlLimit } from '#office/platform/db/sql.ts';

/**
 * The city's view of its counties (migrations 0025, 0028, 0029): each county link as the last round left it,
 * and each county device's chain as the city re-verified it; and, at a county, how many of its own case
 * events the city still has to read. The puller and the replica write these tables (county-puller.ts,
 * county-replica.ts); the feed and the city page read them here.
 */

/** A county link: when it last answered, how far behind the city is, and how its rows come. */
export type CountyLinkState = {
  code: string;
  lastAttemptAt: string | null;
  lastOkAt: string | null;
  lastError: string | null;
  factsPending: number;
  eventsPending: number;
  /** `pull` (HTTPS alone) or `replication` (a subscription, with the HTTPS pull filling in). */
  mode: string;
  replicationState: string | null;
  walLagBytes: number | null;
  replicationSeenAt: string | null;
};

/** A county device's chain as the city last verified it (`ok`, `gap`, `broken`). */
export type CountyChainState = { countyCode: string; deviceId: string; seq: number; state: string; detail: string | null };

type LinkRow = {
  code: string; last_attempt_at: string | null; last_ok_at: string | null; last_error: string | null; facts_pending: number | string; events_pending: number | string;
  mode: string; replication_state: string | null; wal_lag_bytes: number | string | null; replication_seen_at: string | null;
};
type ChainRow = { county_code: string; device_id: string; seq: number | string; state: string; detail: string | null };

const linkFromRow = (r: LinkRow): CountyLinkState => ({
  code: r.code, lastAttemptAt: r.last_attempt_at, lastOkAt: r.last_ok_at, lastError: r.last_error,
  factsPending: Number(r.facts_pending), eventsPending: Number(r.events_pending),
  mode: r.mode, replicationState: r.replication_state, walLagBytes: r.wal_lag_bytes === null ? null : Number(r.wal_lag_bytes), replicationSeenAt: r.replication_seen_at,
});

export const cityReads = (q: Queryable) => ({
  /** Every county link, by code (one row per county the city reads). */
  async links(): Promise<CountyLinkState[]> {
    const rows = await q.all<LinkRow>(sql`SELECT code, last_attempt_at, last_ok_at, last_error, facts_pending, events_pending, mode, replication_state, wal_lag_bytes, replication_seen_at
      FROM county_links ORDER BY code`);
    return rows.map(linkFromRow);
  },

  /** The county devices' chains, broken first, then gaps (what the city page is for), at most `limit`. */
  async chains(limit: number): Promise<CountyChainState[]> {
    const rows = await q.all<ChainRow>(sql`SELECT county_code, device_id, seq, state, detail FROM county_chains
      ORDER BY CASE state WHEN 'broken' THEN 0 WHEN 'gap' THEN 1 ELSE 2 END, county_code, device_id ${sqlLimit(limit)}`);
    return rows.map((r) => ({ countyCode: r.county_code, deviceId: r.device_id, seq: Number(r.seq), state: r.state, detail: r.detail }));
  },

  /** A county's own case events after a checkpoint (on the documents' index by collection and seq: as many rows as are behind). */
  async caseEventsAfter(after: number): Promise<number> {
    const row = await q.get<{ n: number | string }>(sql`SELECT count(*) AS n FROM documents WHERE collection = 'caseEvents' AND seq > ${after}`);
    return Number(row?.n ?? 0);
  },
});
