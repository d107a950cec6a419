import { type Db } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { StationCard } from '#protocol/stations.ts';
import { STATION_CHANNEL, type Station, type StationRead, type StationStore } from './station-store.ts';

type StationRow = { id: string; name: string; kind: Station['kind']; org_id: string | null; created_at: string; created_by: string; revoked_at: string | null };
type ReadRow = { id: string; station_id: string; requested_by: string; requested_at: string; taken_at: string | null; state: StationRead['state']; card: string | null; failure: string | null };

const stationOf = (r: StationRow): Station => ({ id: r.id, name: r.name, kind: r.kind, orgId: r.org_id, createdAt: r.created_at, createdBy: r.created_by, revokedAt: r.revoked_at });
const readOf = (r: ReadRow): StationRead => ({
  id: r.id, stationId: r.station_id, requestedBy: r.requested_by, requestedAt: r.requested_at, takenAt: r.taken_at, state: r.state,
  card: r.card === null ? null : StationCard.parse(JSON.parse(r.card)),
  failure: r.failure === null ? null : (JSON.parse(r.failure) as { code: string; message: string }),
});

/** Reader stations on the office's database (migrations 0015_reader-stations.sql, 0016_sales-office-stations.sql), SQLite or PostgreSQL. */
export function dbStationStore(db: Db): StationStore {
  return {
    add: async (s, tokenHash) => {
      await db.run(sql`INSERT INTO reader_stations (id, name, kind, org_id, token_hash, created_at, created_by) VALUES (${s.id}, ${s.name}, ${s.kind}, ${s.orgId}, ${tokenHash}, ${s.createdAt}, ${s.createdBy})`);
    },
    list: async () => (await db.all<StationRow>(sql`SELECT id, name, kind, org_id, created_at, created_by, revoked_at FROM reader_stations ORDER BY name, id`)).map(stationOf),
    byToken: async (tokenHash) => {
      const row = await db.get<StationRow>(sql`SELECT id, name, kind, org_id, created_at, created_by, revoked_at FROM reader_stations WHERE token_hash = ${tokenHash}`);
      return row && stationOf(row);
    },
    revoke: async (id, at) => (await db.run(sql`UPDATE reader_stations SET revoked_at = ${at} WHERE id = ${id} AND revoked_at IS NULL`)) === 1,
    request: (r) =>
      db.transaction(async (tx) => {
        await tx.run(sql`INSERT INTO reader_station_reads (id, station_id, requested_by, requested_at, state) VALUES (${r.id}, ${r.stationId}, ${r.requestedBy}, ${r.requestedAt}, 'pending')`);
        tx.notify(STATION_CHANNEL, `station:${r.stationId}`);
      }),
    take: (stationId, since, at) =>
      // Under the station's lock, so two polls of one station (two office servers) never take the same read.
      db.transaction(async (tx) => {
        await tx.lock(`reader-station:${stationId}`);
        const row = await tx.get<ReadRow>(sql`SELECT * FROM reader_station_reads WHERE station_id = ${stationId} AND state = 'pending' AND requested_at >= ${since} ORDER BY requested_at LIMIT 1`);
        if (!row) return undefined;
        await tx.run(sql`UPDATE reader_station_reads SET state = 'taken', taken_at = ${at} WHERE id = ${row.id}`);
        return readOf({ ...row, state: 'taken', taken_at: at });
      }),
    finish: (id, stationId, at, outcome) =>
      db.transaction(async (tx) => {
        const changed = await tx.run(
          'card' in outcome
            ? sql`UPDATE reader_station_reads SET state = 'done', finished_at = ${at}, card = ${JSON.stringify(outcome.card)} WHERE id = ${id} AND station_id = ${stationId} AND state = 'taken'`
            : sql`UPDATE reader_station_reads SET state = 'failed', finished_at = ${at}, failure = ${JSON.stringify(outcome.failure)} WHERE id = ${id} AND station_id = ${stationId} AND state = 'taken'`,
        );
        if (changed === 1) tx.notify(STATION_CHANNEL, `read:${id}`);
        return changed === 1;
      }),
    read: async (id) => {
      const row = await db.get<ReadRow>(sql`SELECT * FROM reader_station_reads WHERE id = ${id}`);
      return row && readOf(row);
    },
  };
}
