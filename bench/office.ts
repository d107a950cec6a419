/**
 * `npm run bench -- office` (docs/benchmarks.md): the office at scale against a small office, in one run.
 * - A large office (1,000,000 case events over 100,000 cases; `BENCH_OFFICE_EVENTS` for another size) against
 *   a small one (10,000 events): the status lookup, a login, a review queue page, a case page and a review
 *   action (通过 on the queue's head), each as the ratio of the p95s (target ≤ 1.5). The bulk of the large
 *   office is written straight into the database in batches (not through the push path: the push path's speed
 *   is the sync suite's), shaped as the real cases accepted through the van endpoints before it.
 * - 20 vans pushing flat out to two office servers on one PostgreSQL, against one server on SQLite: events/s
 *   and p99 batch latency side by side, and nothing lost.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { DEMO_PASSWORD, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { type Db } from '#office/platform/db/db.ts';
import { openPostgresDb } from '#office/platform/db/postgres-db.ts';
import { openSqliteDb } from '#office/platform/db/sqlite-db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { API_BASE } from '#protocol/version.ts';
import { buildOfficeApp } from '#server/app.ts';
import { hashEnrollCode, hashToken } from '#server/auth/tokens.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { seedOffice } from '#server/seed.ts';
import { DbStorage } from '#server/storage/db-storage.ts';
import { api, loginAs, type Office } from '../tests/office/harness.ts';
import { freeUnit, Van, type VanCase } from '../tests/office/scenario.ts';
import { createDatabase, startPostgresServer } from '../tests/support/postgres-server.ts';
import { protocolHeaders, removeDir, tempDir } from '../tests/sync/helpers.ts';
import { chainOf } from './event-chain.ts';
import { type BenchRow, percentile } from './report.ts';

const EVENTS_PER_CASE = 10;
const LARGE_EVENTS = Number(process.env['BENCH_OFFICE_EVENTS'] ?? 1_000_000);
const SMALL_EVENTS = 10_000;
/** Real cases accepted through the van endpoints: the ones looked up and acted on. */
const REAL_CASES = 25;
const SAMPLES = 30;
const ACTIONS = 20;
const WRITE_BATCH = 5000;

async function startOffice(db: Db, dataDir: string): Promise<Office> {
  const storage = new DbStorage(db);
  await seedOffice(storage, 'demo');
  // Behind a proxy, so each status lookup can come from a citizen of its own (the public page limits each address).
  const app = await buildOfficeApp({ dataDir, storage, plugins: [officePlugin], logFile: false, trustProxy: ['127.0.0.1'] });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, app, storage, dataDir, close: () => app.close() };
}

/** `total` case events over `total / 10` cases, copied from a real case's documents, with their queue rows. */
async function addBulk(office: Office, template: VanCase, total: number): Promise<void> {
  const db = office.storage.db;
  const caseDoc = (await office.storage.getDocument('cases', template.caseId))?.body;
  const events = (await db.all<{ body: string }>(sql`SELECT body FROM documents WHERE collection = 'caseEvents' AND case_id = ${template.caseId} ORDER BY seq`)).map((r) => JSON.parse(r.body) as Record<string, unknown>);
  if (!caseDoc || events.length < 2) throw new Error('template case missing');
  const cases = Math.floor(total / EVENTS_PER_CASE);
  let seq = ((await db.get<{ s: number | null }>(sql`SELECT max(seq) AS s FROM documents`))?.s ?? 0) + 1;
  const now = new Date().toISOString();
  for (let start = 0; start < cases; start += WRITE_BATCH / EVENTS_PER_CASE) {
    await db.transaction(async (tx) => {
      for (let i = start; i < Math.min(cases, start + WRITE_BATCH / EVENTS_PER_CASE); i++) {
        const caseId = `bulk-case-${i}`;
        const device = `bulk-device-${i % 500}`;
        await tx.run(sql`INSERT INTO documents (collection, id, seq, body, author, device_id, owner_device, audience_all, received_at, case_id, trip_id, ref)
                         VALUES ('cases', ${caseId}, ${seq++}, ${JSON.stringify({ ...caseDoc, id: caseId, deviceId: device })}, 'van', ${device}, ${device}, 0, ${now}, ${caseId}, ${String(caseDoc['tripId'])}, NULL)`);
        for (let e = 0; e < EVENTS_PER_CASE; e++) {
          const base = events[Math.min(e, events.length - 1)] ?? {};
          const number = e === 0 ? `BULK-${i}` : null;
          const payload = e === 0 ? { ...(base['payload'] as object), caseNumber: number, queryCode: `B${i}` } : base['payload'];
          const body = { ...base, id: `${caseId}-e${e}`, caseId, deviceId: device, seq: e + 1, payload };
          await tx.run(sql`INSERT INTO documents (collection, id, seq, body, author, device_id, owner_device, audience_all, received_at, case_id, trip_id, ref)
                           VALUES ('caseEvents', ${body.id}, ${seq++}, ${JSON.stringify(body)}, 'van', ${device}, ${device}, 0, ${now}, ${caseId}, NULL, ${number})`);
        }
        // One in a hundred still waits for its first review, after every real case; the rest are done with.
        const waiting = i % 100 === 0;
        await tx.run(sql`INSERT INTO case_stages (case_id, awaiting_level, closed, accepted_at) VALUES (${caseId}, ${waiting ? 1 : null}, ${waiting ? 0 : 1}, ${`2099-01-01T00:00:00.${String(i % 1000).padStart(3, '0')}Z`})`);
      }
    });
  }
  // The queue index already holds the bulk cases: its catch-up starts after them.
  const last = seq - 1;
  await db.run(sql`UPDATE case_stage_cursors SET seq = ${last}`);
}

type Timings = Record<'status' | 'login' | 'queuePage' | 'casePage' | 'reviewAction', number[]>;

async function measure(office: Office, cases: readonly VanCase[]): Promise<Timings> {
  const reviewer = await loginAs(office, 'wangfang');
  const t: Timings = { status: [], login: [], queuePage: [], casePage: [], reviewAction: [] };
  const time = async (list: number[], fn: () => Promise<{ status: number }>, expected: number) => {
    const start = performance.now();
    const res = await fn();
    list.push(performance.now() - start);
    if (res.status !== expected) throw new Error(`expected ${expected}, got ${res.status}`);
  };
  for (let i = 0; i < SAMPLES; i++) {
    const c = cases[i % cases.length] as VanCase;
    await time(t.status, () => fetch(`${office.url}${API_BASE}/public/status?caseNo=${encodeURIComponent(c.caseNumber)}&code=${c.queryCode}`, { headers: { 'x-forwarded-for': `10.1.${Math.floor(i / 200)}.${i % 200}` } }), 200);
    await time(t.login, () => fetch(`${office.url}${API_BASE}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'liuyang', password: DEMO_PASSWORD }) }), 200);
    await time(t.queuePage, () => api(office, reviewer, 'GET', '/office/queues/1'), 200);
    await time(t.casePage, () => api(office, reviewer, 'GET', `/office/cases/${c.caseId}`), 200);
  }
  for (let i = 0; i < ACTIONS; i++) {
    const head = ((await api(office, reviewer, 'GET', '/office/queues/1?limit=1')).json['cases'] as { caseId: string }[])[0];
    if (!head) throw new Error('queue empty');
    await time(t.reviewAction, () => api(office, reviewer, 'POST', `/office/cases/${head.caseId}/actions`, { action: 'pass', reason: '材料齐全，符合登记条件' }), 201);
  }
  return t;
}

async function officeAt(events: number): Promise<{ timings: Timings; seedMs: number }> {
  const dataDir = tempDir('bench-office');
  const office = await startOffice(openSqliteDb(`${dataDir}/office.sqlite`), dataDir);
  try {
    const van = await Van.enroll(office);
    const cases: VanCase[] = [];
    for (let n = 1; n <= REAL_CASES; n++) cases.push(await van.acceptCase(n, await freeUnit(office, n - 1)));
    const token = await loginAs(office, 'wangfang');
    await api(office, token, 'GET', '/office/queues/1'); // the real cases into the queue index
    const start = performance.now();
    await addBulk(office, cases[0] as VanCase, events - REAL_CASES * 2);
    const seedMs = performance.now() - start;
    return { timings: await measure(office, cases), seedMs };
  } finally {
    await office.close();
    removeDir(dataDir);
  }
}


const VANS = 20;
const PER_VAN = 500;
const BATCH = 100;

/** 20 vans, each sending its next 100-event batch as soon as the last was answered, spread over `urls`. */
async function twentyVans(storage: DbStorage, urls: readonly string[]): Promise<{ eventsPerSecond: number; p99: number; lost: number }> {
  const vans = [];
  for (let n = 0; n < VANS; n++) {
    const code = `BENCH-OFFICE-${n}`;
    await storage.createEnrollCode({ codeHash: hashEnrollCode(code), vanId: DEMO_VAN_ID, createdBy: 'bench', expiresAt: '2999-01-01T00:00:00Z' });
    const token = `bench-${n}-${randomBytes(8).toString('hex')}`;
    const d = await storage.enrollDevice({ codeHash: hashEnrollCode(code), deviceId: `dev-bench-office-${n}`, name: `bench ${n}`, tokenHash: hashToken(token), now: new Date().toISOString() });
    if (!d) throw new Error('enroll failed');
    vans.push({ deviceId: d.id, token, url: urls[n % urls.length] ?? '' });
  }
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    vans.map(async (v) => {
      const events = chainOf(v.deviceId, PER_VAN);
      for (let k = 0; k < PER_VAN; k += BATCH) {
        const sent = performance.now();
        const res = await fetch(`${v.url}${API_BASE}/sync/caseEvents/push`, {
          method: 'POST',
          headers: protocolHeaders(v.token),
          body: JSON.stringify(events.slice(k, k + BATCH).map((e) => ({ newDocumentState: { ...e, _deleted: false } }))),
        });
        if (res.status !== 200) throw new Error(`push refused: ${res.status} ${await res.text()}`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const ms = performance.now() - start;
  let stored = 0;
  for (const v of vans) stored += await storage.countDeviceEvents(v.deviceId);
  return { eventsPerSecond: (VANS * PER_VAN) / (ms / 1000), p99: percentile(latencies, 99), lost: VANS * PER_VAN - stored };
}

async function vansOnSqlite(): Promise<Awaited<ReturnType<typeof twentyVans>>> {
  const dataDir = tempDir('bench-vans-sqlite');
  const office = await startOffice(openSqliteDb(`${dataDir}/office.sqlite`), dataDir);
  try {
    return await twentyVans(office.storage, [office.url]);
  } finally {
    await office.close();
    removeDir(dataDir);
  }
}

async function vansOnPostgres(): Promise<Awaited<ReturnType<typeof twentyVans>>> {
  const server = startPostgresServer();
  const dataDir = tempDir('bench-vans-postgres');
  try {
    const database = await createDatabase(server.adminUrl);
    const first = await startOffice(await openPostgresDb(database.url), dataDir);
    const app = await buildOfficeApp({ dataDir, storage: new DbStorage(await openPostgresDb(database.url)), logFile: false });
    const second = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      return await twentyVans(first.storage, [first.url, second]);
    } finally {
      await app.close();
      await first.close();
    }
  } finally {
    server.stop();
    removeDir(dataDir);
  }
}

export async function benchOffice(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const small = await officeAt(SMALL_EVENTS);
  const large = await officeAt(LARGE_EVENTS);
  const load = loadavg()[0]?.toFixed(1) ?? '?';
  for (const key of Object.keys(small.timings) as (keyof Timings)[]) {
    const a = percentile(large.timings[key], 95);
    const b = percentile(small.timings[key], 95);
    rows.push({
      measure: `${key} p95, ${LARGE_EVENTS.toLocaleString('en')} events (SQLite)`,
      baseline: `${SMALL_EVENTS.toLocaleString('en')} events: ${b.toFixed(1)} ms`,
      ratio: a / b,
      target: '≤ 1.5',
      note: `${a.toFixed(1)} ms; bulk written in ${(large.seedMs / 1000).toFixed(0)} s; load ${load}`,
    });
  }
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
