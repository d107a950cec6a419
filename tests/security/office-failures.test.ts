import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_TRIP_ID, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { API_BASE } from '#protocol/version.ts';
import { startOfficeWithPages } from '../office/harness.ts';
import { type SqliteDb } from '#office/platform/db/sqlite-db.ts';
import { testBackend } from '../support/backend.ts';
import { protocolHeaders, removeDir, startOffice, type RunningOffice } from '../sync/helpers.ts';
import { type Device, enroll, login, pullAll, push, sha256, staffCall, uploadWhole } from './attacker-kit.ts';

/**
 * The office logs to its data folder (pino JSON lines, each with its request id, which the answer carries),
 * logs every failure of its own with its cause, and answers a full disk with 507 and a Chinese message
 * without acknowledging anything. The disk is filled for real: SQLite's page limit (the database cannot
 * grow: "database or disk is full") and /dev/full under a scan upload's file (ENOSPC from write(2)).
 */
let office: RunningOffice;
let device: Device;
let admin: string;

type LogLine = { level: number; reqId?: string; msg: string; diskFull?: boolean; err?: { message: string; code?: string; stack?: string } };
const logLines = (): LogLine[] =>
  readFileSync(join(office.dataDir, 'logs', 'office.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LogLine);
const linesOf = (requestId: string) => logLines().filter((l) => l.reqId === requestId);

const applicant = { name: '王秀英', idType: 'resident-id', idNumber: '230803195001011234', side: 'holder' };
const cases = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`, tripId: DEMO_TRIP_ID, appointmentId: null, deviceId: device.deviceId, businessKind: 'transfer', unitIds: [],
    applicants: [{ ...applicant, name: `申请人${prefix}${i}${'某'.repeat(40)}` }], createdAt: new Date().toISOString(), createdBy: 'staff-zhangwei', _deleted: false,
  }));

async function declare(bytes: Uint8Array): Promise<void> {
  const scan = {
    id: `scan-${sha256(bytes).slice(0, 12)}`, caseId: 'case-scans', deviceId: device.deviceId, sha256: sha256(bytes), bytes: bytes.length,
    mime: 'application/pdf', pages: 1, material: { name: '不动产登记申请书', original: true, copies: 1 }, createdAt: new Date().toISOString(), _deleted: false,
  };
  expect((await push(office.url, device, 'scans', [scan])).status).toBe(200);
}

beforeAll(async () => {
  office = await startOffice();
  admin = await login(office.url, 'admin');
  device = await enroll(office.url, admin, DEMO_VAN_ID, 'A1');
}, 30_000);
afterAll(async () => {
  await office.close();
  removeDir(office.dataDir);
});

describe('the office log', () => {
  it('is written to the data folder, a line per request with its id, and the answer carries that id', async () => {
    const res = await fetch(`${office.url}${API_BASE}/health`);
    const id = res.headers.get('x-request-id') ?? '';
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(linesOf(id).map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
  });

  it('records a failure of the office with its cause, answered 500 with the request id', async () => {
    const listDevices = office.storage.listDevices.bind(office.storage);
    office.storage.listDevices = () => Promise.reject(new Error('storage controller failure'));
    try {
      const res = await staffCall(office.url, admin, 'GET', '/admin/devices');
      expect(res.status).toBe(500);
      expect(String(res.body['message'])).toContain('办公室服务器内部错误');
      const failed = linesOf(String(res.body['requestId'])).find((l) => l.level === 50);
      expect(failed?.err?.message).toBe('storage controller failure');
      expect(failed?.err?.stack).toContain('office-failures.test.ts');
    } finally {
      office.storage.listDevices = listDevices;
    }
  });
});

describe('a full disk', () => {
  // SQLite's page limit fills its disk from inside this process; a PostgreSQL server's disk is its own.
  it.runIf(testBackend() === 'sqlite')('refuses a push with 507 in Chinese, logged with its cause; nothing of it is stored, nothing stored is lost, and it goes through once there is room', async () => {
    expect((await push(office.url, device, 'cases', cases('kept', 5))).status).toBe(200);
    const before = await pullAll(office.url, device.token, 'cases');
    expect(Object.keys(before)).toHaveLength(5);

    const db = (office.storage.db as SqliteDb).writer;
    db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`); // the database cannot grow
    const batch = cases('late', 60);
    const full = await push(office.url, device, 'cases', batch);
    expect(full.status, JSON.stringify(linesOf(String(full.body["requestId"])))).toBe(507);
    expect(String(full.body['message'])).toContain('办公室服务器磁盘已满，本次提交没有保存');
    const logged = linesOf(String(full.body['requestId'])).find((l) => l.level === 50);
    expect(logged).toMatchObject({ diskFull: true, err: { code: 'SQLITE_FULL' } });
    expect(await pullAll(office.url, device.token, 'cases')).toEqual(before);

    db.pragma('max_page_count = 1073741823');
    expect((await push(office.url, device, 'cases', batch)).status).toBe(200);
    const after = await pullAll(office.url, device.token, 'cases');
    expect(Object.keys(after).sort()).toEqual([...Object.keys(before), ...batch.map((c) => c.id)].sort());
    for (const [id, body] of Object.entries(before)) expect(after[id]).toBe(body);
  });

  it('refuses a scan upload (ENOSPC while writing it) with 507 in Chinese, logged with its cause; nothing is acknowledged, a verified scan is untouched, and it uploads once there is room', async () => {
    const kept = new Uint8Array(randomBytes(4096));
    await declare(kept);
    expect((await uploadWhole(office.url, device, kept)).status).toBe(201);
    const keptBlob = await office.storage.scanBlob(sha256(kept));

    const late = new Uint8Array(randomBytes(4096));
    await declare(late);
    const { 'content-type': _json, ...base } = protocolHeaders(device.token);
    const headers = { ...base, 'tus-resumable': '1.0.0' };
    const created = await fetch(`${office.url}${API_BASE}/scans/uploads`, {
      method: 'POST', headers: { ...headers, 'upload-length': String(late.length), 'upload-metadata': `sha256 ${Buffer.from(sha256(late)).toString('base64')}` },
    });
    expect(created.status).toBe(201);
    // Unless told otherwise, an unfinished upload is kept for 24 hours (tus expiration extension).
    const expires = Date.parse(created.headers.get('upload-expires') ?? '');
    expect(Math.abs(expires - (Date.now() + 24 * 3600_000))).toBeLessThan(5 * 60_000);
    const id = (created.headers.get('location') ?? '').split('/').pop() ?? '';
    const file = join(office.dataDir, 'uploads', id);
    rmSync(file);
    symlinkSync('/dev/full', file); // every write to this upload's file now fails with ENOSPC
    const patched = await fetch(`${office.url}${API_BASE}/scans/uploads/${id}`, { method: 'PATCH', headers: { ...headers, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: late });
    expect(patched.status).toBe(507);
    expect(await patched.text()).toContain('办公室服务器磁盘已满');
    const logged = logLines().filter((l) => l.level === 50 && l.msg.startsWith('disk full: scan upload'));
    expect(logged).toHaveLength(1);
    expect(logged[0]?.diskFull).toBe(true);
    expect(logged[0]?.err?.stack).toContain('caused by: Error: ENOSPC: no space left on device, write'); // the cause, as pino keeps it
    expect(logged[0]?.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await office.storage.scanBlob(sha256(late))).toBeUndefined();
    expect(await pullAll(office.url, device.token, 'scanAcks')).not.toHaveProperty(sha256(late));

    expect(await office.storage.scanBlob(sha256(kept))).toEqual(keptBlob);
    expect(sha256(readFileSync(keptBlob?.path ?? ''))).toBe(sha256(kept));

    rmSync(file); // room again
    expect((await uploadWhole(office.url, device, late)).status).toBe(201);
    expect(await pullAll(office.url, device.token, 'scanAcks')).toHaveProperty(sha256(late));
  });
});

describe('a full disk under an office page', () => {
  it('answers the form with a 507 page in Chinese and its request id', async () => {
    const pages = await startOfficeWithPages();
    try {
      // The disk fills just as the sign-in writes its session, inside its one write transaction (auth/login.ts).
      const db = pages.storage.db;
      const transaction = db.transaction.bind(db);
      const enospc = () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
      db.transaction = (fn, options) =>
        transaction((tx) => fn({ ...tx, run: (q) => (q.render(db.dialect).text.includes('INSERT INTO sessions') ? enospc() : tx.run(q)) }), options);
      const again = await fetch(`${pages.url}/office/login`, {
        method: 'POST', redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: pages.url },
        body: new URLSearchParams({ login: 'admin', password: DEMO_PASSWORD, next: '/office/queues' }).toString(),
      });
      expect(again.status).toBe(507);
      const html = await again.text();
      expect(again.headers.get('content-type')).toContain('text/html');
      expect(html).toContain('办公室服务器磁盘已满');
      expect(html).toContain(`请求编号：${again.headers.get('x-request-id') ?? 'none'}`);
      // A page a phone can read, in the office's language, like the office's other pages.
      expect(html).toContain('<html lang="zh-CN">');
      expect(html).toContain('name="viewport"');
    } finally {
      await pages.close();
    }
  });
});
