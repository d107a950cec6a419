import { type Db, type Queryable } from '#office/platform/db/db.ts';
import { type Dialect, sql, sqlId, sqlJoin, sqlLimit, sqlList, type Sql } from '#office/platform/db/sql.ts';
import { AREA_BAND_EDGES_DM2, bandsOfRange, PRICE_BAND_EDGES_FEN } from './listing-bands.ts';
import { type PublicListingDbRow } from './market-rows.ts';
import { type SearchCursor, type SearchFilter } from './market-store.ts';

/** The search's rooms choice (1, 2, 3, 4 and more), kept with each listing in `rooms_band`. */
export const roomsBand = (rooms: number): number => Math.min(rooms, 4);

/** Where a page ends: its last listing in publication order. */
export type Mark = { published_at: string; id: string };

/**
 * A listing a walk chose, and where its row is: on SQLite the rowid, which every index entry ends with, so the page's
 * rows are read in the table's own b-tree without first looking each id up in the primary key's index (a quarter
 * less per row among 20,000 listings); on PostgreSQL the id (its primary key's index).
 */
export type Chosen = Mark & { key: number | string };

/** A dimension of the search whose bands lead an index's key before the publication order (0030, 0032). */
export type Dimension = 'price' | 'area' | 'rooms';

/** The bands of one dimension a search touches: those its range holds whole and the one or two it only cuts. */
type Bands = { dimension: Dimension; inside: number[]; cut: number[] };

const BAND_COLUMN = { price: sql`price_band`, area: sql`area_band`, rooms: sql`rooms_band` } as const;

/** The dimensions a search could walk, in the order preferred when nothing tells them apart: price, area, rooms. */
export function walkable(f: SearchFilter): Bands[] {
  const out: Bands[] = [];
  if (f.minFen !== null || f.maxFen !== null) out.push({ dimension: 'price', ...bandsOfRange(PRICE_BAND_EDGES_FEN, f.minFen, f.maxFen) });
  if (f.minAreaDm2 !== null || f.maxAreaDm2 !== null) out.push({ dimension: 'area', ...bandsOfRange(AREA_BAND_EDGES_DM2, f.minAreaDm2, f.maxAreaDm2) });
  if (f.rooms !== null) out.push({ dimension: 'rooms', inside: [roomsBand(f.rooms)], cut: [] });
  return out;
}

/** Published listings in the bands a search touches, per dimension, in its district (or in all): `market_listing_bands`. */
export type BandCounts = Partial<Record<Dimension, number>>;

/**
 * What one more index range costs a walk beside the entries it reads, counted in entries: a seek down the index and
 * one more arm of the merge. Measured on SQLite among the bench's 20,000 listings (2026-12-05): an arm about 0.8 µs,
 * an entry read and filtered about 0.1 µs.
 */
const ARM_COST = 8;

/**
 * The dimension a search walks, of those it asks for: the one whose bands hold the fewest published listings. A walk
 * reads its bands' entries newest first until the page is full, and whichever dimension it walks, the listings that
 * match are the same, so the fewer entries its bands hold, the fewer it reads before it finds them. Without counts
 * (or when they tie) price is walked first, then area, then rooms, as before.
 */
function chosen(f: SearchFilter, counts: BandCounts | null): Bands | null {
  const all = walkable(f);
  if (!counts || all.length < 2) return all[0] ?? null;
  let best: Bands | null = null;
  let cost = Infinity;
  for (const bands of all) {
    const c = (counts[bands.dimension] ?? 0) + ARM_COST * (bands.inside.length + bands.cut.length);
    if (c < cost) [best, cost] = [bands, c];
  }
  return best;
}

/** One index range walked newest first (its equalities, the cursor, where to stop) and the filter of its entries. */
export type Walk = { range: Sql; filter: Sql };

/**
 * One walk of the search. The equalities (district, and the one band walked) and the cursor are the index range;
 * the rest filter the index entries, which carry every filtered column (0021, 0030, 0032), so a listing that fails
 * costs an entry, not a table row.
 */
function walkOf(f: SearchFilter, after: SearchCursor | null, band: { dimension: Dimension; value: number; whole: boolean } | null, from: Mark | null): Walk {
  const range: Sql[] = [sql`status = 'published'`];
  if (f.districtCode !== null) range.push(sql`district_code = ${f.districtCode}`);
  if (band) range.push(sql`${BAND_COLUMN[band.dimension]} = ${band.value}`);
  // Row values, so the range starts after the cursor and stops at `from` (an OR of the two cases walks the
  // earlier pages' entries again).
  if (after) range.push(sql`(published_at, id) < (${after.publishedAt}, ${after.id})`);
  if (from) range.push(sql`(published_at, id) >= (${from.published_at}, ${from.id})`);
  // A band the range holds whole needs no filter by its value: every entry matches (and the planner, not seeing a
  // filter it cannot tell is always true, estimates the band's size right).
  const byPrice = !(band?.dimension === 'price' && band.whole);
  const byArea = !(band?.dimension === 'area' && band.whole);
  const filter: Sql[] = [];
  if (f.kind !== null) filter.push(sql`kind = ${f.kind}`);
  if (f.minFen !== null && byPrice) filter.push(sql`price_fen >= ${f.minFen}`);
  if (f.maxFen !== null && byPrice) filter.push(sql`price_fen <= ${f.maxFen}`);
  if (f.minAreaDm2 !== null && byArea) filter.push(sql`area_dm2 >= ${f.minAreaDm2}`);
  if (f.maxAreaDm2 !== null && byArea) filter.push(sql`area_dm2 <= ${f.maxAreaDm2}`);
  // The unary plus keeps the rooms index out of the planner's choice when a price or area band is walked.
  if (f.rooms !== null && band?.dimension !== 'rooms') filter.push(sql`+rooms_band = ${roomsBand(f.rooms)}`);
  return { range: sqlJoin(range, ' AND '), filter: filter.length === 0 ? sql`1 = 1` : sqlJoin(filter, ' AND ') };
}

const NEWEST_FIRST = sql`ORDER BY published_at DESC, id DESC`;

const marked = (dialect: Dialect): Sql => (dialect === 'sqlite' ? sql`SELECT published_at, id, rowid AS key FROM market_listings` : sql`SELECT published_at, id, id AS key FROM market_listings`);

/** A walk as SQL: at most `limit` entries kept. */
export const walkQuery = (w: Walk, limit: number, dialect: Dialect): Sql => sql`${marked(dialect)} WHERE ${w.range} AND ${w.filter} ${NEWEST_FIRST} ${sqlLimit(limit)}`;

/**
 * Several walks merged newest first under one ORDER BY and LIMIT, each walk an index range in order: SQLite merges
 * the arms of a compound select as co-routines and PostgreSQL by a Merge Append, each pulling a walk only as far as
 * the page needs, so together they read about what one walk of all the bands would. PostgreSQL's arms carry their
 * own LIMIT too: its planner may still rather append and sort (its estimate of a filter is its own), and then each
 * arm stops at a page.
 */
export function mergedQuery(walks: readonly Walk[], limit: number, dialect: Dialect): Sql {
  if (walks.length === 1 && walks[0]) return walkQuery(walks[0], limit, dialect);
  const arms = walks.map((w) => (dialect === 'sqlite' ? sql`${marked(dialect)} WHERE ${w.range} AND ${w.filter}` : sql`(${walkQuery(w, limit, dialect)})`));
  return sql`${sqlJoin(arms, ' UNION ALL ')} ${NEWEST_FIRST} ${sqlLimit(limit)}`;
}

/**
 * The walks that choose a page, in two steps: the first walks the bands the range holds whole (or the district, or
 * the rooms band, when no price or area is asked); the second, given where the first one's page ended, walks the
 * one or two bands the range cuts, only as far back as that end. A cut band's entries are filtered by value, and
 * walking it down to a page's worth of matches would read the band's entries outside the range for as long as it
 * takes; bounded, it reads only the entries newer than the page the whole bands already fill.
 */
export function searchSteps(f: SearchFilter, after: SearchCursor | null, counts: BandCounts | null = null): { first: Walk[]; then: ((from: Mark | null) => Walk[]) | null } {
  const band = chosen(f, counts);
  if (!band) return { first: [walkOf(f, after, null, null)], then: null };
  const walks = (bands: readonly number[], whole: boolean, from: Mark | null) => bands.map((value) => walkOf(f, after, { dimension: band.dimension, value, whole }, from));
  if (band.inside.length === 0) return { first: walks(band.cut, false, null), then: null };
  return { first: walks(band.inside, true, null), then: band.cut.length === 0 ? null : (from) => walks(band.cut, false, from) };
}

/**
 * The published listings in the bands of each dimension a search could walk, when it could walk more than one: one
 * statement, a range of `market_listing_bands`' key per dimension (its district's rows, or those of every district
 * under '').
 */
export async function bandCounts(db: Queryable, f: SearchFilter): Promise<BandCounts | null> {
  const all = walkable(f);
  if (all.length < 2) return null;
  const district = f.districtCode ?? '';
  const sums = all.map((b) => {
    const bands = [...b.inside, ...b.cut];
    return sql`(SELECT coalesce(sum(listings), 0) FROM market_listing_bands WHERE district_code = ${district} AND dimension = ${b.dimension} AND band BETWEEN ${Math.min(...bands)} AND ${Math.max(...bands)}) AS ${sqlId(b.dimension)}`;
  });
  const row = await db.get<Partial<Record<Dimension, number | string>>>(sql`SELECT ${sqlJoin(sums, ', ')}`);
  if (!row) return null;
  const counts: BandCounts = {};
  for (const b of all) counts[b.dimension] = Number(row[b.dimension] ?? 0);
  return counts;
}

/** The public columns of `keys`' rows, newest first: the statement's text depends only on how many (prepared once per count). */
const rowsOf = (db: Queryable, column: 'rowid' | 'id', keys: readonly (number | string)[], limit: number): Promise<PublicListingDbRow[]> =>
  db.all<PublicListingDbRow>(
    sql`SELECT id, kind, district_code, place, area_dm2, price_fen, use, rooms, halls, floor, total_floors, code, published_at FROM market_listings WHERE ${column === 'rowid' ? sql`rowid` : sql`id`} IN ${sqlList(keys)} ${NEWEST_FIRST} ${sqlLimit(limit)}`,
  );

/** Newest first, as the walks' ORDER BY on SQLite, whose TEXT compares by bytes (BINARY) as JavaScript compares these ASCII keys. */
const newerFirst = (a: Chosen, b: Chosen): number => (a.published_at === b.published_at ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.published_at < b.published_at ? 1 : -1);

/**
 * The page's rows, given the marks both steps chose. On SQLite the page is the newest `limit` marks (the second step's
 * are newer than the first's end, so as many of the first's fall off), and only those rows are read, by rowid. A rowid
 * is the row's only while the table is not rebuilt (VACUUM may renumber a table without an INTEGER PRIMARY KEY,
 * sqlite.org/lang_vacuum.html), so the rows read must be the marks' own, or they are read again by id. On PostgreSQL,
 * whose TEXT order is its collation's, not JavaScript's, the database picks the page among all the marks.
 */
export async function pageRows(db: Queryable, marks: readonly Chosen[], limit: number): Promise<PublicListingDbRow[]> {
  if (marks.length === 0) return [];
  if (db.dialect === 'postgres') return rowsOf(db, 'id', marks.map((m) => m.id), limit);
  const page = [...marks].sort(newerFirst).slice(0, limit);
  const rows = await rowsOf(db, 'rowid', page.map((m) => m.key), limit);
  return rows.length === page.length && rows.every((r, n) => r.id === page[n]?.id) ? rows : rowsOf(db, 'id', page.map((m) => m.id), limit);
}

/**
 * A page of the public search: its entries chosen from the search indexes, then only the page's rows read, and of
 * them only what the public sees (PublicListingRow): turning a row's columns into values is most of a page's cost.
 */
export async function searchPage(db: Db, f: SearchFilter, after: SearchCursor | null, limit: number): Promise<PublicListingDbRow[]> {
  const page = async (q: Queryable) => {
    const steps = searchSteps(f, after, await bandCounts(q, f));
    const first = await q.all<Chosen>(mergedQuery(steps.first, limit, q.dialect));
    const more = steps.then ? await q.all<Chosen>(mergedQuery(steps.then(first.length === limit ? (first[limit - 1] ?? null) : null), limit, q.dialect)) : [];
    return pageRows(q, [...first, ...more], limit);
  };
  // On SQLite one read transaction for the page's three or four statements: a statement outside one takes and
  // drops the database's shared lock by itself (two fcntl calls and a stat of the file each time, about 6 µs), and
  // the page is then read from one snapshot. PostgreSQL keeps one statement per round trip on the pool.
  return db.dialect === 'sqlite' ? db.transaction(page, { readOnly: true }) : page(db);
}
