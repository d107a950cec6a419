import { describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '#office/platform/db/migrate.ts';
import { sql } from '#office/platform/db/sql.ts';
import { dbListingStore } from '#server/office/market/db-listing-store.ts';
import { listingToRow } from '#server/office/market/market-rows.ts';
import { type ListingRow, type SearchFilter } from '#server/office/market/market-store.ts';
import { migrationsBefore, openTestDb, testBackend } from '../../support/backend.ts';
import { tempFolderForTests } from '../../support/temp-folder.ts';

const dir = tempFolderForTests('listing-rooms-band-migration');

const listing = (i: number, rooms: number): ListingRow => ({
  id: `listing-${i}`, kind: 'second-hand', unitNumber: `230803003012GB00100F0000000${i}`, districtCode: '230803', place: `小区 ${i}`, areaDm2: 9000, priceFen: 60_000_000,
  use: 'residential', rooms, halls: 1, floor: 2, totalFloors: 6, description: '', source: { kind: 'owner' }, sellers: [], status: 'published', code: String(100_000_000_000 + i),
  submittedBy: 'test', submittedAt: `2026-06-0${i}T02:00:00.000Z`, publishedAt: `2026-06-0${i}T02:00:00.000Z`, endedAt: null, endReason: null,
});
const ANY: SearchFilter = { districtCode: null, kind: null, minFen: null, maxFen: null, minAreaDm2: null, maxAreaDm2: null, rooms: null };

describe(`the listings' rooms band migration on ${testBackend()}`, () => {
  it('gives the listings published before it their band, so a search by rooms finds them as it finds new ones', async () => {
    const { db, drop } = await openTestDb(dir(), testBackend(), { migrations: migrationsBefore(dir(), '0030') });
    try {
      for (const [i, rooms] of [[1, 2], [2, 4], [3, 6]] as const) {
        const r = listingToRow(listing(i, rooms));
        await db.run(sql`INSERT INTO market_listings (id, kind, unit_number, source_kind, source_org_id, source_name, sellers, district_code, place, area_dm2, price_fen, use, rooms, halls, floor, total_floors, description, status, code, submitted_by, submitted_at, published_at)
          VALUES (${r.id}, ${r.kind}, ${r.unit_number}, ${r.source_kind}, ${r.source_org_id}, ${r.source_name}, ${r.sellers}, ${r.district_code}, ${r.place}, ${r.area_dm2}, ${r.price_fen}, ${r.use}, ${r.rooms}, ${r.halls}, ${r.floor}, ${r.total_floors}, ${r.description}, ${r.status}, ${r.code}, ${r.submitted_by}, ${r.submitted_at}, ${r.published_at})`);
      }
      expect(await migrate(db)).toEqual(listMigrations(db.dialect).filter((n) => n >= '0030'));
      const store = dbListingStore(db);
      expect(await store.create(listing(4, 5), [])).toBe('ok');
      const ids = async (rooms: number) => (await store.search({ ...ANY, rooms }, null, 10)).map((l) => l.id);
      expect(await ids(4)).toEqual(['listing-4', 'listing-3', 'listing-2']);
      expect(await ids(2)).toEqual(['listing-1']);
      expect(await ids(3)).toEqual([]);
    } finally {
      await drop();
    }
  });
});
