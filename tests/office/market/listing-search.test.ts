import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db } from '#office/platform/db/db.ts';
import { sql, sqlList, type Sql } from '#office/platform/db/sql.ts';
import { dbListingStore } from '#server/office/market/db-listing-store.ts';
import { type BandCounts, type Chosen, mergedQuery, pageRows, searchSteps } from '#server/office/market/listing-search-sql.ts';
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

/** A database holding the 300 listings (and `extra`), in a folder of its own. */
async function fixtureDb(name: string, extra: readonly ListingRow[] = []): Promise<{ db: Db; store: ListingStore; close: () => Promise<void> }> {
  const folder = tempDir(name);
  const opened = await openTestDb(folder);
  const fixture = dbListingStore(opened.db);
  for (const l of [...ALL, ...extra]) expect(await fixture.create(l, [])).toBe('ok');
  return { db: opened.db, store: fixture, close: async () => { await opened.drop(); removeDir(folder); } };
}

// The searches only read: one database of the 300 listings serves them all (filled once, not once a test).
let db: Db;
let store: ListingStore;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ db, store, close } = await fixtureDb('listing-search'));
});
afterAll(async () => close());

describe('the public listings search', () => {
  it.each([
    ['every published listing', ANY],
    ['one district', { ...ANY, districtCode: '230805' }],
    ['a price band and four rooms or more', { ...ANY, minFen: 50_000_000, maxFen: 70_000_000, rooms: 4 }],
    ['two rooms in every district', { ...ANY, rooms: 2 }],
    ['every filter at once', NARROW],
    ['a district and a price band that cuts two bands', { ...ANY, districtCode: '230803', minFen: 61_500_000, maxFen: 98_700_000 }],
    ['a price band of whole bands in every district', { ...ANY, minFen: 60_000_000, maxFen: 79_999_999 }],
    ['a price band inside one band', { ...ANY, districtCode: '230804', minFen: 71_000_000, maxFen: 76_000_000 }],
    ['a price from only, with rooms', { ...ANY, minFen: 100_000_000, rooms: 2 }],
    ['a district and an area band', { ...ANY, districtCode: '230805', minAreaDm2: 6050, maxAreaDm2: 10_000 }],
    ['an area up to, new homes', { ...ANY, kind: 'new-home' as const, maxAreaDm2: 8000 }],
    ['a district, a price band and an area band', { ...ANY, districtCode: '230803', minFen: 61_500_000, maxFen: 98_700_000, minAreaDm2: 6050, maxAreaDm2: 10_000 }],
    ['a price band and an area band, every district', { ...ANY, minFen: 41_000_000, maxFen: 79_000_000, minAreaDm2: 5100, maxAreaDm2: 8900 }],
    ['a price from and an area up to', { ...ANY, minFen: 40_000_000, maxAreaDm2: 12_000 }],
  ])('finds exactly the published listings that match (%s), newest first, page after page', async (_, f) => {
    const expected = ALL.filter(matches(f)).sort(newestFirst).map((l) => l.id);
    const got = await pages(store, f, 7);
    expect(got.flat()).toEqual(expected);
    expect(got.slice(0, -1).every((p) => p.length === 7)).toBe(true);
  });

  it('reads only what the public pages show: never the sellers, the unit number, the source or the submitter', async () => {
    const at = new Date(NOW + 3_600_000).toISOString();
    // A database of its own: the other searches' fixture stays the 300 listings.
    const own = await fixtureDb('listing-search-sellers', [{ ...listing(300), sellers: [{ name: '张三', idType: 'resident-id', idNumber: '230803199001011234' }], submittedAt: at, publishedAt: at }]);
    try {
      const [newest] = await own.store.search(ANY, null, 1);
      expect(newest?.id).toBe('listing-0300');
      expect(Object.keys(newest ?? {}).sort()).toEqual(['areaDm2', 'code', 'districtCode', 'floor', 'halls', 'id', 'kind', 'place', 'priceFen', 'publishedAt', 'rooms', 'totalFloors', 'use']);
      expect(JSON.stringify(newest)).not.toMatch(/张三|230803199001011234|230803003012GB/);
    } finally {
      await own.close();
    }
  });

  it('pins the counts of the fixture searches', () => {
    // The fixture's numbers, so a change of the fixture that made the searches trivial shows here.
    expect(ALL.filter(matches(ANY))).toHaveLength(240);
    expect(ALL.filter(matches({ ...ANY, districtCode: '230805' }))).toHaveLength(80);
    expect(ALL.filter(matches(NARROW))).toHaveLength(5);
    expect(ALL.filter(matches({ ...ANY, rooms: 2 }))).toHaveLength(60);
    expect(ALL.filter(matches({ ...ANY, districtCode: '230803', minFen: 61_500_000, maxFen: 98_700_000, minAreaDm2: 6050, maxAreaDm2: 10_000 }))).toHaveLength(13);
    expect(ALL.filter(matches({ ...ANY, minFen: 41_000_000, maxFen: 79_000_000, minAreaDm2: 5100, maxAreaDm2: 8900 }))).toHaveLength(36);
  });

  it('reads a page of rows where the walks found them, and by id when those are no longer the rows they chose', async () => {
    const marks = await db.all<Chosen>(mergedQuery(searchSteps({ ...ANY, districtCode: '230805' }, null).first, 14, db.dialect));
    const page = marks.slice(0, 7).map((m) => m.id);
    expect((await pageRows(db, marks, 7)).map((r) => r.id)).toEqual(page);
    if (db.dialect === 'sqlite') {
      expect(marks.every((m) => typeof m.key === 'number')).toBe(true);
      const plan = await db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN SELECT id FROM market_listings WHERE rowid IN ${sqlList(marks.map((m) => m.key))}`);
      expect(plan.map((r) => r.detail)).toEqual([expect.stringMatching(/^SEARCH market_listings USING INTEGER PRIMARY KEY \(rowid=\?\)/)]);
    }
    // Where the rows were when walked no longer names them (SQLite renumbers rowids when VACUUM rebuilds a table
    // without an INTEGER PRIMARY KEY): here, the page's keys are the next seven listings'.
    const moved = marks.slice(0, 7).map((m, n) => ({ ...m, key: marks[n + 7]?.key ?? m.key }));
    expect((await pageRows(db, moved, 7)).map((r) => r.id)).toEqual(page);
  });

  it('walks an index range of each band, district or rooms band, from the cursor, and merges the walks without sorting them', async () => {
    // An index-only scan needs the table's pages marked all-visible, which autovacuum does when it gets to it;
    // vacuumed here, the plan does not depend on when that was.
    if (db.dialect === 'postgres') await db.run(sql`VACUUM ANALYZE market_listings`);
    const planOf = (q: Sql) => db.transaction(async (tx) => {
      if (tx.dialect === 'sqlite') return (await tx.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${q}`)).map((r) => r.detail).join('\n');
      // 300 rows fit a page or two, where PostgreSQL would rather read the table whole; the plan for a
      // market's worth of rows is what is checked.
      await tx.run(sql`SET LOCAL enable_seqscan = off`);
      await tx.run(sql`SET LOCAL enable_bitmapscan = off`);
      return (await tx.all<{ 'QUERY PLAN': string }>(sql`EXPLAIN ${q}`)).map((r) => r['QUERY PLAN']).join('\n');
    });
    const mark = { published_at: '2026-06-01T00:00:00.000Z', id: 'listing-0100' };
    const cursor: SearchCursor = { publishedAt: '2026-06-03T00:00:00.000Z', id: 'listing-0050' };
    const d = 'district_code=\\? AND ';
    // Each shape: its filter, the index of every walk, the range's equalities, how many walks in each step, and the
    // band counts the search read (none: price walked first, then area, then rooms).
    const cases: [string, SearchFilter, string, string, number, number, BandCounts?][] = [
      ['district + price band', { ...ANY, districtCode: '230803', minFen: 61_500_000, maxFen: 98_700_000 }, 'market_listings_search_by_price', `${d}price_band=\\?`, 2, 2],
      ['price band, no district', { ...ANY, minFen: 61_500_000, maxFen: 98_700_000 }, 'market_listings_search_by_price_all', 'price_band=\\?', 2, 2],
      ['price from, rooms', { ...ANY, districtCode: '230804', minFen: 100_000_000, rooms: 3 }, 'market_listings_search_by_price', `${d}price_band=\\?`, 12, 0],
      ['district + area band', { ...ANY, districtCode: '230805', minAreaDm2: 6050, maxAreaDm2: 10_000 }, 'market_listings_search_by_area', `${d}area_band=\\?`, 3, 2],
      ['area band, no district', { ...ANY, kind: 'second-hand', minAreaDm2: 6050, maxAreaDm2: 10_000 }, 'market_listings_search_by_area_all', 'area_band=\\?', 3, 2],
      ['every filter', NARROW, 'market_listings_search_by_price', `${d}price_band=\\?`, 5, 1],
      ['district + rooms', { ...ANY, districtCode: '230804', rooms: 4 }, 'market_listings_search_by_rooms', `${d}rooms_band=\\?`, 1, 0],
      ['rooms, no district', { ...ANY, rooms: 2 }, 'market_listings_search_by_rooms_all', 'rooms_band=\\?', 1, 0],
      ['district only', { ...ANY, districtCode: '230805', kind: 'new-home' }, 'market_listings_search_by_district', 'district_code=\\?', 1, 0],
      ['everything', ANY, 'market_listings_search', '', 1, 0],
      // A search of two or three dimensions walks the one whose bands hold the fewest listings (with a few entries'
      // worth for each more band walked), filtering the others.
      ['price + area, fewer in the area bands', { ...NARROW, kind: null, rooms: null }, 'market_listings_search_by_area', `${d}area_band=\\?`, 6, 1, { price: 900, area: 400 }],
      ['price + area, fewer in the price bands', { ...NARROW, kind: null, rooms: null }, 'market_listings_search_by_price', `${d}price_band=\\?`, 5, 1, { price: 400, area: 900 }],
      ['price + area + rooms, fewer in the rooms band', NARROW, 'market_listings_search_by_rooms', `${d}rooms_band=\\?`, 1, 0, { price: 900, area: 900, rooms: 500 }],
      ['price from + rooms, no district, fewer in the rooms band', { ...ANY, minFen: 100_000_000, rooms: 3 }, 'market_listings_search_by_rooms_all', 'rooms_band=\\?', 1, 0, { price: 5000, rooms: 2000 }],
      ['area band + rooms, fewer in the area bands, their five arms counted', { ...ANY, kind: 'second-hand', minAreaDm2: 6050, maxAreaDm2: 10_000, rooms: 2 }, 'market_listings_search_by_area_all', 'area_band=\\?', 3, 2, { area: 900, rooms: 950 }],
    ];
    for (const [shape, f, index, keys, inside, cut, counts] of cases) {
      for (const after of [null, cursor]) {
        const steps = searchSteps(f, after, counts ?? null);
        const walks = [steps.first, steps.then?.(mark) ?? []];
        expect([shape, walks.map((w) => w.length)]).toEqual([shape, [inside || cut, inside ? cut : 0]]);
        for (const [i, step] of walks.entries()) {
          if (step.length === 0) continue;
          // The row limit is in the statement's text: SQLite prepares a statement with a bound LIMIT again each time
          // the limit is bound (sql.ts, sqlLimit).
          expect([shape, mergedQuery(step, 20, db.dialect).render(db.dialect).text]).toEqual([shape, expect.stringMatching(/ LIMIT 20$/)]);
          const plan = await planOf(mergedQuery(step, 20, db.dialect));
          const bounds = [i === 1 ? '\\(published_at,id\\)>=?\\(\\?,\\?\\)' : '', after ? '\\(published_at,id\\)<\\(\\?,\\?\\)' : ''].filter(Boolean);
          if (db.dialect === 'sqlite') {
            const range = ['status=\\?', keys.replace(/ AND $/, ''), ...bounds].filter(Boolean).join(' AND ');
            const walked = plan.split('\n').filter((l) => l.includes('market_listings'));
            expect([shape, walked.length]).toEqual([shape, step.length]);
            for (const line of walked) expect([shape, line]).toEqual([shape, expect.stringMatching(new RegExp(`SEARCH market_listings USING COVERING INDEX ${index} \\(${range}\\)$`))]);
            // Neither a walk nor the merge of walks is sorted: the arms come in order from their index ranges.
            expect([shape, plan]).not.toEqual([shape, expect.stringMatching(/TEMP B-TREE/)]);
            if (step.length > 1) expect([shape, plan]).toEqual([shape, expect.stringMatching(/MERGE \(UNION ALL\)/)]);
          } else {
            const scans = plan.split('\n').filter((l) => /Scan/.test(l));
            expect([shape, scans.length]).toEqual([shape, step.length]);
            // A band this fixture holds no listing of costs the same on the index of all districts (the district
            // then filters its no entries), and PostgreSQL's estimate may take either; the rows read in a market's
            // worth of listings are pinned in listing-search-reads.test.ts.
            const either = index.includes('_by_price') || index.includes('_by_area') ? `${index.replace(/_all$/, '')}(_all)?` : index;
            for (const line of scans) expect([shape, line]).toEqual([shape, expect.stringMatching(new RegExp(`Index Only Scan Backward using ${either} on market_listings`))]);
            if (after || i === 1) expect([shape, plan]).toEqual([shape, expect.stringMatching(/Index Cond: .*ROW\(published_at, id\) [<>]=? ROW\(/)]);
            // Walks merged in order as they come (Merge Append), never sorted.
            expect([shape, plan]).not.toEqual([shape, expect.stringMatching(/-> {2}(Incremental )?Sort |Seq Scan/)]);
            if (step.length > 1) expect([shape, plan]).toEqual([shape, expect.stringMatching(/Merge Append/)]);
          }
        }
      }
    }
  });
});
