import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db } from '#office/platform/db/db.ts';
import { sql, type Sql } from '#office/platform/db/sql.ts';
import { areaBand, priceBand } from '#server/office/market/listing-bands.ts';
import { bandCounts, type Mark, mergedQuery, roomsBand, searchSteps, type Walk } from '#server/office/market/listing-search-sql.ts';
import { type SearchCursor, type SearchFilter } from '#server/office/market/market-store.ts';
import { openTestDb, testBackend } from '../../support/backend.ts';
import { tempFolderForTests } from '../../support/temp-folder.ts';

/**
 * How many index entries each search shape reads in a market of 5,000 published listings, 4,000 of them in one
 * district: a search that walked its district, filtering, would read thousands for a narrow band.
 */
const PAGE = 25;
const BIG = '230803';
const NOW = Date.parse('2026-06-05T02:00:00.000Z');
const ANY: SearchFilter = { districtCode: null, kind: null, minFen: null, maxFen: null, minAreaDm2: null, maxAreaDm2: null, rooms: null };

/** Listing i: prices spread over 20–220 万元 and areas over 40–200 m² by two coprime strides, a listing every ten minutes. */
function row(i: number) {
  const priceFen = 20_000_000 + ((i * 7919) % 20_000) * 10_000;
  const areaDm2 = 4000 + ((i * 104_729) % 16_000);
  const rooms = 1 + (i % 5);
  const at = new Date(NOW - i * 600_000).toISOString();
  return { id: `listing-${String(i).padStart(5, '0')}`, district: i % 5 === 4 ? '230804' : BIG, kind: i % 4 === 0 ? 'new-home' : 'second-hand', priceFen, areaDm2, rooms, at };
}

const dir = tempFolderForTests('listing-search-reads');
let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ db, drop } = await openTestDb(dir()));
  await db.transaction(async (tx) => {
    for (let i = 0; i < 5000; i++) {
      const r = row(i);
      await tx.run(sql`INSERT INTO market_listings (id, kind, unit_number, source_kind, source_org_id, source_name, sellers, district_code, place, area_dm2, price_fen, use, rooms, rooms_band, price_band, area_band, halls, floor, total_floors, description, status, code, submitted_by, submitted_at, published_at)
        VALUES (${r.id}, ${r.kind}, ${`230803003012GB00100F${String(i).padStart(8, '0')}`}, ${'owner'}, ${null}, ${''}, ${'[]'}, ${r.district}, ${'小区'}, ${r.areaDm2}, ${r.priceFen}, ${'residential'}, ${r.rooms}, ${roomsBand(r.rooms)}, ${priceBand(r.priceFen)}, ${areaBand(r.areaDm2)}, ${1}, ${1}, ${6}, ${''}, ${'published'}, ${String(100_000_000_000 + i)}, ${'test'}, ${r.at}, ${r.at})`);
    }
  });
  if (db.dialect === 'postgres') await db.run(sql`VACUUM ANALYZE market_listings`);
}, 120_000);
afterAll(async () => {
  await drop();
});

const count = async (q: Sql) => Number((await db.get<{ n: number | string }>(sql`SELECT COUNT(*) AS n FROM market_listings WHERE ${q}`))?.n ?? 0);

/**
 * The entries a step reads, at most: the merge pulls each walk down its index range newest first, one matching entry
 * ahead of what it has taken, and stops at the page's last listing; so a walk reads every entry of its range down
 * to its first match past the page's end, or the whole range when there is none (or the page is short). The plans
 * (listing-search.test.ts) show each walk is such an index range.
 */
async function stepReads(walks: readonly Walk[]): Promise<{ read: number; page: Mark[] }> {
  const page = await db.all<Mark>(mergedQuery(walks, PAGE, db.dialect));
  const last = page.length === PAGE ? page.at(-1) : undefined;
  let read = 0;
  for (const w of walks) {
    const ahead = last && (await db.get<Mark>(sql`SELECT published_at, id FROM market_listings WHERE ${w.range} AND ${w.filter} AND (published_at, id) < (${last.published_at}, ${last.id}) ORDER BY published_at DESC, id DESC LIMIT 1`));
    read += ahead ? await count(sql`${w.range} AND (published_at, id) >= (${ahead.published_at}, ${ahead.id})`) : await count(w.range);
  }
  return { read, page };
}

/** PostgreSQL's own count of the index entries a step read: rows returned and rows filtered out, of every scan. */
async function actualReads(walks: readonly Walk[]): Promise<number> {
  const [row] = await db.all<{ 'QUERY PLAN': unknown }>(sql`EXPLAIN (ANALYZE, FORMAT JSON) ${mergedQuery(walks, PAGE, db.dialect)}`);
  type Node = { 'Node Type': string; 'Actual Rows': number; 'Actual Loops': number; 'Rows Removed by Filter'?: number; Plans?: Node[] };
  const plan = row?.['QUERY PLAN'];
  const root = (typeof plan === 'string' ? JSON.parse(plan) : plan) as [{ Plan: Node }];
  const sum = (n: Node): number =>
    (/Scan/.test(n['Node Type']) ? (n['Actual Rows'] + (n['Rows Removed by Filter'] ?? 0)) * n['Actual Loops'] : 0) + (n.Plans ?? []).reduce((t, c) => t + sum(c), 0);
  return sum(root[0].Plan);
}

/**
 * The entries a search reads: every walk of both steps, the second bounded where the first one's page ended. The walk
 * is chosen by the band counts, as the search does, or (`priceFirst`) as it was before them.
 */
async function reads(f: SearchFilter, after: SearchCursor | null = null, priceFirst = false): Promise<{ read: number; walks: number; found: number }> {
  const steps = searchSteps(f, after, priceFirst ? null : await bandCounts(db, f));
  const first = await stepReads(steps.first);
  const then = steps.then?.(first.page.length === PAGE ? (first.page.at(-1) ?? null) : null) ?? [];
  const more = then.length > 0 ? await stepReads(then) : { read: 0, page: [] };
  if (db.dialect === 'postgres') {
    expect(await actualReads(steps.first)).toBeLessThanOrEqual(first.read);
    if (then.length > 0) expect(await actualReads(then)).toBeLessThanOrEqual(more.read);
  }
  return { read: first.read + more.read, walks: steps.first.length + then.length, found: Math.min(PAGE, first.page.length + more.page.length) };
}

/** What one walk of the district (or of every listing) in publication order, filtering every entry, would read for the same page. */
async function plainWalk(f: SearchFilter): Promise<number> {
  const cond = f.districtCode === null ? sql`status = 'published'` : sql`status = 'published' AND district_code = ${f.districtCode}`;
  const kept = await db.all<Mark>(sql`SELECT published_at, id FROM market_listings WHERE ${cond} AND price_fen >= ${f.minFen ?? 0} AND price_fen <= ${f.maxFen ?? Number.MAX_SAFE_INTEGER}
    AND area_dm2 >= ${f.minAreaDm2 ?? 0} AND area_dm2 <= ${f.maxAreaDm2 ?? Number.MAX_SAFE_INTEGER} AND kind = coalesce(${f.kind}, kind) AND rooms_band = coalesce(${f.rooms === null ? null : roomsBand(f.rooms)}, rooms_band) ORDER BY published_at DESC, id DESC LIMIT ${PAGE}`);
  const last = kept.at(-1);
  return kept.length === PAGE && last ? count(sql`${cond} AND (published_at, id) >= (${last.published_at}, ${last.id})`) : count(cond);
}

describe(`entries read by the listings search on ${testBackend()}`, () => {
  it('pins the district of the fixture', async () => {
    expect(await count(sql`district_code = ${BIG}`)).toBe(4000);
  });

  // [shape, filter, entries read, walks, listings found, entries one walk of the district (or of all) in publication order would read]
  const shapes: [string, SearchFilter, number, number, number, number][] = [
    ['district + narrow price band', { ...ANY, districtCode: BIG, minFen: 71_000_000, maxFen: 72_500_000 }, 169, 1, 25, 3190],
    ['district + price band cutting two bands', { ...ANY, districtCode: BIG, minFen: 61_500_000, maxFen: 98_700_000 }, 49, 4, 25, 145],
    ['price band, no district', { ...ANY, minFen: 150_000_000, maxFen: 179_999_999 }, 46, 2, 25, 157],
    ['district + narrow area band', { ...ANY, districtCode: BIG, minAreaDm2: 8500, maxAreaDm2: 8700 }, 134, 1, 25, 1499],
    ['district + area band, new homes', { ...ANY, districtCode: BIG, kind: 'new-home', minAreaDm2: 6050, maxAreaDm2: 10_000 }, 166, 5, 25, 411],
    ['area band, no district', { ...ANY, minAreaDm2: 6050, maxAreaDm2: 10_000 }, 34, 5, 25, 93],
  ];
  it.each(shapes)('%s reads a few pages of entries, not the district', async (_, f, read, walks, found, plain) => {
    const got = await reads(f);
    expect({ ...got, plain: await plainWalk(f) }).toEqual({ read, walks, found, plain });
  });

  // [shape, filter, entries read and walks when the search walks the dimension the band counts choose, the same when it walks price first]
  const chosen: [string, SearchFilter, number, number, number, number][] = [
    ['district + price from, rooms', { ...ANY, districtCode: BIG, minFen: 150_000_000, rooms: 3 }, 90, 1, 171, 10],
    ['district + price band, narrow area band', { ...ANY, districtCode: BIG, minFen: 41_000_000, maxFen: 139_000_000, minAreaDm2: 8500, maxAreaDm2: 9400 }, 113, 2, 668, 8],
    ['price band, area band, rooms, no district', { ...ANY, minFen: 61_500_000, maxFen: 118_000_000, minAreaDm2: 6050, maxAreaDm2: 10_000, rooms: 1 }, 375, 1, 988, 5],
  ];
  it.each(chosen)('%s walks the dimension whose bands hold the fewest listings, and reads fewer entries than walking price first', async (_, f, read, walks, priceRead, priceWalks) => {
    expect({ chosen: await reads(f), priceFirst: await reads(f, null, true) }).toEqual({ chosen: { read, walks, found: PAGE }, priceFirst: { read: priceRead, walks: priceWalks, found: PAGE } });
    expect(read).toBeLessThan(priceRead);
  });
});
