import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db } from '#office/platform/db/db.ts';
import { listMigrations, migrate } from '#office/platform/db/migrate.ts';
import { openPostgresDb } from '#office/platform/db/postgres-db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { dbListingStore } from '#server/office/market/db-listing-store.ts';
import { areaBand, priceBand } from '#server/office/market/listing-bands.ts';
import { bandCounts, roomsBand } from '#server/office/market/listing-search-sql.ts';
import { listingToRow } from '#server/office/market/market-rows.ts';
import { type ListingRow, type ListingStore } from '#server/office/market/market-store.ts';
import { migrationsBefore, openTestDb, testBackend } from '../../support/backend.ts';
import { tempFolderForTests } from '../../support/temp-folder.ts';

/**
 * The search's band counts (`market_listing_bands`, migration 0035) are kept by triggers in the transactions that
 * store, publish and end listings: they must stay the bands of the published listings while two office servers
 * (on PostgreSQL two pools; on SQLite the one office server, from two places at once) publish and end listings at
 * the same time, and the listings stored before the migration are counted by it.
 */
const DISTRICTS = ['230803', '230804', '230805'];
const AT = '2026-06-01T02:00:00.000Z';

function listing(i: number, status: ListingRow['status']): ListingRow {
  return {
    id: `listing-${String(i).padStart(4, '0')}`, kind: i % 3 === 0 ? 'new-home' : 'second-hand', unitNumber: `230803003012GB00100F${String(i).padStart(8, '0')}`, districtCode: DISTRICTS[i % 3] ?? '230803',
    place: `小区 ${i}`, areaDm2: 4000 + ((i * 37) % 12) * 1000, priceFen: 20_000_000 + ((i * 53) % 14) * 10_000_000, use: 'residential', rooms: 1 + (i % 5), halls: 1, floor: 1, totalFloors: 6,
    description: '', source: { kind: 'owner' }, sellers: [], status, code: status === 'published' ? String(100_000_000_000 + i) : null, submittedBy: 'test', submittedAt: AT, publishedAt: status === 'published' ? AT : null,
    endedAt: null, endReason: null,
  };
}

type Count = { district_code: string; dimension: string; band: number | string; listings: number | string };
const key = (r: Count) => `${r.district_code}/${r.dimension}/${Number(r.band)}`;

/** The counts as the table keeps them (rows at zero left out) and as the published listings are, each as `district/dimension/band → n`. */
async function keptAndCounted(db: Db): Promise<{ kept: Record<string, number>; counted: Record<string, number> }> {
  const kept = Object.fromEntries((await db.all<Count>(sql`SELECT district_code, dimension, band, listings FROM market_listing_bands WHERE listings <> 0`)).map((r) => [key(r), Number(r.listings)]));
  const rows = await db.all<{ district_code: string; price_band: number | string; area_band: number | string; rooms_band: number | string }>(
    sql`SELECT district_code, price_band, area_band, rooms_band FROM market_listings WHERE status = 'published'`,
  );
  const counted: Record<string, number> = {};
  for (const r of rows) {
    for (const district of [r.district_code, '']) {
      for (const [dimension, band] of [['price', r.price_band], ['area', r.area_band], ['rooms', r.rooms_band]] as const) {
        const k = `${district}/${dimension}/${Number(band)}`;
        counted[k] = (counted[k] ?? 0) + 1;
      }
    }
  }
  return { kept, counted };
}

describe(`the listings search's band counts on ${testBackend()}`, () => {
  const dir = tempFolderForTests('listing-band-counts');
  let dbs: Db[];
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const opened = await openTestDb(dir());
    drop = opened.drop;
    dbs = [opened.db, opened.url === null ? opened.db : await openPostgresDb(opened.url, { poolSize: 4 })];
  });
  afterAll(async () => {
    if (dbs[1] !== dbs[0]) await dbs[1]?.close();
    await drop();
  });

  it('stay the bands of the published listings while two servers store, publish and end listings at once', async () => {
    const stores: ListingStore[] = dbs.map((db) => dbListingStore(db));
    // Each server stores its own listings, some published at once and some to be verified, then publishes the ones
    // waiting and ends every fourth, all at the same time as the other server.
    await Promise.all(
      stores.map(async (store, k) => {
        const mine = Array.from({ length: 30 }, (_, n) => n * 2 + k);
        for (const i of mine) expect(await store.create(listing(i, i % 5 === 0 ? 'verifying' : 'published'), [])).toBe('ok');
        for (const i of mine.filter((i) => i % 5 === 0)) {
          const check = { source: 'staff' as const, item: 'identity' as const, ok: true, note: '', staffId: 'staff-1', at: AT };
          expect(await store.verify(listing(i, 'verifying').id, { status: 'verifying', staffChecks: 0 }, check, 'published', String(100_000_000_000 + i))).toBe(true);
        }
        for (const i of mine.filter((i) => i % 4 === 1)) expect(await store.end(listing(i, 'published').id, 'sold', AT, '2026-06-01')).toBe(true);
      }),
    );
    const { kept, counted } = await keptAndCounted(dbs[0]!);
    expect(kept).toEqual(counted);
    // 60 stored, 15 ended: every listing counted once per dimension in its district and once among all.
    expect(Object.entries(kept).filter(([k]) => k.startsWith('/price/')).reduce((t, [, n]) => t + n, 0)).toBe(45);
    // Ending a listing again, or ending one still being verified, changes nothing twice.
    expect(await stores[0]!.end(listing(1, 'published').id, 'sold', AT, '2026-06-01')).toBe(false);
    expect(await stores[0]!.create(listing(200, 'verifying'), [])).toBe('ok');
    expect(await stores[0]!.end(listing(200, 'verifying').id, 'withdrawn', AT, '2026-06-01')).toBe(true);
    expect((await keptAndCounted(dbs[0]!)).kept).toEqual(counted);
  });

  it('answer what a search asks for: the published listings in its bands of each dimension, in its district or in all', async () => {
    const db = dbs[0]!;
    const f = { districtCode: '230804', kind: null, minFen: 40_000_000, maxFen: 89_999_999, minAreaDm2: 6000, maxAreaDm2: 9999, rooms: 2 };
    const published = (await db.all<{ district_code: string; price_fen: number | string; area_dm2: number | string; rooms: number | string }>(
      sql`SELECT district_code, price_fen, area_dm2, rooms FROM market_listings WHERE status = 'published'`,
    )).map((r) => ({ district: r.district_code, price: priceBand(Number(r.price_fen)), area: areaBand(Number(r.area_dm2)), rooms: roomsBand(Number(r.rooms)) }));
    for (const districtCode of ['230804', null]) {
      const here = published.filter((l) => districtCode === null || l.district === districtCode);
      const expected = {
        price: here.filter((l) => l.price >= priceBand(40_000_000) && l.price <= priceBand(89_999_999)).length,
        area: here.filter((l) => l.area >= areaBand(6000) && l.area <= areaBand(9999)).length,
        rooms: here.filter((l) => l.rooms === 2).length,
      };
      expect(await bandCounts(db, { ...f, districtCode })).toEqual(expected);
      expect(expected.price * expected.area * expected.rooms).toBeGreaterThan(0);
    }
    // A search of one dimension has nothing to choose.
    expect(await bandCounts(db, { ...f, minAreaDm2: null, maxAreaDm2: null, rooms: null })).toBeNull();
  });
});

describe(`the band counts migration on ${testBackend()}`, () => {
  const dir = tempFolderForTests('listing-band-counts-migration');

  it('counts the listings published before it, and only those', async () => {
    const { db, drop } = await openTestDb(dir(), testBackend(), { migrations: migrationsBefore(dir(), '0035') });
    try {
      for (let i = 0; i < 40; i++) {
        const r = listingToRow(listing(i, i % 7 === 3 ? 'verifying' : i % 7 === 5 ? 'ended' : 'published'));
        await db.run(sql`INSERT INTO market_listings (id, kind, unit_number, source_kind, source_org_id, source_name, sellers, district_code, place, area_dm2, price_fen, use, rooms, rooms_band, price_band, area_band, halls, floor, total_floors, description, status, code, submitted_by, submitted_at, published_at)
          VALUES (${r.id}, ${r.kind}, ${r.unit_number}, ${r.source_kind}, ${r.source_org_id}, ${r.source_name}, ${r.sellers}, ${r.district_code}, ${r.place}, ${r.area_dm2}, ${r.price_fen}, ${r.use}, ${r.rooms}, ${roomsBand(r.rooms)}, ${priceBand(r.price_fen)}, ${areaBand(r.area_dm2)}, ${r.halls}, ${r.floor}, ${r.total_floors}, ${r.description}, ${r.status}, ${r.code}, ${r.submitted_by}, ${r.submitted_at}, ${r.published_at})`);
      }
      expect(await migrate(db)).toEqual(listMigrations(db.dialect).filter((n) => n >= '0035'));
      const { kept, counted } = await keptAndCounted(db);
      expect(kept).toEqual(counted);
      expect(kept['/rooms/1']! + kept['/rooms/2']! + kept['/rooms/3']! + kept['/rooms/4']!).toBe(29);
    } finally {
      await drop();
    }
  });
});
