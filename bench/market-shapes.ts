/**
 * `npx tsx bench/market-shapes.ts DIR [--shapes]`: the market suite's first row (the listings search at the store,
 * bench/market.ts) alone, in CPU time, for trying a change of the search in half a minute instead of a whole suite
 * run. The two offices (20,000 listings and 50,000 filings; 200 and 500) are built into DIR once and reused by later
 * runs (opened as an office opens its database, so a new migration is applied to them); the same 400 searches, one
 * warm-up pass, five passes in alternating turns, each search's median of its five CPU counts, and their p95 in each
 * office. With --shapes, also each search shape's p50 and largest (D district, K kind, P price, A area, R rooms) and
 * the 25 costliest searches of each office. To compare two versions of the code, run each checkout (a `git archive`
 * export with node_modules linked) in turn on copies of one DIR, A B B A, and read each run's ratio: the machine's load
 * moves both offices' counts together, not always alike (docs/benchmark-log.md).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { type SearchFilter } from '#server/office/market/market-store.ts';
import { openSqliteStorage } from '#server/storage/open-storage.ts';
import { clock, filters, insertFilings, listing, pageAndNext, random } from './market.ts';
import { percentile } from './report.ts';

const [dir, ...flags] = process.argv.slice(2);
if (!dir) {
  console.error('usage: npx tsx bench/market-shapes.ts DIR [--shapes]');
  process.exit(2);
}

async function office(listings: number, filings: number) {
  const at = `${dir}/office-${listings}`;
  const fresh = !existsSync(`${at}/office.sqlite`);
  mkdirSync(at, { recursive: true });
  const storage = openSqliteStorage(at, { clock });
  const stores = dbMarketStores(storage.db);
  if (fresh) {
    const r = random(listings);
    for (let i = 0; i < listings; i++) await stores.listings.create(listing(i, r), []);
    await insertFilings(storage.db, filings);
  }
  return { stores, close: () => storage.close() };
}

const shape = (f: SearchFilter) => `${f.districtCode ? 'D' : '-'}${f.kind ? 'K' : '-'}${f.minFen !== null ? 'P' : '-'}${f.minAreaDm2 !== null ? 'A' : '-'}${f.rooms !== null ? 'R' : '-'}`;

const offices = { small: await office(200, 500), big: await office(20_000, 50_000) };
const searches = filters(400);
const shapes = searches.map(shape);
const load = [loadavg()[0] ?? 0];
for (const f of searches) for (const key of ['small', 'big'] as const) await pageAndNext(offices[key].stores, f);
const cpu = { small: searches.map(() => [] as number[]), big: searches.map(() => [] as number[]) };
for (let pass = 0; pass < 5; pass++) {
  for (const [n, f] of searches.entries()) {
    for (const key of (n + pass) % 2 === 0 ? (['small', 'big'] as const) : (['big', 'small'] as const)) cpu[key][n]?.push((await pageAndNext(offices[key].stores, f)).cpuMs);
  }
}
load.push(loadavg()[0] ?? 0);
const medians = { small: cpu.small.map((xs) => percentile(xs, 50)), big: cpu.big.map((xs) => percentile(xs, 50)) };
const p95 = { small: percentile(medians.small, 95), big: percentile(medians.big, 95) };
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0).toFixed(1);
console.log(`CPU p95 ${p95.big.toFixed(3)} vs ${p95.small.toFixed(3)} ms, ratio ${(p95.big / p95.small).toFixed(3)}; medians summed ${sum(medians.big)} vs ${sum(medians.small)} ms; load ${load.map((l) => l.toFixed(1)).join('→')}`);
if (flags.includes('--shapes')) {
  const by = new Map<string, { big: number[]; small: number[] }>();
  for (const [n, k] of shapes.entries()) {
    const e = by.get(k) ?? { big: [], small: [] };
    e.big.push(medians.big[n] ?? 0);
    e.small.push(medians.small[n] ?? 0);
    by.set(k, e);
  }
  for (const [k, e] of [...by].sort()) console.log(`${k} ${String(e.big.length).padStart(3)}  large p50 ${percentile(e.big, 50).toFixed(3)} max ${Math.max(...e.big).toFixed(3)}  small p50 ${percentile(e.small, 50).toFixed(3)} max ${Math.max(...e.small).toFixed(3)}`);
  for (const key of ['big', 'small'] as const) {
    const top = medians[key].map((ms, n) => [ms, n] as const).sort((a, b) => b[0] - a[0]).slice(0, 25);
    console.log(`costliest (${key === 'big' ? 'large' : 'small'}): ${top.map(([ms, n]) => `${n}:${shapes[n] ?? ''}:${ms.toFixed(2)}`).join(' ')}`);
  }
}
await offices.small.close();
await offices.big.close();
