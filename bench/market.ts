/**
 * `npm run bench -- market`:
 * - the public listings search (district, type, price, area, rooms; a page of 20, newest first, and the next page)
 *   in an office of 20,000 published listings and 50,000 filings, against one of 200 listings and 500 filings,
 *   both warmed up alike and taking turns in alternating order so both meet the same machine load; also on the
 *   searches both offices answer with the same two full pages, and in CPU time;
 * - the same searches as their user makes them: requests of the public listings page through the office server's
 *   route, each first page and each next page a sample (docs/benchmarks.md says why both rows are kept);
 * - 100 contracts of distinct units filed at once through two office servers on one PostgreSQL database, against
 *   the same 100 filed one after another: wall time, and none lost, none doubled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Clock } from '#domain/clock.ts';
import { type Building, type BuildingUnit, type Project } from '#domain/market/building-table.ts';
import { type Db } from '#office/platform/db/db.ts';
import { dbRegisterStore } from '#server/office/archive/db-register-store.ts';
import { ArchiveRegister } from '#server/office/market/archive-register.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { FilingService } from '#server/office/market/filing-service.ts';
import { type ListingRow, type SearchFilter } from '#server/office/market/market-store.ts';
import { DEMO_DEVELOPER, demoDraft } from '#server/office/market/seed-market.ts';
import { sql } from '#office/platform/db/sql.ts';
import { openPostgresStorage, openSqliteStorage } from '#server/storage/open-storage.ts';
import { buildOfficeApp } from '#server/app.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { createDatabase, startPostgresServer } from '../tests/support/postgres-server.ts';
import { percentile, type BenchRow } from './report.ts';

export const DAY = '2026-11-30';
export const clock: Clock = { now: () => new Date(`${DAY}T10:00:00+08:00`) };
const DISTRICTS = ['230803', '230804', '230805', '230811'];

/** A small deterministic generator (LCG), so both offices and every run hold the same kind of data. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

const unitNumber = (district: string, i: number) => `${district}003012GB${String(Math.floor(i / 10_000)).padStart(5, '0')}F${String(i % 10_000).padStart(8, '0')}`;

export function listing(i: number, r: () => number): ListingRow {
  const district = DISTRICTS[i % DISTRICTS.length] ?? '230803';
  const areaDm2 = 4000 + Math.floor(r() * 16_000);
  const publishedAt = new Date(Date.parse(`${DAY}T00:00:00Z`) - Math.floor(r() * 365 * 86_400_000)).toISOString();
  return {
    id: `listing-${String(i).padStart(6, '0')}`, kind: (i % 5 === 0 ? 'new-home' : 'second-hand'), unitNumber: unitNumber(district, i), districtCode: district,
    place: `测试小区 ${i % 300} 栋`, areaDm2, priceFen: Math.round((areaDm2 / 100) * (400_000 + r() * 800_000)), use: 'residential', rooms: 1 + Math.floor(r() * 5), halls: 1,
    floor: 1 + (i % 18), totalFloors: 18, description: '', source: { kind: 'owner' }, sellers: [], status: 'published', code: String(100_000_000_000 + i), submittedBy: 'bench',
    submittedAt: publishedAt, publishedAt, endedAt: null, endReason: null,
  };
}

/** Filings as rows (the search never reads them; they are the office's volume): closed ones of past years, in batches. */
export async function insertFilings(db: Db, n: number): Promise<void> {
  for (let from = 0; from < n; from += 5000) {
    await db.transaction(async (tx) => {
      for (let i = from; i < Math.min(n, from + 5000); i++) {
        const on = `${2016 + (i % 10)}-0${1 + (i % 9)}-1${i % 10}`;
        await tx.run(sql`INSERT INTO market_filings (id, contract_number, unit_number, project_id, developer_id, district_code, status, seq, total_fen, area_dm2, filed_at, filed_on, ended_on)
          VALUES (${`filing-${i}`}, ${`YS${String(i).padStart(11, '0')}`}, ${unitNumber('230805', 500_000 + i)}, ${'p-bench'}, ${'dev-bench'}, ${'230805'}, ${'closed'}, ${2}, ${80_000_000}, ${9000}, ${`${on}T02:00:00.000Z`}, ${on}, ${on})`);
      }
    });
  }
}

/**
 * An office of `listings` published listings and `filings` filings, with its office server (every route of the office
 * plugin, logging each request to its log file as a real office does), asked in process through Fastify's inject.
 */
async function searchOffice(listings: number, filings: number) {
  const dir = mkdtempSync(join(tmpdir(), `bench-market-${listings}-`));
  const storage = openSqliteStorage(dir, { clock });
  const stores = dbMarketStores(storage.db);
  const r = random(listings);
  for (let i = 0; i < listings; i++) await stores.listings.create(listing(i, r), []);
  await insertFilings(storage.db, filings);
  const app = await buildOfficeApp({ dataDir: dir, storage, plugins: [officePlugin], clock });
  await app.ready();
  return {
    stores,
    app,
    close: async () => {
      await app.close();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The searches people make on the public page: by district, type, price band, area band and rooms, in turn. */
export function filters(n: number): SearchFilter[] {
  const r = random(7);
  return Array.from({ length: n }, (_, i) => {
    const min = Math.floor(r() * 150) * 1_000_000;
    const minArea = 4000 + Math.floor(r() * 8000);
    return {
      districtCode: i % 3 === 0 ? null : (DISTRICTS[i % DISTRICTS.length] ?? null),
      kind: i % 4 === 0 ? 'second-hand' : null,
      minFen: i % 2 === 0 ? min : null,
      maxFen: i % 2 === 0 ? min + 50_000_000 : null,
      minAreaDm2: i % 3 === 1 ? minArea : null,
      maxAreaDm2: i % 3 === 1 ? minArea + 3000 : null,
      rooms: i % 5 === 2 ? 1 + (i % 4) : null,
    };
  });
}

/** One sample: the first page of a search and, when it is full, the next one, as the public page asks for them. */
export async function pageAndNext(stores: ReturnType<typeof dbMarketStores>, f: SearchFilter): Promise<{ ms: number; cpuMs: number; rows: number }> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const first = await stores.listings.search(f, null, 20);
  const last = first[first.length - 1];
  const next = first.length === 20 && last?.publishedAt ? await stores.listings.search(f, { publishedAt: last.publishedAt, id: last.id }, 20) : [];
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, rows: first.length + next.length };
}

type Office = Awaited<ReturnType<typeof searchOffice>>;
type Samples = { ms: number[][]; cpuMs: number[][] };

/** The p95 over searches of each search's median, in both offices, and their ratio, over the searches `keep` picks. */
function p95Of(runs: { small: Samples; big: Samples }, on: 'ms' | 'cpuMs', keep: (n: number) => boolean) {
  const medians = (s: Samples) => s[on].filter((_, n) => keep(n)).map((xs) => percentile(xs, 50));
  const small = medians(runs.small);
  const big = medians(runs.big);
  return { small: percentile(small, 95), big: percentile(big, 95), ratio: percentile(big, 95) / percentile(small, 95), p50: [percentile(big, 50), percentile(small, 50)] as const, searches: small.length };
}

async function benchSearch(small: Office, big: Office, searches: readonly SearchFilter[]): Promise<BenchRow> {
  const load = [loadavg()[0] ?? 0];
  // Both offices answer every search once before any is timed (the same warm-up for each: prepared statements,
  // the page caches), so neither pays for a first look the other did not. The warm-up also counts each answer:
  // most searches find less than a page among 200 listings (one query, a few rows) and two full pages among 20,000,
  // so the searches both offices answer with the same 40 rows are also compared on their own, like for like.
  const answered = { small: [] as number[], big: [] as number[] };
  for (const f of searches) for (const [key, office] of [['small', small], ['big', big]] as const) answered[key].push((await pageAndNext(office.stores, f)).rows);
  const alike = (n: number) => answered.small[n] === 40 && answered.big[n] === 40;
  // A search takes under a millisecond, and on a loaded machine the scheduler takes the process away for several at
  // a time: five tries of one search in a row would all fall into the same pause. So the searches are made in five
  // passes over all of them, each search's median of its five counts, and within a pass the offices take turns in
  // alternating order, so the machine's load and whatever one run leaves warm fall on both alike. Each sample is
  // also counted in the process's CPU time, which a pause of the scheduler does not add to (the search runs on the
  // one thread, synchronously in better-sqlite3).
  const samples = (): Samples => ({ ms: searches.map(() => []), cpuMs: searches.map(() => []) });
  const runs = { small: samples(), big: samples() };
  const offices: Record<'small' | 'big', Office> = { small, big };
  for (let pass = 0; pass < 5; pass++) {
    for (const [n, f] of searches.entries()) {
      const order = (n + pass) % 2 === 0 ? (['small', 'big'] as const) : (['big', 'small'] as const);
      for (const key of order) {
        const s = await pageAndNext(offices[key].stores, f);
        runs[key].ms[n]?.push(s.ms);
        runs[key].cpuMs[n]?.push(s.cpuMs);
      }
    }
  }
  load.push(loadavg()[0] ?? 0);
  const all = p95Of(runs, 'ms', () => true);
  const like = p95Of(runs, 'ms', alike);
  const cpu = p95Of(runs, 'cpuMs', () => true);
  const likeCpu = p95Of(runs, 'cpuMs', alike);
  return {
    measure: 'market: listings search (a page and the next) among 20,000 listings and 50,000 filings, p95 of each search\'s median of 5',
    baseline: `200 listings and 500 filings: ${all.small.toFixed(2)} ms`,
    ratio: all.ratio,
    target: '≤ 1.5',
    note:
      `${all.big.toFixed(2)} ms; p50 ${all.p50[0].toFixed(2)} vs ${all.p50[1].toFixed(2)} ms; ${all.searches} searches each after one warm-up pass, median of 5 passes, alternating turns; ` +
      `the ${like.searches} answered with the same 40 rows in both: ${like.big.toFixed(2)} vs ${like.small.toFixed(2)} ms, ${like.ratio.toFixed(2)}; ` +
      `in CPU time all ${cpu.big.toFixed(2)} vs ${cpu.small.toFixed(2)} ms, ${cpu.ratio.toFixed(2)}, like for like ${likeCpu.ratio.toFixed(2)}; ` +
      `rows answered ${answered.big.reduce((a, b) => a + b, 0)} vs ${answered.small.reduce((a, b) => a + b, 0)}; load ${load.map((l) => l.toFixed(1)).join('→')}`,
  };
}

/** The public page's address for a search, its form's fields as a browser sends them (prices in 万元, areas in m²). */
function pageUrl(f: SearchFilter): string {
  const wan = (fen: number | null) => (fen === null ? '' : String(fen / 1_000_000));
  const m2 = (dm2: number | null) => (dm2 === null ? '' : (dm2 / 100).toFixed(2));
  const q = new URLSearchParams({ district: f.districtCode ?? '', kind: f.kind ?? '', pmin: wan(f.minFen), pmax: wan(f.maxFen), amin: m2(f.minAreaDm2), amax: m2(f.maxAreaDm2), rooms: f.rooms === null ? '' : String(f.rooms) });
  return `/public/listings?${q.toString()}`;
}

/** One page request through the office server's route (search, HTML, headers, the request's log line): wall and CPU time, the next page's link. */
async function request(office: Office, url: string): Promise<{ ms: number; cpuMs: number; next: string | null; cards: number }> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const res = await office.app.inject({ method: 'GET', url });
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
  const next = /data-testid="next-page" href="([^"]+)"/.exec(res.body)?.[1]?.replaceAll('&amp;', '&') ?? null;
  return { ms, cpuMs: (used.user + used.system) / 1000, next, cards: res.body.split('data-testid="listing"').length - 1 };
}

/**
 * The listings search as its user meets it: a request of the public listings page (24 listings, and the link to the
 * next page when there are more), each first page and each next page its own sample, through the office server's
 * own route. Sampled as the store's row: one warm-up pass, five passes, the offices taking turns in alternating
 * order, each request's median of its five.
 */
async function benchPages(small: Office, big: Office, searches: readonly SearchFilter[]): Promise<BenchRow> {
  const offices: Record<'small' | 'big', Office> = { small, big };
  const load = [loadavg()[0] ?? 0];
  // The warm-up pass finds each office's requests: every search's first page, and its next page where it has one.
  const urls = { small: [] as string[][], big: [] as string[][] };
  const cards = { small: 0, big: 0 };
  for (const f of searches) {
    for (const key of ['small', 'big'] as const) {
      const first = await request(offices[key], pageUrl(f));
      const next = first.next ? await request(offices[key], first.next) : null;
      cards[key] += first.cards + (next?.cards ?? 0);
      urls[key].push(first.next ? [pageUrl(f), first.next] : [pageUrl(f)]);
    }
  }
  const samples = { small: urls.small.map((u) => u.map(() => ({ ms: [] as number[], cpuMs: [] as number[] }))), big: urls.big.map((u) => u.map(() => ({ ms: [] as number[], cpuMs: [] as number[] }))) };
  for (let pass = 0; pass < 5; pass++) {
    for (const n of searches.keys()) {
      const order = (n + pass) % 2 === 0 ? (['small', 'big'] as const) : (['big', 'small'] as const);
      for (const key of order) {
        for (const [i, url] of (urls[key][n] ?? []).entries()) {
          const r = await request(offices[key], url);
          samples[key][n]?.[i]?.ms.push(r.ms);
          samples[key][n]?.[i]?.cpuMs.push(r.cpuMs);
        }
      }
    }
  }
  load.push(loadavg()[0] ?? 0);
  const p95 = (key: 'small' | 'big', on: 'ms' | 'cpuMs', which: (i: number) => boolean) => percentile(samples[key].flatMap((s) => s.filter((_, i) => which(i)).map((x) => percentile(x[on], 50))), 95);
  const firsts = (i: number) => i === 0;
  const any = () => true;
  const count = (key: 'small' | 'big') => samples[key].reduce((a, s) => a + s.length, 0);
  return {
    measure: 'market: the public listings page (/public/listings, 24 a page) among 20,000 listings and 50,000 filings, p95 over first and next pages of each request\'s median of 5',
    baseline: `200 listings and 500 filings: ${p95('small', 'ms', any).toFixed(2)} ms`,
    ratio: p95('big', 'ms', any) / p95('small', 'ms', any),
    target: '≤ 1.5',
    note:
      `${p95('big', 'ms', any).toFixed(2)} ms; a search on the public site is one page request, so each first page and each next page is a sample: ${count('big')} vs ${count('small')} requests (400 first pages and the next pages there are), ` +
      `through the office server's route in process (Fastify inject: the same work as over a socket but the socket's, which both offices would pay alike), each after one warm-up pass, median of 5 passes, alternating turns; ` +
      `first pages only ${p95('big', 'ms', firsts).toFixed(2)} vs ${p95('small', 'ms', firsts).toFixed(2)} ms, ${(p95('big', 'ms', firsts) / p95('small', 'ms', firsts)).toFixed(2)}; ` +
      `in CPU time ${p95('big', 'cpuMs', any).toFixed(2)} vs ${p95('small', 'cpuMs', any).toFixed(2)} ms, ${(p95('big', 'cpuMs', any) / p95('small', 'cpuMs', any)).toFixed(2)}; ` +
      `listings shown ${cards.big} vs ${cards.small}; load ${load.map((l) => l.toFixed(1)).join('→')}`,
  };
}

const PROJECT: Project = { id: 'p-bench', name: '压测项目', developerId: DEMO_DEVELOPER.orgId ?? '', districtCode: '230803', address: '佳木斯市向阳区压测路1号' };

/** A developer's project of `n` flats under a presale permit, and a draft for each, on the office database. */
async function draftsFor(db: Db, n: number, building: string): Promise<{ filings: FilingService; drafts: string[] }> {
  const stores = dbMarketStores(db);
  const filings = new FilingService(stores, new ArchiveRegister(dbRegisterStore(db)), clock);
  if (!(await stores.table.org(PROJECT.developerId))) {
    await stores.table.createOrg({ id: PROJECT.developerId, kind: 'developer', name: DEMO_DEVELOPER.orgName ?? '', creditCode: '91230800MA1B2C3D4E', active: true, createdBy: 'bench', createdAt: clock.now().toISOString() });
  }
  const b: Building = { id: `b-${building}`, projectId: `${PROJECT.id}-${building}`, name: building, floors: 25 };
  const units: BuildingUnit[] = Array.from({ length: n }, (_, i) => ({
    unitNumber: `230803003012GB00100F${building}${String(1 + Math.floor(i / 4)).padStart(2, '0')}${String(1 + (i % 4)).padStart(2, '0')}`,
    projectId: b.projectId, buildingId: b.id, floor: 1 + Math.floor(i / 4), room: `${1 + Math.floor(i / 4)}0${1 + (i % 4)}`, use: 'residential', areaDm2: 9000, rooms: 2, halls: 1, listFenPerM2: 700_000, withheld: false,
  }));
  await stores.table.createProject({ ...PROJECT, id: b.projectId }, [b], units, 'bench', clock.now().toISOString());
  await stores.table.addPermit({ id: `permit-${building}`, projectId: b.projectId, kind: 'presale', number: `佳房预售证第${building}号`, authority: '佳木斯市住房和城乡建设局', issuedOn: '2026-01-05', buildingIds: [b.id], revokedOn: null }, 'bench', clock.now().toISOString());
  const drafts: string[] = [];
  for (const u of units) {
    const d = await filings.createDraft(DEMO_DEVELOPER, demoDraft(u, DAY));
    if (!d.ok) throw new Error(`draft refused: ${JSON.stringify(d.error)}`);
    drafts.push(d.value.id);
  }
  return { filings, drafts };
}

async function count(db: Db, projectId: string): Promise<{ active: number; contracts: number }> {
  const r = await db.get<{ active: number; contracts: number }>(sql`SELECT COUNT(*) AS active, COUNT(DISTINCT contract_number) AS contracts FROM market_filings WHERE project_id = ${projectId} AND status = 'active'`);
  return { active: Number(r?.active ?? 0), contracts: Number(r?.contracts ?? 0) };
}

async function benchConcurrentFilings(): Promise<BenchRow> {
  console.error('market: 100 concurrent filings on PostgreSQL …');
  const server = startPostgresServer();
  const database = await createDatabase(server.adminUrl);
  const one = await openPostgresStorage(database.url, { clock, poolSize: 10 });
  const two = await openPostgresStorage(database.url, { clock, poolSize: 10 });
  try {
    const rounds = { together: [] as number[], inTurn: [] as number[] };
    const checks: string[] = [];
    for (let round = 0; round < 3; round++) {
      // Two office servers, each with its own pool: half the contracts reach each, all at once.
      const a = await draftsFor(one.db, 100, `${String(20 + round * 2).padStart(4, '0')}`);
      const viaTwo = new FilingService(dbMarketStores(two.db), new ArchiveRegister(dbRegisterStore(two.db)), clock);
      let t = performance.now();
      const outcomes = await Promise.all(a.drafts.map((id, i) => (i % 2 === 0 ? a.filings : viaTwo).file(DEMO_DEVELOPER, id)));
      rounds.together.push(performance.now() - t);
      const together = await count(one.db, `${PROJECT.id}-${String(20 + round * 2).padStart(4, '0')}`);
      checks.push(`${outcomes.filter((o) => o.ok).length}/${together.active}/${together.contracts}`);
      if (outcomes.some((o) => !o.ok) || together.active !== 100 || together.contracts !== 100) throw new Error(`concurrent filings lost or doubled: ${checks.join(' ')}`);

      const b = await draftsFor(one.db, 100, `${String(21 + round * 2).padStart(4, '0')}`);
      t = performance.now();
      for (const id of b.drafts) if (!(await b.filings.file(DEMO_DEVELOPER, id)).ok) throw new Error('a filing in turn was refused');
      rounds.inTurn.push(performance.now() - t);
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
    return {
      measure: 'market: 100 contracts of distinct units filed at once through two office servers on PostgreSQL, wall time (median of 3)',
      baseline: `the same 100 filed one after another: ${median(rounds.inTurn).toFixed(0)} ms`,
      ratio: median(rounds.together) / median(rounds.inTurn),
      target: '≤ 1 (none lost, none doubled)',
      note: `${median(rounds.together).toFixed(0)} ms; filed/active/distinct contracts per round ${checks.join(', ')}; load ${loadavg()[0]?.toFixed(1)}`,
    };
  } finally {
    await one.close();
    await two.close();
    await database.drop();
    server.stop();
  }
}

export async function benchMarket(): Promise<BenchRow[]> {
  console.error('market: building an office of 20,000 listings and 50,000 filings …');
  const small = await searchOffice(200, 500);
  const big = await searchOffice(20_000, 50_000);
  const searches = filters(400);
  let rows: BenchRow[];
  try {
    rows = [await benchSearch(small, big, searches), await benchPages(small, big, searches)];
  } finally {
    await small.close();
    await big.close();
  }
  return [...rows, await benchConcurrentFilings()];
}
