/**
 * `npm run bench -- office` (docs/benchmarks.md): the office at scale against a small office, in one run.
 * - A large office (1,000,000 case events over 100,000 cases; `BENCH_OFFICE_EVENTS` for another size) against
 *   a small one (10,000 events): the status lookup, a login, a review queue page, a case page and a review
 *   action (通过 on the queue's head), each as the ratio of the p95s (target ≤ 1.5). Both offices run at once
 *   and every sample is taken on one and then the other (alternating which goes first), so a burst of load
 *   from other work on this shared machine falls on both. The bulk is `office-fixture.ts`.
 * - 20 vans pushing flat out (`office-vans.ts`).
 */
import { loadavg } from 'node:os';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';
import { openSqliteDb } from '#office/platform/db/sqlite-db.ts';
import { API_BASE } from '#protocol/version.ts';
import { api, loginAs, type Office } from '../tests/office/harness.ts';
import { freeUnit, Van, type VanCase } from '../tests/office/scenario.ts';
import { removeDir, tempDir } from '../tests/sync/helpers.ts';
import { addBulk, startBenchOffice } from './office-fixture.ts';
import { vansOnPostgres, vansOnSqlite } from './office-vans.ts';
import { type BenchRow, percentile } from './report.ts';

const LARGE_EVENTS = Number(process.env['BENCH_OFFICE_EVENTS'] ?? 1_000_000);
const SMALL_EVENTS = 10_000;
/** Real cases accepted through the van endpoints: the ones looked up and acted on. */
const REAL_CASES = 25;
/** Rounds of samples: a p95 of 200 is its 10th slowest, steadier under the machine's load than the 3rd of 60. */
const SAMPLES = 200;
/** Each takes the head of the 初审 queue: the small office holds 75 waiting cases (25 real, one bulk case in 20). */
const ACTIONS = 70;
/** A login hashes a password (most of its time, the same in both offices): sampled in half the rounds, both orders alike. */
const loginRound = (i: number) => i % 4 < 2;

type Measure = 'status' | 'login' | 'queuePage' | 'casePage' | 'reviewAction';
type Timings = Record<Measure, number[]>;
type Scaled = { office: Office; cases: VanCase[]; reviewer: string; timings: Timings; seedMs: number };

async function officeAt(events: number): Promise<Scaled> {
  const dataDir = tempDir('bench-office');
  const office = await startBenchOffice(openSqliteDb(`${dataDir}/office.sqlite`), dataDir);
  const van = await Van.enroll(office);
  const cases: VanCase[] = [];
  for (let n = 1; n <= REAL_CASES; n++) cases.push(await van.acceptCase(n, await freeUnit(office, n - 1)));
  const reviewer = await loginAs(office, 'wangfang');
  const catchUp = async () => void (await api(office, reviewer, 'GET', '/office/queues/1')); // a queue page brings the queue index up to date
  await catchUp();
  const start = performance.now();
  await addBulk(office, cases[0] as VanCase, events - REAL_CASES * 2, catchUp);
  const seedMs = performance.now() - start;
  return { office, cases, reviewer, seedMs, timings: { status: [], login: [], queuePage: [], casePage: [], reviewAction: [] } };
}

/** A keep-alive connection the server closed as idle just as a request went out: the client's pool, not the office. */
const isReset = (e: unknown): boolean => e instanceof TypeError && (e.cause as { code?: string } | undefined)?.code === 'ECONNRESET';

async function time(s: Scaled, measure: Measure, fn: (o: Office) => Promise<{ status: number }>, expected: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const start = performance.now();
    try {
      const res = await fn(s.office);
      s.timings[measure].push(performance.now() - start);
      if (res.status !== expected) throw new Error(`${measure}: expected ${expected}, got ${res.status}`);
      return;
    } catch (error) {
      if (attempt === 3 || !isReset(error)) throw error;
    }
  }
}

/** One sample of each page, then (`act`) one 通过 on the head of the 初审 queue. */
async function sample(s: Scaled, i: number, act: boolean): Promise<void> {
  if (act) {
    const head = ((await api(s.office, s.reviewer, 'GET', '/office/queues/1?limit=1')).json['cases'] as { caseId: string }[])[0];
    if (!head) throw new Error('queue empty');
    await time(s, 'reviewAction', (o) => api(o, s.reviewer, 'POST', `/office/cases/${head.caseId}/actions`, { action: 'pass', reason: '材料齐全，符合登记条件' }), 201);
    return;
  }
  const c = s.cases[i % s.cases.length] as VanCase;
  const citizen = { 'x-forwarded-for': `10.1.${Math.floor(i / 200)}.${i % 200}` };
  await time(s, 'status', (o) => fetch(`${o.url}${API_BASE}/public/status?caseNo=${encodeURIComponent(c.caseNumber)}&code=${c.queryCode}`, { headers: citizen }), 200);
  const login = JSON.stringify({ login: 'liuyang', password: DEMO_PASSWORD });
  if (loginRound(i)) await time(s, 'login', (o) => fetch(`${o.url}${API_BASE}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: login }), 200);
  await time(s, 'queuePage', (o) => api(o, s.reviewer, 'GET', '/office/queues/1'), 200);
  await time(s, 'casePage', (o) => api(o, s.reviewer, 'GET', `/office/cases/${c.caseId}`), 200);
}

async function measureBoth(small: Scaled, large: Scaled): Promise<void> {
  const pair = (i: number) => (i % 2 === 0 ? [small, large] : [large, small]);
  for (let i = 0; i < SAMPLES; i++) for (const s of pair(i)) await sample(s, i, false);
  for (let i = 0; i < ACTIONS; i++) for (const s of pair(i)) await sample(s, i, true);
}

async function close(s: Scaled | undefined): Promise<void> {
  if (!s) return;
  await s.office.close();
  removeDir(s.office.dataDir);
}

/** `BENCH_OFFICE_PAGES=0`: the vans rows alone (`BENCH_OFFICE_VANS=0`: the pages alone). */
class SkipPages extends Error {}

export async function benchOffice(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  let small: Scaled | undefined;
  let large: Scaled | undefined;
  try {
    if (process.env['BENCH_OFFICE_PAGES'] === '0') throw new SkipPages();
    small = await officeAt(SMALL_EVENTS);
    large = await officeAt(LARGE_EVENTS);
    const load = loadavg()[0]?.toFixed(1) ?? '?';
    await measureBoth(small, large);
    for (const key of Object.keys(small.timings) as Measure[]) {
      const a = percentile(large.timings[key], 95);
      const b = percentile(small.timings[key], 95);
      rows.push({
        measure: `${key} p95, ${LARGE_EVENTS.toLocaleString('en')} events (SQLite)`,
        baseline: `${SMALL_EVENTS.toLocaleString('en')} events: ${b.toFixed(1)} ms`,
        ratio: a / b,
        target: '≤ 1.5',
        note: `${a.toFixed(1)} ms (p50 ${percentile(large.timings[key], 50).toFixed(1)} vs ${percentile(small.timings[key], 50).toFixed(1)}); bulk written in ${(large.seedMs / 1000).toFixed(0)} s; load ${load}–${loadavg()[0]?.toFixed(1) ?? '?'}`,
      });
    }
  } catch (error) {
    if (!(error instanceof SkipPages)) throw error;
  } finally {
    await close(small);
    await close(large);
  }
  if (process.env['BENCH_OFFICE_VANS'] === '0') return rows;
  const sqlite = await vansOnSqlite();
  const postgres = await vansOnPostgres();
  rows.push({
    measure: '20 vans flat out, PostgreSQL with two servers: events/s',
    baseline: `SQLite, one server: ${sqlite.eventsPerSecond.toFixed(0)} events/s, p99 ${sqlite.p99.toFixed(0)} ms, lost ${sqlite.lost}`,
    ratio: postgres.eventsPerSecond / sqlite.eventsPerSecond,
    target: 'side by side; none lost',
    note: `${postgres.eventsPerSecond.toFixed(0)} events/s, p99 ${postgres.p99.toFixed(0)} ms, lost ${postgres.lost}; load ${loadavg()[0]?.toFixed(1) ?? '?'}`,
  });
  return rows;
}
