/**
 * Diagnosis, not a suite of `npm run bench`: the sync suite's open-loop 20-van run (2,000 events/s) with each
 * batch's phases timed in the office (arrived, body parsed, checked and queued for the group commit, its
 * transaction, the group's COMMIT, the WAL fsync, answered), the event loop's delay, the GCs and the WAL
 * checkpoints, to see what the slowest 1% of batches wait for (docs/benchmark-log.md). It wraps private parts
 * of `SqliteDb` and `WalCheckpointer` at run time, so it follows them when they change.
 * `CLIENTS=child node --import tsx bench/sync-tail-probe.ts [seconds]` (`CLIENTS=child`: the vans in a process of
 * their own; `CHECKPOINT_MS`: the checkpoints' delay after a commit).
 */
import { monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FastifyRequest } from 'fastify';
import { buildOfficeApp } from '#server/app.ts';
import { hashEnrollCode, hashToken } from '#server/auth/tokens.ts';
import { seedOffice } from '#server/seed.ts';
import { DbStorage } from '#server/storage/db-storage.ts';
import { openSqliteDb, type SqliteDb } from '#office/platform/db/sqlite-db.ts';
import { vansInChild, vansInProcess } from './van-clients.ts';
import { DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { percentile } from './report.ts';

const SECONDS = Number(process.argv[2] ?? 15);
const VANS = 20;
const BATCH = 100;

type Rec = {
  van: number; k: number; due: number; sent?: number; arrived?: number; parsed?: number; queued?: number;
  flushStart?: number; txStart?: number; txEnd?: number; groupSize?: number; commitDone?: number; fsyncDone?: number;
  resolved?: number; replied?: number; done?: number;
};

const dir = mkdtempSync(join(tmpdir(), 'probe-office-'));
const storage = new DbStorage(openSqliteDb(`${dir}/office.sqlite`, process.env.CHECKPOINT_MS ? { checkpointAfterMs: Number(process.env.CHECKPOINT_MS) } : {}));
await seedOffice(storage, 'demo');
const app = await buildOfficeApp({ dataDir: dir, storage });
const db = storage.db as SqliteDb;

const byDevice = new Map<string, Rec>();
const tokenDevice = new Map<string, string>();
const now = () => performance.timeOrigin + performance.now();
const count = new Map<string, number>();
const recs: Rec[] = [];
const vanIndex = new Map<string, number>();

// Each van has one batch in flight at a time (its chain waits for the last answer), so a batch is its device's latest request.
const deviceOf = (req: FastifyRequest) => (req.url.endsWith('/sync/outbox') ? tokenDevice.get(String(req.headers.authorization ?? '').replace(/^Bearer /, '')) : undefined);
app.addHook('onRequest', (req, _reply, done) => {
  const device = deviceOf(req);
  if (device) {
    const k = count.get(device) ?? 0;
    count.set(device, k + 1);
    const r: Rec = { van: vanIndex.get(device) ?? -1, k, due: NaN, arrived: now() };
    recs.push(r);
    byDevice.set(device, r);
  }
  done();
});
app.addHook('preValidation', (req, _reply, done) => {
  const r = byDevice.get(deviceOf(req) ?? '');
  if (r) r.parsed = now();
  done();
});
app.addHook('onSend', (req, _reply, payload, done) => {
  const r = byDevice.get(deviceOf(req) ?? '');
  if (r) r.replied = now();
  done(null, payload);
});

// Group commit phases.
type Flush = { start: number; commitDone?: number; fsyncDone?: number; items: Rec[] };
const fnRec = new WeakMap<object, Rec>();
const proto = db as unknown as { flushGroup(): Promise<void>; syncWal(): Promise<void>; groupQueue: { fn: object }[] };
const origFlush = proto.flushGroup.bind(db);
const origSync = proto.syncWal.bind(db);
// The writes' mutex is first come, first served: the flushes reach their fsync in the order they started.
const awaitingSync: Flush[] = [];
const flushes: Flush[] = [];
proto.flushGroup = async () => {
  const f: Flush = { start: now(), items: proto.groupQueue.map((q) => fnRec.get(q.fn)).filter((r): r is Rec => !!r) };
  for (const r of f.items) {
    r.flushStart = f.start;
    r.groupSize = proto.groupQueue.length;
  }
  flushes.push(f);
  awaitingSync.push(f);
  await origFlush();
};
proto.syncWal = async () => {
  const f = awaitingSync.shift();
  const t = now();
  if (f) f.commitDone = t;
  await origSync();
  if (f) {
    f.fsyncDone = now();
    for (const r of f.items) {
      r.commitDone = f.commitDone;
      r.fsyncDone = f.fsyncDone;
    }
  }
};
const origTx = db.transaction.bind(db);
db.transaction = ((fn: Parameters<SqliteDb['transaction']>[0], options?: Parameters<SqliteDb['transaction']>[1]) => {
  if (!options?.group) return origTx(fn, options);
  const wrapped = async (tx: Parameters<typeof fn>[0]) => {
    const rec = fnRec.get(wrapped);
    if (rec) rec.txStart = now();
    const v = await fn(tx);
    if (rec) rec.txEnd = now();
    return v;
  };
  const p = origTx(wrapped, options);
  return p;
}) as SqliteDb['transaction'];
const origPush = storage.pushVanDocuments.bind(storage);
storage.pushVanDocuments = async (input) => {
  const r = byDevice.get(input.deviceId);
  if (r) r.queued = now();
  // tie the wrapped fn (the last queued) to this record
  const before = proto.groupQueue.length;
  const p = origPush(input);
  const q = proto.groupQueue[before];
  if (r && q) fnRec.set(q.fn, r);
  const out = await p;
  if (r) r.resolved = now();
  return out;
};

// When the WAL checkpointer's worker runs (it writes the database file and fsyncs it).
const cps: { start: number; end: number }[] = [];
const cp = db.checkpointer as unknown as { checkpoint(): Promise<void> } | null;
if (cp) {
  const orig = cp.checkpoint.bind(cp);
  cp.checkpoint = async () => {
    const c = { start: now(), end: NaN };
    cps.push(c);
    await orig();
    c.end = now();
  };
}
const url = await app.listen({ port: 0, host: '127.0.0.1' });

let enrolled = 0;
async function enroll(): Promise<{ deviceId: string; token: string }> {
  const n = ++enrolled;
  const code = `PROBE-${n}`;
  await storage.createEnrollCode({ codeHash: hashEnrollCode(code), vanId: DEMO_VAN_ID, createdBy: 'bench', expiresAt: '2999-01-01T00:00:00Z' });
  const token = `probe-token-${n}-${randomBytes(6).toString('hex')}`;
  const d = await storage.enrollDevice({ codeHash: hashEnrollCode(code), deviceId: `dev-probe-${n}-${Date.now()}`, name: `probe ${n}`, tokenHash: hashToken(token), now: new Date().toISOString() });
  if (!d) throw new Error('enroll failed');
  tokenDevice.set(token, d.id);
  return { deviceId: d.id, token };
}

const vans = await Promise.all(Array.from({ length: VANS }, () => enroll()));
const perVan = SECONDS * BATCH;
vans.forEach((v, i) => vanIndex.set(v.deviceId, i));
const loop = monitorEventLoopDelay({ resolution: 5 });
const gcs: { start: number; ms: number; kind: number }[] = [];
const obs = new PerformanceObserver((list) => {
  for (const e of list.getEntries() as (PerformanceEntry & { detail?: { kind: number } })[]) gcs.push({ start: e.startTime, ms: e.duration, kind: e.detail?.kind ?? 0 });
});
obs.observe({ entryTypes: ['gc'] });
loop.enable();
const cpu0 = process.cpuUsage();
const job = { officeUrl: url, vans, perVan, batch: BATCH, pace: 'target-rate' as const };
const start = now();
const out = process.env.CLIENTS === 'child' ? await vansInChild(job) : await vansInProcess(job);
for (const b of out.batches) {
  const r = recs.find((x) => x.van === b.van && x.k === b.k);
  if (r) Object.assign(r, { due: b.due, sent: b.sent, done: b.done });
}
const wall = out.ms;
const cpu = process.cpuUsage(cpu0);
loop.disable();
obs.disconnect();
let stored = 0;
for (const v of vans) stored += await storage.countDeviceEvents(v.deviceId);
await app.close();
rmSync(dir, { recursive: true, force: true });

const lat = recs.map((r) => (r.done ?? 0) - r.due);
const d = (a?: number, b?: number) => (a !== undefined && b !== undefined ? b - a : NaN);
const phases = (r: Rec) => ({
  lat: d(r.due, r.done),
  waitPrev: d(r.due, r.sent), // waiting for this van's previous batch (chain order) or a late timer
  toArrive: d(r.sent, r.arrived), // client build+JSON+HTTP until the office's onRequest
  parse: d(r.arrived, r.parsed), // body read + JSON parse
  prepare: d(r.parsed, r.queued), // auth, envelope, schema, hash check
  toFlush: d(r.queued, r.flushStart), // waiting for the group to start (setImmediate, previous group's tx)
  inGroupBefore: d(r.flushStart, r.txStart), // the group's other writes before this one
  tx: d(r.txStart, r.txEnd),
  toCommit: d(r.txEnd, r.commitDone), // the group's writes after this one + COMMIT
  fsync: d(r.commitDone, r.fsyncDone),
  toResolve: d(r.fsyncDone, r.resolved),
  toReply: d(r.resolved, r.replied),
  toClient: d(r.replied, r.done), // write, client read + JSON + zod
  group: r.groupSize ?? NaN,
});
const sorted = [...recs].sort((a, b) => (b.done ?? 0) - b.due - ((a.done ?? 0) - a.due));
const worst = sorted.slice(0, Math.max(1, Math.ceil(recs.length / 100)));
const fmt = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
const mean = (rs: Rec[]) => {
  const acc: Record<string, number> = {};
  for (const r of rs) for (const [k, v] of Object.entries(phases(r))) acc[k] = (acc[k] ?? 0) + (Number.isNaN(v) ? 0 : v) / rs.length;
  return acc;
};
const big = gcs.filter((g) => g.kind !== 1);
console.log(JSON.stringify({
  p50: percentile(lat, 50), p90: percentile(lat, 90), p99: percentile(lat, 99), max: Math.max(...lat), batches: recs.length, lost: VANS * perVan - stored,
  cpuPer1000: ((cpu.user + cpu.system) / 1000) / (VANS * perVan / 1000), wallS: wall / 1000,
  clientLoop: out.loop,
  loopDelay: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
  gc: { minor: gcs.filter((g) => g.kind === 1).length, minorMs: gcs.filter((g) => g.kind === 1).reduce((s, g) => s + g.ms, 0), minorMax: Math.max(0, ...gcs.filter((g) => g.kind === 1).map((g) => g.ms)), other: big.map((g) => `${g.kind}:${g.ms.toFixed(1)}`).join(' ') },
  groups: { n: flushes.length, meanSize: flushes.reduce((s, f) => s + f.items.length, 0) / flushes.length, fsyncP50: percentile(flushes.map((f) => d(f.commitDone, f.fsyncDone)), 50), fsyncP99: percentile(flushes.map((f) => d(f.commitDone, f.fsyncDone)), 99), txP99: percentile(flushes.map((f) => d(f.start, f.commitDone)), 99) },
}));
console.log('all mean:   ', fmt(mean(recs)));
console.log('worst1% mean:', fmt(mean(worst)));
for (const r of worst.slice(0, 6)) console.log(' ', fmt(phases(r)), `at ${(r.due - start).toFixed(0)} ms`);
const overlaps = (a: number, b: number) => cps.some((c) => c.start < b && c.end > a);
const slow = flushes.filter((f) => d(f.commitDone, f.fsyncDone) > 30);
const cpBusy = cps.reduce((s, c) => s + (c.end - c.start), 0) / wall;
console.log(`checkpoints ${cps.length}, busy ${(cpBusy * 100).toFixed(0)}% of the time, p50 ${percentile(cps.map((c) => c.end - c.start), 50).toFixed(1)} ms, max ${Math.max(...cps.map((c) => c.end - c.start)).toFixed(1)}; fsyncs > 30 ms: ${slow.length} of ${flushes.length}, ${slow.filter((f) => overlaps(f.commitDone ?? 0, f.fsyncDone ?? 0)).length} overlapping a checkpoint; fsyncs overlapping a checkpoint p50 ${percentile(flushes.filter((f) => overlaps(f.commitDone ?? 0, f.fsyncDone ?? 0)).map((f) => d(f.commitDone, f.fsyncDone)), 50).toFixed(1)}, not ${percentile(flushes.filter((f) => !overlaps(f.commitDone ?? 0, f.fsyncDone ?? 0)).map((f) => d(f.commitDone, f.fsyncDone)), 50).toFixed(1)}`);
// GCs overlapping the worst batches
for (const r of worst.slice(0, 3)) {
  const inside = gcs.filter((g) => g.start + g.ms > r.due && g.start < (r.done ?? 0));
  console.log('  gcs during worst:', inside.map((g) => `${g.kind}:${g.ms.toFixed(1)}`).join(' '));
}
