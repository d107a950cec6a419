import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';
import { sql } from '#office/platform/db/sql.ts';
import { API_BASE } from '#protocol/version.ts';
import { buildOfficeApp } from '#server/app.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { seedOffice } from '#server/seed.ts';
import { staffAudience } from '#server/sync/staff-audience.ts';
import { DbStorage } from '#server/storage/db-storage.ts';
import { type Db } from '#office/platform/db/db.ts';
import { openTestDb } from '../support/backend.ts';
import { countingDb, type RowCounter } from '../support/counting-db.ts';
import { api, loginAs, type Office } from '../office/harness.ts';
import { freeUnit, Van, type VanCase } from '../office/scenario.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';

/**
 * The office's request paths read what one case, trip, login or key needs, never a whole collection: each
 * path reads exactly as many rows after thousands of other cases' documents were added as before.
 */
const FILLER_CASES = 400;
const EVENTS_PER_CASE = 10;

const counter: RowCounter = { rows: 0 };
/** The office's database without the counter: what the test itself reads to wait for background work. */
let rawDb: Db;
/** Each path's heaviest queries in its least read, named when a path reads more after the filler than before. */
let heaviest: Record<string, string> = {};
let office: Office;
let cases: VanCase[];
/** The cases the review action is taken on, one each time. */
let actionCases: VanCase[];
const tokens: Record<string, string> = {};
let nextTrip = 0;
/** Appointment requests not yet planned: each planning write takes one. */
const openRequests: string[] = [];

/** The rows a request read; `lastHeaviest` names its three heaviest queries. */
let lastHeaviest = '';
async function rowsRead(fn: () => Promise<{ status: number; json?: unknown }>, expected: number): Promise<number> {
  counter.rows = 0;
  counter.reads = [];
  const res = await fn();
  expect(res.status, JSON.stringify(res.json)).toBe(expected);
  lastHeaviest = [...counter.reads]
    .sort((a, b) => b.rows - a.rows)
    .slice(0, 3)
    .map((r) => `${r.rows} rows: ${r.query.render(rawDb.dialect).text.replace(/\s+/g, ' ').slice(0, 160)}`)
    .join('\n');
  counter.reads = undefined;
  return counter.rows;
}

/** A trip without a receipt block yet, written the way the planning page writes one. */
async function newTrip(): Promise<string> {
  const id = `trip-reads-${++nextTrip}`;
  const trip = { id, date: '2026-01-05', vanId: 'van-1', title: '测试', staffIds: [], appointmentIds: [], unitIds: [], receiptBlock: null, promisedLimits: {}, updatedAt: new Date().toISOString(), _deleted: false };
  await office.storage.writeOfficeDocuments('trips', [{ body: trip, audienceVans: ['van-1'], ownerDevice: null }]);
  return id;
}

/** An office page (HTML), as staff open it. */
const officePage = async (token: string, path: string) => ({ status: (await fetch(`${office.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).status });

const readPaths = {
  status: () => api(office, null, 'GET', `/public/status?caseNo=${encodeURIComponent(cases[0]!.caseNumber)}&code=${cases[0]!.queryCode}`),
  casePage: () => api(office, tokens['wangfang']!, 'GET', `/office/cases/${cases[2]!.caseId}`),
  // With the trip's fee tables and an imported payment statement matched against the receipts.
  reconciliation: () => api(office, tokens['zhaolei']!, 'GET', `/office/trips/${DEMO_TRIP_ID}/reconciliation`),
  queuePage: () => api(office, tokens['wangfang']!, 'GET', '/office/queues/1'),
  dashboard: () => api(office, tokens['wangfang']!, 'GET', '/office/dashboard'),
  dashboardPage: () => officePage(tokens['wangfang']!, '/office/dashboard'),
  trips: () => api(office, tokens['wangfang']!, 'GET', '/office/trips'),
  tripsPage: () => officePage(tokens['admin']!, '/office/trips'),
  appointments: () => api(office, tokens['wangfang']!, 'GET', '/office/appointments'),
  appointmentsPage: () => officePage(tokens['admin']!, '/office/appointments'),
};

/** The least of three reads: background work (a listener, the archive's sweep) may read a row during one. */
async function leastOfThree(path: string, fn: () => Promise<{ status: number }>): Promise<number> {
  let least = Infinity;
  for (let i = 0; i < 3; i++) {
    const n = await rowsRead(fn, 200);
    if (n < least) [least, heaviest[path]] = [n, lastHeaviest];
  }
  return least;
}

async function readCounts(): Promise<Record<string, number>> {
  heaviest = {};
  const counts: Record<string, number> = {};
  for (const [path, read] of Object.entries(readPaths)) counts[path] = await leastOfThree(path, read);
  return counts;
}

/**
 * Each write path three times, on cases and trips of the same shape each time: the least rows of the three
 * (the archive, woken by a write, may read a row of it while the request is still answering).
 */
/** A day of its own for each trip planned here, from 2024-01-01 on. */
let plannedDays = 0;
const planDay = (): string => new Date(Date.UTC(2024, 0, 1) + plannedDays++ * 86_400_000).toISOString().slice(0, 10);

async function writeCounts(): Promise<Record<string, number>> {
  const login = () => fetch(`${office.url}${API_BASE}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'liuyang', password: DEMO_PASSWORD }) });
  const counts: Record<string, number>[] = [];
  const heavy: Record<string, string>[] = [];
  for (let i = 0; i < 3; i++) {
    const trip = await newTrip();
    const first = 900_000 + nextTrip * 1000;
    // 通过 on the head of the first-level queue (no older case waits, so no reason is needed).
    const head = (await api(office, tokens['wangfang']!, 'GET', '/office/queues/1')).json['cases'] as { caseId: string }[];
    await quiet();
    const round: Record<string, string> = {};
    heavy.push(round);
    const take = async (path: string, fn: () => Promise<{ status: number; json?: unknown }>, status: number) => {
      const n = await rowsRead(fn, status);
      round[path] = lastHeaviest;
      return n;
    };
    counts.push({
      login: await take('login', login, 200),
      action: await take('action', () => api(office, tokens['wangfang']!, 'POST', `/office/cases/${actionCases.shift()!.caseId}/actions`, { action: 'return-for-correction', reason: '缺少契税完税凭证', missing: ['application-form'] }), 201),
      pass: await take('pass', () => api(office, tokens['wangfang']!, 'POST', `/office/cases/${head[0]!.caseId}/actions`, { action: 'pass', reason: '材料齐全，符合登记条件' }), 201),
      receiptBlock: await take('receiptBlock', () => api(office, tokens['admin']!, 'POST', `/admin/trips/${trip}/receipt-block`, { prefix: 'RD', first, last: first + 99, width: 7 }), 200),
      // The vans a van clerk's account is written to (every staff write asks): those of the trips they work, not every
      // trip read. Asked directly: the route's password hashing takes long enough for background reads to fall in it.
      staffAudience: await take('staffAudience', async () => ({ status: (await staffAudience(office.storage, { id: 'staff-zhangwei', roles: ['van-clerk'] })).join() === 'van-1' ? 200 : 500 }), 200),
      // A trip planned with an open appointment request (older than every listed trip, so the pages stay as they were),
      // each on a day of its own: planning reads the trips of its day (the same van or clerk twice is said).
      planTrip: await take('planTrip', () => api(office, tokens['admin']!, 'POST', '/office/trips', { date: planDay(), vanId: 'van-1', title: '测试', appointmentRequestIds: [openRequests.shift()!] }), 201),
    });
  }
  return Object.fromEntries(
    Object.keys(counts[0]!).map((k) => {
      const least = counts.reduce((a, c, i) => (c[k]! < counts[a]![k]! ? i : a), 0);
      heaviest[k] = heavy[least]![k] ?? '';
      return [k, counts[least]![k]!];
    }),
  );
}

/** Documents of other cases, trips and devices, stored as a van and the office store them. */
async function addFiller(): Promise<void> {
  await office.storage.db.transaction(async (tx) => {
    const top = await tx.get<{ s: number | null }>(sql`SELECT max(seq) AS s FROM documents`);
    let seq = (top?.s ?? 0) + 1;
    const now = new Date().toISOString();
    const insert = async (collection: string, id: string, body: Record<string, unknown>, keys: { caseId: string | null; tripId: string | null; ref: string | null; device: string }) => {
      await tx.run(sql`INSERT INTO documents (collection, id, seq, body, author, device_id, owner_device, audience_all, received_at, case_id, trip_id, ref)
                       VALUES (${collection}, ${id}, ${seq++}, ${JSON.stringify({ id, ...body })}, 'van', ${keys.device}, ${keys.device}, 0, ${now}, ${keys.caseId}, ${keys.tripId}, ${keys.ref})`);
    };
    for (let c = 0; c < FILLER_CASES; c++) {
      const device = `filler-device-${c % 20}`;
      const caseId = `filler-case-${c}`;
      const tripId = `filler-trip-${c % 40}`;
      await insert('cases', caseId, { tripId, deviceId: device }, { caseId, tripId, ref: null, device });
      for (let e = 0; e < EVENTS_PER_CASE; e++) {
        await insert('caseEvents', `${caseId}-e${e}`, { caseId, deviceId: device, kind: e === 0 ? 'accepted' : 'note' }, { caseId, tripId: null, ref: e === 0 ? `FILL-${c}` : null, device });
      }
      await insert('receipts', `${caseId}-r`, { caseId, tripId, method: 'wechat', transactionRef: `FILL-TX-${c}` }, { caseId, tripId, ref: `FILL-R-${c}`, device });
      await insert('appointments', `${caseId}-a`, { tripId, scheduledAt: '2025-06-01T09:00:00+08:00' }, { caseId: null, tripId, ref: null, device });
      await insert('scans', `${caseId}-s`, { caseId }, { caseId, tripId: null, ref: `fill-sha-${c}`, device });
    }
  });
  for (let c = 0; c < FILLER_CASES; c++) {
    await office.storage.db.run(sql`INSERT INTO office_appointment_requests (id, applicant_name, phone, address, business_kind, category, preferred_date, notes, created_by, created_at, trip_id)
      VALUES (${`filler-request-${c}`}, '旧预约', '13900000000', '旧地址', 'transfer', 'elderly', '2025-06-01', '', 'staff-admin', '2025-05-01T00:00:00.000Z', ${`filler-trip-${c % 40}`})`);
  }
  // Fee schedules that took effect before the one in force: none of them is read for today's cases.
  for (let y = 0; y < 16; y++) {
    const schedule = { id: `filler-fees-${2001 + y}`, version: `旧${y}`, effectiveFrom: `${2001 + y}-01-01`, rules: [{ code: 'registration-residential', amountFen: 8000 + y }], updatedAt: new Date().toISOString(), _deleted: false };
    await office.storage.writeOfficeDocuments('feeSchedules', [{ body: schedule, audienceVans: null, ownerDevice: null }]);
  }
  for (let t = 0; t < 40; t++) {
    const trip = { id: `filler-trip-${t}`, date: '2025-06-01', vanId: `filler-van-${t}`, title: '旧任务', staffIds: [`filler-staff-${t}`], appointmentIds: [], unitIds: [], receiptBlock: { prefix: 'RD', first: t * 100 + 1, last: t * 100 + 100, width: 7 }, promisedLimits: {}, updatedAt: new Date().toISOString(), _deleted: false };
    await office.storage.writeOfficeDocuments('trips', [{ body: trip, audienceVans: [trip.vanId], ownerDevice: null }]);
  }
}

/**
 * Waits until the office's background work is done: the archive has read every case event (its cursor at the last
 * one), and then nothing is read for half a second. Silence alone is not enough: the archive reads a page of 500
 * events a round, and on a loaded machine the writes after one page can take longer than the silence waited for,
 * so a later page fell into a measured request (a fresh-clone run saw the reconciliation read 1,002 rows more).
 */
async function quiet(): Promise<void> {
  for (let tries = 0; tries < 120; tries++) {
    const last = await rawDb.get<{ s: number | string | null }>(sql`SELECT max(seq) AS s FROM documents WHERE collection = 'caseEvents'`);
    const read = await rawDb.get<{ position: number | string }>(sql`SELECT position FROM archive_cursors WHERE name = 'case-events'`);
    counter.rows = 0;
    await new Promise((r) => setTimeout(r, 500));
    if (counter.rows === 0 && Number(read?.position ?? 0) >= Number(last?.s ?? 0)) return;
  }
  throw new Error('the office kept reading in the background');
}

beforeAll(async () => {
  const dataDir = tempDir('request-reads');
  const { db, drop } = await openTestDb(dataDir);
  rawDb = db;
  const storage = new DbStorage(countingDb(db, counter));
  await seedOffice(storage, 'demo');
  const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, plugins: [officePlugin] });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  office = {
    url,
    app,
    storage,
    dataDir,
    close: async () => {
      await app.close();
      await drop();
      removeDir(dataDir);
    },
  };
  const van = await Van.enroll(office);
  cases = [];
  // The first six, accepted first, head the first-level queue and are passed (通过) one by one; the next seven
  // are returned for correction (退回补正), so they never stand before them.
  for (let n = 1; n <= 13; n++) cases.push(await van.acceptCase(n, await freeUnit(office, n - 1)));
  actionCases = cases.slice(6, 13);
  for (const login of ['wangfang', 'zhaolei', 'admin']) tokens[login] = await loginAs(office, login);
  // The measured login's first office login happens here: it publishes the account's van key (a write of its
  // staff document, docs/data-at-rest.md), which every later login only reads.
  await loginAs(office, 'liuyang');
  // Full pages of trips from the start (older than the filler's), so each page lists as many before as after.
  for (let t = 0; t < 50; t++) {
    const trip = { id: `old-trip-${t}`, date: '2024-06-01', vanId: 'van-2', title: '早前任务', staffIds: [], appointmentIds: [], unitIds: [], receiptBlock: null, promisedLimits: {}, updatedAt: new Date().toISOString(), _deleted: false };
    await office.storage.writeOfficeDocuments('trips', [{ body: trip, audienceVans: ['van-2'], ownerDevice: null }]);
  }
  for (let n = 0; n < 6; n++) {
    const r = await api(office, tokens['admin']!, 'POST', '/office/appointments', { applicantName: `申请人${n}`, phone: '13945400000', address: '佳木斯市向阳区', businessKind: 'transfer', category: 'elderly', preferredDate: '2026-12-03' });
    openRequests.push(String(r.json['id']));
  }
  // A WeChat Pay statement of the demo trip, matched at every reconciliation read.
  const bill = readFileSync(new URL('../../fixtures/statements/wechat-trade-bill.csv', import.meta.url));
  const imported = await api(office, tokens['zhaolei']!, 'POST', `/office/trips/${DEMO_TRIP_ID}/statements`, { channel: 'wechat', fileName: 'bill.csv', contentBase64: bill.toString('base64') });
  expect(imported.status, JSON.stringify(imported.json)).toBe(201);
}, 120_000);

afterAll(async () => {
  await office.close();
});

describe('request paths read by key, not whole collections', () => {
  it('read as many rows with 4,000 more case events stored as without them', async () => {
    // The office's own chain has a tail from here on, as it has in every later action.
    await api(office, tokens['wangfang']!, 'POST', `/office/cases/${actionCases.shift()!.caseId}/actions`, { action: 'return-for-correction', reason: '缺少契税完税凭证', missing: ['application-form'] });
    const writesBefore = await writeCounts();
    const readsBefore = await readCounts();
    await addFiller();
    await quiet();
    const readsAfter = await readCounts();
    const writesAfter = await writeCounts();
    // Within two rows: the archive's own round reads its cursor row on a timer, and may do so during a request
    // (a whole-collection read would add at least the 400 other cases).
    for (const [path, n] of Object.entries({ ...readsBefore, ...writesBefore })) {
      const after = { ...readsAfter, ...writesAfter }[path] ?? Infinity;
      expect({ path, extra: after - n <= 2 && after - n >= -2 }, `${path}: ${n} rows before the filler, ${after} after; its heaviest queries after:\n${heaviest[path] ?? ''}`).toEqual({ path, extra: true });
    }
    // Small in absolute terms too: a case page reads its own case, not the office (the filler alone is 6,000 rows).
    // The demo trip's reconciliation (its 13 cases, their events and receipts, a statement's receipts) and a page of
    // 50 trips (with the unit snapshots of today's demo trip) read more, still far below the filler's rows.
    const bound: Record<string, number> = { reconciliation: 200, tripsPage: 300 };
    for (const [path, n] of Object.entries({ ...readsAfter, ...writesAfter })) expect({ path, n: n < (bound[path] ?? 150) }).toEqual({ path, n: true });
  }, 120_000);
});
