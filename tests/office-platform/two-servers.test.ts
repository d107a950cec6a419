import { randomBytes } from 'node:crypto';
import { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealEvent } from '#domain/case/hash-chain.ts';
import { type CaseEvent } from '#domain/case/events.ts';
import { DEMO_PASSWORD, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { API_BASE, PROTOCOL_HEADER } from '#protocol/version.ts';
import { buildOfficeApp } from '#server/app.ts';
import { hashEnrollCode, hashToken } from '#server/auth/tokens.ts';
import { DbLocker } from '#server/scans/db-locker.ts';
import { seedOffice } from '#server/seed.ts';
import { DbStorage } from '#server/storage/db-storage.ts';
import { openPostgresStorage } from '#server/storage/open-storage.ts';
import { openTestDb, testBackend } from '../support/backend.ts';
import { adminToken, eventually, protocolHeaders, removeDir, tempDir } from '../sync/helpers.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';

/**
 * Two stateless office servers on one PostgreSQL database, sharing one data folder, as behind a proxy:
 * vans push to both at once while clients pull from both; each server's writes reach the change streams
 * of the other; failed sign-ins count on both; an upload's lock on one is honoured by the other.
 */
const DEVICES = 4;
const BATCHES = 6;
const BATCH = 15;

type Server = { app: FastifyInstance; url: string; storage: DbStorage };
type Device = { deviceId: string; token: string };

let dataDir: string;
let dispose: () => Promise<void>;
let a: Server;
let b: Server;
let devices: Device[];

async function serve(storage: DbStorage): Promise<Server> {
  const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, logFile: false });
  return { app, storage, url: await app.listen({ port: 0, host: '127.0.0.1' }) };
}

async function enroll(storage: DbStorage, n: number): Promise<Device> {
  const code = `TWO-SERVERS-${n}`;
  await storage.createEnrollCode({ codeHash: hashEnrollCode(code), vanId: DEMO_VAN_ID, createdBy: 'test', expiresAt: '2999-01-01T00:00:00Z' });
  const token = `two-servers-${n}-${randomBytes(8).toString('hex')}`;
  const device = await storage.enrollDevice({ codeHash: hashEnrollCode(code), deviceId: `dev-two-${n}`, name: `两台服务器 ${n}`, tokenHash: hashToken(token), now: new Date().toISOString() });
  if (!device) throw new Error('enroll failed');
  return { deviceId: device.id, token };
}

/** A device's hash chain of `n` events over a few cases of its own. */
function chainOf(deviceId: string, n: number): CaseEvent[] {
  const out: CaseEvent[] = [];
  for (let seq = 1; seq <= n; seq++) {
    out.push(
      sealEvent({
        id: `${deviceId}-${seq}`, caseId: `${deviceId}-case-${seq % 5}`, deviceId, seq, at: new Date(Date.UTC(2026, 10, 30, 1, 0, seq)).toISOString(),
        actor: 'staff-zhangwei', prevHash: out[seq - 2]?.hash ?? null, kind: 'materials-received',
        payload: { materials: [{ key: 'id-card', name: '身份证明', original: true, count: 1, pages: 2, scanIds: [] }], complete: false },
      }),
    );
  }
  return out;
}

async function push(server: Server, device: Device, events: readonly CaseEvent[]): Promise<void> {
  const res = await fetch(`${server.url}${API_BASE}/sync/caseEvents/push`, {
    method: 'POST',
    headers: protocolHeaders(device.token),
    body: JSON.stringify(events.map((e) => ({ newDocumentState: { ...e, _deleted: false } }))),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

/**
 * Pulls a device's case events page by page from its checkpoint, as the van does, until `until` says stop. It
 * pulls as a van of protocol 15, the last that is sent its own documents back, so each device's pull holds every
 * document it pushed; a current van is sent none of them (checked below).
 */
const ECHOING_PROTOCOL = '15';
async function pullAll(server: Server, device: Device, until: () => boolean): Promise<string[]> {
  const got: string[] = [];
  let checkpoint: unknown = null;
  for (;;) {
    const done = until(); // read before the pull: everything committed by then is in this or a later page
    const query = checkpoint === null ? '' : `&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`;
    const res = await fetch(`${server.url}${API_BASE}/sync/caseEvents/pull?limit=7${query}`, { headers: { ...protocolHeaders(device.token), [PROTOCOL_HEADER]: ECHOING_PROTOCOL } });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { documents: { id: string }[]; checkpoint: unknown };
    got.push(...page.documents.map((d) => d.id));
    checkpoint = page.checkpoint;
    if (page.documents.length === 0) {
      if (done) return got;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/** The office's own view (every document), pulled from one server's storage while the writes commit on both. */
async function pullOffice(storage: DbStorage, until: () => boolean): Promise<string[]> {
  const got: string[] = [];
  let checkpoint: { seq: number } | undefined;
  for (;;) {
    const done = until();
    const page = await storage.pull('caseEvents', checkpoint, 11, { kind: 'office' });
    got.push(...page.documents.map((d) => String(d.id)));
    checkpoint = page.checkpoint ?? undefined;
    if (page.documents.length === 0) {
      if (done) return got;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/** An open change stream; `resyncs` counts the RESYNC messages it got. */
function openStream(server: Server, device: Device): { resyncs: () => number; closed: () => boolean; stop: () => void } {
  const abort = new AbortController();
  let text = '';
  let ended = false;
  void fetch(`${server.url}${API_BASE}/sync/caseEvents/stream`, { headers: protocolHeaders(device.token), signal: abort.signal })
    .then(async (res) => {
      const decoder = new TextDecoder();
      const reader = res.body?.getReader();
      for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) text += decoder.decode(chunk.value);
    })
    .catch(() => undefined)
    .finally(() => (ended = true));
  return { resyncs: () => text.split('data: "RESYNC"').length - 1, closed: () => ended, stop: () => abort.abort() };
}

describe.runIf(testBackend() === 'postgres')('two office servers on one PostgreSQL', () => {
  beforeAll(async () => {
    dataDir = tempDir('two-servers');
    const opened = await openTestDb(dataDir, 'postgres');
    dispose = opened.drop;
    const first = new DbStorage(opened.db);
    await seedOffice(first, 'demo');
    a = await serve(first);
    b = await serve(await openPostgresStorage(opened.url ?? '', { poolSize: 4 }));
    devices = [];
    for (let n = 0; n < DEVICES; n++) devices.push(await enroll(first, n));
  });

  afterAll(async () => {
    await a.app.close();
    await b.app.close();
    await dispose();
    removeDir(dataDir);
  });

  it('vans push to both at once; every pulling client gets every document exactly once, in order; streams on the other server hear it', async () => {
    const chains = devices.map((d) => chainOf(d.deviceId, BATCHES * BATCH));
    // Each device pushes to one server, listens on the other, and pulls from the other.
    const home = (i: number) => (i % 2 === 0 ? a : b);
    const away = (i: number) => (i % 2 === 0 ? b : a);
    const streams = devices.map((d, i) => openStream(away(i), d));
    await eventually(() => streams.every((s) => s.resyncs() === 1), 10_000, 'every stream opened with its first RESYNC');

    let pushing = true;
    const pulls = devices.map((d, i) => pullAll(away(i), d, () => !pushing));
    const officePulls = [pullOffice(a.storage, () => !pushing), pullOffice(b.storage, () => !pushing)];
    await Promise.all(
      devices.map(async (d, i) => {
        const chain = chains[i] ?? [];
        for (let k = 0; k < BATCHES; k++) await push(home(i), d, chain.slice(k * BATCH, (k + 1) * BATCH));
      }),
    );
    pushing = false;
    const pulled = await Promise.all(pulls);
    const office = await Promise.all(officePulls);

    devices.forEach((_d, i) => expect(pulled[i]).toEqual((chains[i] ?? []).map((e) => e.id)));
    for (const [i, d] of devices.entries()) {
      const res = await fetch(`${away(i).url}${API_BASE}/sync/caseEvents/pull?limit=1000`, { headers: protocolHeaders(d.token) });
      const own = new Set((chains[i] ?? []).map((e) => e.id));
      expect(((await res.json()) as { documents: { id: string }[] }).documents.filter((doc) => own.has(doc.id))).toEqual([]);
    }
    const every = chains.flat().map((e) => e.id);
    for (const seen of office) {
      expect(seen).toHaveLength(DEVICES * BATCHES * BATCH);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual([...every].sort());
      // Each device's events arrive in the order it sent them.
      for (const chain of chains) {
        const ids = new Set(chain.map((e) => e.id));
        expect(seen.filter((id) => ids.has(id))).toEqual(chain.map((e) => e.id));
      }
    }
    // Every push wrote something, and each one's stream sits on the server it did not push to.
    await eventually(() => streams.every((s) => s.resyncs() >= 1 + BATCHES), 10_000, 'a RESYNC per batch on the other server');
    streams.forEach((s) => s.stop());
  });

  it('a device revoked on one server loses its stream on the other', async () => {
    const device = devices[0] as Device;
    const stream = openStream(b, device);
    await eventually(() => stream.resyncs() === 1, 10_000, 'stream open');
    const admin = await adminToken(a.url);
    const res = await fetch(`${a.url}${API_BASE}/admin/devices/${device.deviceId}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    await eventually(() => stream.closed(), 10_000, 'the stream on the other server closed');
  });

  it('failed sign-ins count on every server: five on one, the sixth is refused by the other', async () => {
    const tryLogin = (server: Server) =>
      fetch(`${server.url}${API_BASE}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'wangfang', password: 'not-the-password' }) });
    for (let i = 0; i < 5; i++) expect((await tryLogin(i % 2 === 0 ? a : b)).status).toBe(401);
    expect((await tryLogin(b)).status).toBe(429);
    expect((await tryLogin(a)).status).toBe(429);
    // The right password is refused too while the account is throttled, on either server.
    const right = await fetch(`${b.url}${API_BASE}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'wangfang', password: DEMO_PASSWORD }) });
    expect(right.status).toBe(429);
  });

  it("an upload's lock held on one server is honoured by the other, which asks the holder to let go", async () => {
    const lockerA = new DbLocker(a.storage.db);
    const lockerB = new DbLocker(b.storage.db, 5_000);
    await lockerA.start();
    await lockerB.start();
    try {
      const held = lockerA.newLock('0123456789abcdef0123456789abcdef');
      let askedToRelease = 0;
      await held.lock(new AbortController().signal, () => {
        askedToRelease++;
      });
      const waiting = lockerB.newLock('0123456789abcdef0123456789abcdef');
      let acquired = false;
      const acquiring = waiting.lock(new AbortController().signal, () => undefined).then(() => (acquired = true));
      await eventually(() => askedToRelease >= 1, 5_000, 'the holder asked to let go');
      expect(acquired).toBe(false);
      await held.unlock();
      await acquiring;
      expect(acquired).toBe(true);
      await waiting.unlock();
    } finally {
      lockerA.stop();
      lockerB.stop();
    }
  });
});
