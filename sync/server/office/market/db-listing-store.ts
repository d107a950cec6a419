import { type Bucket } from '#domain/market/market-stats.ts';
import { type Db, type Tx } from '#office/platform/db/db.ts';
import { isUniqueViolation } from '#office/platform/db/errors.ts';
import { sql, sqlLimit, type Sql } from '#office/platform/db/sql.ts';
import { areaBand, priceBand } from './listing-bands.ts';
import { roomsBand, searchPage } from './listing-search-sql.ts';
import { type CheckDbRow, checkFromRow, type ListingDbRow, listingFromRow, listingToRow, publicListingFromRow } from './market-rows.ts';
import { type CheckRow, type ListingStore } from './market-store.ts';

const isOneLiveViolation = (error: unknown): boolean => isUniqueViolation(error, { sqlite: 'market_listings.unit_number', postgres: 'market_listings_one_live' });

const insertCheck = (tx: Tx, listingId: string, c: CheckRow) =>
  tx.run(sql`INSERT INTO market_listing_checks (listing_id, seq, source, item, ok, note, staff_id, at) VALUES (${listingId}, ${c.seq}, ${c.source}, ${c.item}, ${c.ok ? 1 : 0}, ${c.note}, ${c.staffId}, ${c.at})`);

/** The listing store on the office's database (tables of 0009_market.sql), SQLite or PostgreSQL. */
export function dbListingStore(db: Db): ListingStore {
  const one = async (query: Sql) => {
    const r = await db.get<ListingDbRow>(query);
    return r && listingFromRow(r);
  };
  const many = async (query: Sql) => (await db.all<ListingDbRow>(query)).map(listingFromRow);

  return {
    create: async (row, checks) => {
      const r = listingToRow(row);
      try {
        await db.transaction(async (tx) => {
          await tx.run(sql`INSERT INTO market_listings (id, kind, unit_number, source_kind, source_org_id, source_name, sellers, district_code, place, area_dm2, price_fen, use, rooms, rooms_band, price_band, area_band, halls, floor, total_floors, description, status, code, submitted_by, submitted_at, published_at)
            VALUES (${r.id}, ${r.kind}, ${r.unit_number}, ${r.source_kind}, ${r.source_org_id}, ${r.source_name}, ${r.sellers}, ${r.district_code}, ${r.place}, ${r.area_dm2}, ${r.price_fen}, ${r.use}, ${r.rooms}, ${roomsBand(r.rooms)}, ${priceBand(r.price_fen)}, ${areaBand(r.area_dm2)}, ${r.halls}, ${r.floor}, ${r.total_floors}, ${r.description}, ${r.status}, ${r.code}, ${r.submitted_by}, ${r.submitted_at}, ${r.published_at})`);
          for (const c of checks) await insertCheck(tx, row.id, c);
        });
        return 'ok';
      } catch (error) {
        if (isOneLiveViolation(error)) return 'unit-listed';
        throw error;
      }
    },
    listing: (id) => one(sql`SELECT * FROM market_listings WHERE id = ${id}`),
    byCode: (code) => one(sql`SELECT * FROM market_listings WHERE code = ${code}`),
    checks: async (listingId) => (await db.all<CheckDbRow>(sql`SELECT * FROM market_listing_checks WHERE listing_id = ${listingId} ORDER BY seq`)).map(checkFromRow),
    liveOf: (unitNumber) => one(sql`SELECT * FROM market_listings WHERE unit_number = ${unitNumber} AND status IN ('verifying', 'published')`),
    ofSource: (orgId, limit) => many(sql`SELECT * FROM market_listings WHERE source_org_id = ${orgId} ORDER BY submitted_at DESC ${sqlLimit(limit)}`),
    queue: (limit) => many(sql`SELECT * FROM market_listings WHERE status = 'verifying' ORDER BY submitted_at ${sqlLimit(limit)}`),
    verify: (id, expected, check, next, code) =>
      db.transaction(async (tx) => {
        await tx.lock(`market-listing:${id}`);
        const counts = await tx.get<{ staff: number; all: number }>(sql`SELECT count(*) FILTER (WHERE source = 'staff') AS staff, count(*) AS "all" FROM market_listing_checks WHERE listing_id = ${id}`);
        if (counts?.staff !== expected.staffChecks) return false;
        const published = next === 'published' ? check.at : null;
        const moved = await tx.run(
          sql`UPDATE market_listings SET status = ${next}, code = coalesce(CAST(${code} AS TEXT), code), published_at = coalesce(CAST(${published} AS TEXT), published_at) WHERE id = ${id} AND status = ${expected.status}`,
        );
        if (moved !== 1) return false;
        await insertCheck(tx, id, { ...check, seq: counts.all + 1 });
        return true;
      }),
    end: async (id, reason, at, on) =>
      (await db.run(sql`UPDATE market_listings SET status = 'ended', end_reason = ${reason}, ended_at = ${at}, ended_on = ${on} WHERE id = ${id} AND status IN ('verifying', 'published')`)) === 1,
    search: async (f, after, limit) => (await searchPage(db, f, after, limit)).map(publicListingFromRow),
    soldSums: async (by, since) =>
      (
        await db.all<{ key: string; count: number; area: number; fen: number }>(
          // SUM of a PostgreSQL bigint is numeric (read as a string): cast back to a bigint.
          sql`SELECT substr(ended_on, 1, ${by === 'day' ? 10 : 7}) AS key, COUNT(*) AS count, CAST(SUM(area_dm2) AS BIGINT) AS area, CAST(SUM(price_fen) AS BIGINT) AS fen
              FROM market_listings WHERE end_reason = 'sold' AND ended_on >= ${since} AND kind = 'second-hand' GROUP BY key ORDER BY key`,
        )
      ).map((r): Bucket => ({ key: r.key, kind: 'second-hand', count: r.count, areaDm2: r.area, fen: r.fen })),
  };
}
