import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { dbListingStore, searchQuery } from '#server/office/market/db-listing-store.ts';
import { type ListingRow, type ListingStore, type SearchCursor, type SearchFilter } from '#server/office/market/market-store.ts';
import { openTestDb } from '../../support/backend.ts';
import { removeDir, tempDir } from '../../sync/helpers.ts';

const DISTRICTS = ['230803', '230804', '230805'];
const NOW = Date.parse('2026-06-05T02:00:00.000Z');

/** 300 listings, some of them ended or still being verified, spread over districts, kinds, prices, areas and rooms. */
function listing(i: number): ListingRow {
  const status = i % 10 === 3 ? 'ended' : i % 10 === 7 ? 'verifying' : 'published';
  // Every fifth listing shares its publication time with the one before, so the cursor's tie on `id` is exercised.
  const publishedAt = new Date(NOW - (i - (i % 5 === 1 ? 1 : 0)) * 3_600_000).toISOString();
  return {
    id: `listing-${String(i).padStart(4, '0')}`, kind: i % 4 === 0 ? 'new-home' : 'second-hand', unitNumber: `230803003012GB00100F${String(i).padStart(8, '0')}`,
    districtCode: DISTRICTS[i % 3] ?? '230803', place: `小区 ${i}`, areaDm2: 5000 + ((i * 37) % 100) * 100, priceFen: 30_000_000 + ((i * 53) % 100) * 1_000_000, use: 'residential',
    rooms: 1 + (i % 5), halls: 1, floor: 1 + (i % 6), totalFloors: 6, description: '', source: { kind: 'owner' }, sellers: [], status, code: status === 'published' ? String(100_000_000_000 + i) : null,
    submittedBy: 'test', submittedAt: publishedAt, publishedAt: status === 'verifying' ? null : publishedAt, endedAt: null, endReason: null,
  };
}

const ALL = Array.from({ length: 300 }, (_, i) => listing(i));
const ANY: SearchFilter = { districtCode: null, kind: null, minFen: null, maxFen: null, minAreaDm2: null, maxAreaDm2: null, rooms: null };
const NARROW: SearchFilter = { districtCode: '230804', kind: 'second-hand', minFen: 40_000_000, maxFen: 90_000_000, minAreaDm2: 6000, maxAreaDm2: 12_000, rooms: 4 };

const matches = (f: SearchFilter) => (l: ListingRow) =>
  l.status === 'published' &&
  (f.districtCode === null || l.districtCode === f.districtCode) &&
  (f.kind === null || l.kind === f.kind) &&
  (f.minFen === null || l.priceFen >= f.minFen) &&
  (f.maxFen === null || l.priceFen <= f.maxFen) &&
  (f.minAreaDm2 === null || l.areaDm2 >= f.minAreaDm2) &&
  (f.maxAreaDm2 === null || l.areaDm2 <= f.maxAreaDm2) &&
  (f.rooms === null || (f.rooms >= 4 ? l.rooms >= 4 : l.rooms === f.rooms));
const newestFirst = (a: ListingRow, b: ListingRow) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || b.id.localeCompare(a.id);

/** Every page of a search, following the cursor, as ids. */
async function pages(store: ListingStore, f: SearchFilter, size: number): Promise<string[][]> {
  const out: string[][] = [];
  let after: { publishedAt: string; id: string } | null = null;
  for (;;) {
    const page = await store.search(f, after, size);
    if (page.length > 0) out.push(page.map((l) => l.id));
    const last = page.at(-1);
    if (page.length < size || !last?.publishedAt) return out;
    after = { publishedAt: last.publishedAt, id: last.id };
  }
}

let dir: string;
let db: Db;
let drop: () => Promise<void>;
let store: ListingStore;
beforeEach(async () => {
  dir = tempDir('listing-search');
  ({ db, drop } = await openTestDb(dir));
  store = dbListingStore(db);
  for (const l of ALL) expect(await store.create(l, [])).toBe('ok');
});
afterEach(async () => {
  await drop();
  removeDir(dir);
});

describe('the public listings search', () => {
  it.each([
    ['every published listing', ANY],
    ['one district', { ...ANY, districtCode: '230805' }],
    ['a price band and four rooms or more', { ...ANY, minFen: 50_000_000, maxFen: 70_000_000, rooms: 4 }],
    ['two rooms in every district', { ...ANY, rooms: 2 }],
    ['every filter at once', NARROW],
  ])('finds exactly the published listings that match (%s), newest first, page after page', async (_, f) => {
    const expected = ALL.filter(matches(f)).sort(newestFirst).map((l) => l.id);
    const got = await pages(store, f, 7);
    expect(got.flat()).toEqual(expected);
    expect(got.slice(0, -1).every((p) => p.length === 7)).toBe(true);
  });

  it('pins the counts of the fixture searches', () => {
    // The fixture's numbers, so a change of the fixture that made the searches trivial shows here.
    expect(ALL.filter(matches(ANY))).toHaveLength(240);
    expect(ALL.filter(matches({ ...ANY, districtCode: '230805' }))).toHaveLength(80);
    expect(ALL.filter(matches(NARROW))).toHaveLength(5);
    expect(ALL.filter(matches({ ...ANY, rooms: 2 }))).toHaveLength(60);
  });

  it('chooses its page from the search index alone and reads only the page from the table', async () => {
    // An index-only scan needs the table's pages marked all-visible, which autovacuum does when it gets to it;
    // vacuumed here, the plan does not depend on when that was.
    if (db.dialect === 'postgres') await db.run(sql`VACUUM ANALYZE market_listings`);
    const planOf = (f: SearchFilter, after: SearchCursor | null = null) => db.transaction(async (tx) => {
      if (tx.dialect === 'sqlite') {
        const rows = await tx.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${searchQuery(f, after, 20)}`);
        return rows.map((r) => r.detail).join('\n');
      }
      // 300 rows fit a page or two, where PostgreSQL would rather read the table whole; the plan for a
      // market's worth of rows is what is checked.
      await tx.run(sql`SET LOCAL enable_seqscan = off`);
      await tx.run(sql`SET LOCAL enable_bitmapscan = off`);
      const rows = await tx.all<{ 'QUERY PLAN': string }>(sql`EXPLAIN ${searchQuery(f, after, 20)}`);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    // A search by rooms walks its rooms band only (0030), in a district or in all; one without rooms the district's listings (0021).
    const cases: [SearchFilter, string, string][] = [
      [NARROW, 'market_listings_search_by_rooms', 'status=\\? AND district_code=\\? AND rooms_band=\\?'],
      [{ ...ANY, minFen: 50_000_000, maxFen: 70_000_000, rooms: 2 }, 'market_listings_search_by_rooms_all', 'status=\\? AND rooms_band=\\?'],
      [{ ...ANY, districtCode: '230805', minAreaDm2: 6000, maxAreaDm2: 9000 }, 'market_listings_search_by_district', 'status=\\? AND district_code=\\?'],
    ];
    for (const [f, index, keys] of cases) {
      const plan = await planOf(f);
      if (db.dialect === 'sqlite') {
        expect(plan).toMatch(new RegExp(`SEARCH market_listings USING COVERING INDEX ${index} \\(${keys}\\)`));
        expect(plan).toMatch(/SEARCH l USING INDEX sqlite_autoindex_market_listings_1 \(id=\?\)/);
      } else {
        expect(plan).toMatch(new RegExp(`Index Only Scan Backward using ${index} on market_listings`));
      }
      expect(plan).not.toMatch(/SCAN market_listings\b|Seq Scan/);
    }
    // The next page starts its index range after the cursor instead of walking the pages before it again.
    const next = await planOf(NARROW, { publishedAt: '2026-06-01T00:00:00.000Z', id: 'listing-0100' });
    expect(next).toMatch(db.dialect === 'sqlite' ? /market_listings_search_by_rooms \(status=\? AND district_code=\? AND rooms_band=\? AND \(published_at,id\)<\(\?,\?\)\)/ : /Index Cond: .*ROW\(published_at, id\) < ROW\(/);
  });
});
