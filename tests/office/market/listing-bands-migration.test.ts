import { describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '#office/platform/db/migrate.ts';
import { sql } from '#office/platform/db/sql.ts';
import { dbListingStore } from '#server/office/market/db-listing-store.ts';
import { AREA_BAND_EDGES_DM2, areaBand, PRICE_BAND_EDGES_FEN, priceBand } from '#server/office/market/listing-bands.ts';
import { listingToRow } from '#server/office/market/market-rows.ts';
import { type ListingRow, type SearchFilter } from '#server/office/market/market-store.ts';
import { migrationsBefore, openTestDb, testBackend } from '../../support/backend.ts';
import { tempFolderForTests } from '../../support/temp-folder.ts';

const dir = tempFolderForTests('listing-bands-migration');

const listing = (i: number, priceFen: number, areaDm2: number): ListingRow => ({
  id: `listing-${String(i).padStart(3, '0')}`, kind: 'second-hand', unitNumber: `230803003012GB00100F${String(i).padStart(8, '0')}`, districtCode: '230803', place: `小区 ${i}`, areaDm2, priceFen,
  use: 'residential', rooms: 2, halls: 1, floor: 2, totalFloors: 6, description: '', source: { kind: 'owner' }, sellers: [], status: 'published', code: String(100_000_000_000 + i),
  submittedBy: 'test', submittedAt: new Date(Date.UTC(2026, 5, 1) + i * 60_000).toISOString(), publishedAt: new Date(Date.UTC(2026, 5, 1) + i * 60_000).toISOString(), endedAt: null, endReason: null,
});
const ANY: SearchFilter = { districtCode: null, kind: null, minFen: null, maxFen: null, minAreaDm2: null, maxAreaDm2: null, rooms: null };

/** A value on each side of every edge, and the smallest and a large one: where the SQL of the migration and the code could part. */
const around = (edges: readonly number[]) => [0, ...edges.flatMap((e) => [e - 1, e]), (edges.at(-1) ?? 0) * 10];

describe(`the listings' price and area bands migration on ${testBackend()}`, () => {
  it('gives the listings published before it the bands the code gives new ones, so a price or area search finds them', async () => {
    const { db, drop } = await openTestDb(dir(), testBackend(), { migrations: migrationsBefore(dir(), '0032') });
    try {
      const prices = around(PRICE_BAND_EDGES_FEN);
      const areas = around(AREA_BAND_EDGES_DM2);
      const old = Array.from({ length: Math.max(prices.length, areas.length) }, (_, i) => listing(i, prices[i % prices.length] ?? 0, areas[i % areas.length] ?? 0));
      for (const l of old) {
        const r = listingToRow(l);
        await db.run(sql`INSERT INTO market_listings (id, kind, unit_number, source_kind, source_org_id, source_name, sellers, district_code, place, area_dm2, price_fen, use, rooms, rooms_band, halls, floor, total_floors, description, status, code, submitted_by, submitted_at, published_at)
          VALUES (${r.id}, ${r.kind}, ${r.unit_number}, ${r.source_kind}, ${r.source_org_id}, ${r.source_name}, ${r.sellers}, ${r.district_code}, ${r.place}, ${r.area_dm2}, ${r.price_fen}, ${r.use}, ${r.rooms}, ${2}, ${r.halls}, ${r.floor}, ${r.total_floors}, ${r.description}, ${r.status}, ${r.code}, ${r.submitted_by}, ${r.submitted_at}, ${r.published_at})`);
      }
      expect(await migrate(db)).toEqual(listMigrations(db.dialect).filter((n) => n >= '0032'));
      const bands = await db.all<{ id: string; price_band: number | string; area_band: number | string }>(sql`SELECT id, price_band, area_band FROM market_listings ORDER BY id`);
      expect(bands.map((b) => [b.id, Number(b.price_band), Number(b.area_band)])).toEqual(old.map((l) => [l.id, priceBand(l.priceFen), areaBand(l.areaDm2)]));
      expect(new Set(bands.map((b) => Number(b.price_band))).size).toBe(PRICE_BAND_EDGES_FEN.length + 1);

      const store = dbListingStore(db);
      expect(await store.create(listing(99, 75_000_000, 8_000), [])).toBe('ok');
      const ids = async (f: Partial<SearchFilter>) => (await store.search({ ...ANY, ...f }, null, 50)).map((l) => l.id);
      const expected = (keep: (l: ListingRow) => boolean) => [listing(99, 75_000_000, 8_000), ...old].filter(keep).map((l) => l.id).sort().reverse();
      expect(await ids({ minFen: 69_999_999, maxFen: 80_000_000 })).toEqual(expected((l) => l.priceFen >= 69_999_999 && l.priceFen <= 80_000_000));
      expect(await ids({ minAreaDm2: 7_999, maxAreaDm2: 9_000 })).toEqual(expected((l) => l.areaDm2 >= 7_999 && l.areaDm2 <= 9_000));
    } finally {
      await drop();
    }
  });
});
