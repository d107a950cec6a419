/**
 * `npm run bench -- sync` (docs/benchmarks.md): the sync stack against baselines measured in the same run.
 * - one trip (2,000 case events + 200 scans of 500 KB ≈ 100 MB) from a van to the office on loopback, vs a
 *   plain HTTP PUT of the same bytes to a bare Node server that hashes and fsyncs each file, over one
 *   connection and over 8 (the stronger of the two is the baseline); the trip's events and scans alone;
 * - a scan upload cut at 50%: extra bytes sent after resuming, vs restarting from zero;
 * - 20 vans pushing at once: events/s and p99 batch latency, nothing lost (at 2,000 events/s the vans run in a
 *   process of their own, van-clients.ts).
 * In the trip rows every van side (our van, the plain client, PouchDB's van) runs in a child process of its own and
 * every server here (trip-van.ts); `BENCH_SYNC_VAN=in-process` puts them all in this process as before, `both` runs
 * the two setups in turn, run by run; `BENCH_SYNC_TRIP_ONLY=1` stops after the trip rows.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanIndex } from '#electron/scans/scan-index.ts';
import { type ScanStore } from '#electron/scans/scan-store.ts';
import { ScanUploader, UPLOADS_AT_ONCE } from '#electron/scans/scan-uploader.ts';
import { OfficeClient } from '#renderer/db/office-client.ts';
import { buildOfficeApp } from '#server/app.ts';
import { hashEnrollCode, hashToken } from '#server/auth/tokens.ts';
import { seedOffice } from '#server/seed.ts';
import { openSqliteStorage } from '#server/storage/open-storage.ts';
import { type OfficeStorage } from '#server/storage/storage.ts';
import { DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { chainOf } from './event-chain.ts';
import { type BenchRow, percentile, summarize } from './report.ts';
import { tripThroughPouchDB } from './sync-pouchdb.ts';
import { TcpProxy } from '../tests/sync/tcp-proxy.ts';
import { SCAN_BYTES, TRIP_CASES, TRIP_EVENTS, type TripParts, type VanSetup, VanSide, scanStoreWith } from './trip-van.ts';
import { type VanPace, vansInChild, vansInProcess } from './van-clients.ts';

const EVENTS = TRIP_EVENTS;
const CASES = TRIP_CASES;
const SCANS = 200;
const RUNS = 3;

/** The van's scan store as after a login: the files encrypted under the scan key, as the app's are. */
const SCAN_KEY = randomBytes(32);
export function scanStore(dir: string): ScanStore {
  return scanStoreWith(dir, SCAN_KEY);
}

/** The plain upload's connections (the app starts every pending scan at once; the uploader sends `UPLOADS_AT_ONCE` at a time). */
const PLAIN_CONNECTIONS = 8;

type Office = { url: string; storage: OfficeStorage; close(): Promise<void>; dir: string };

async function startOffice(): Promise<Office> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-office-'));
  const storage = openSqliteStorage(dir);
  await seedOffice(storage, 'demo');
  const app = await buildOfficeApp({ dataDir: dir, storage });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, storage, dir, close: async () => { await app.close(); rmSync(dir, { recursive: true, force: true }); } };
}

let enrolled = 0;
async function enroll(storage: OfficeStorage): Promise<{ deviceId: string; token: string }> {
  const n = ++enrolled;
  const code = `BENCH-${n}`;
  await storage.createEnrollCode({ codeHash: hashEnrollCode(code), vanId: DEMO_VAN_ID, createdBy: 'bench', expiresAt: '2999-01-01T00:00:00Z' });
  const token = `bench-token-${n}-${randomBytes(6).toString('hex')}`;
  const d = await storage.enrollDevice({ codeHash: hashEnrollCode(code), deviceId: `dev-bench-${n}-${Date.now()}`, name: `bench ${n}`, tokenHash: hashToken(token), now: new Date().toISOString() });
  if (!d) throw new Error('enroll failed');
  return { deviceId: d.id, token };
}


/**
 * The trip through the real stack: the outbox (`startSync`) for the events and scan records, tus for the scans (all
 * started at once, as the app does; the uploader sends `UPLOADS_AT_ONCE` at a time); `parts` sends only the events or
 * only the scans, to show where the trip's time goes. The van runs in this process or in its own (`van`, bench/trip-van.ts);
 * the office here times from the van's start signal to its answer and checks it holds everything.
 * `cpuMs`: CPU time (every thread, van and office, both processes) over the trip; `timed` hears when the timed part
 * starts and ends (bench/trip-parts.ts profiles only that).
 */
export async function tripThroughSync(
  scanDir: string,
  scans: { sha256: string }[],
  parts: TripParts = 'both',
  timed?: (phase: 'start' | 'end') => Promise<void>,
  van: VanSide = new VanSide('in-process'),
): Promise<{ ms: number; cpuMs: number; bytes: number }> {
  const office = await startOffice();
  const device = await enroll(office.storage);
  await van.prepare({ kind: 'sync', officeUrl: office.url, deviceId: device.deviceId, token: device.token, scans, parts, scanDir, scanKey: SCAN_KEY.toString('base64') });
  await timed?.('start');
  const { ms, cpuMs } = await van.go();
  await timed?.('end');
  const withEvents = parts !== 'scans';
  const withScans = parts !== 'events';
  const stored = await office.storage.countDeviceEvents(device.deviceId);
  const verified = await office.storage.countDeviceScans(device.deviceId);
  if (stored !== (withEvents ? EVENTS : 0) || verified !== (withScans ? scans.length : 0)) throw new Error(`trip incomplete: ${stored} events, ${verified} scans`);
  await van.end();
  await office.close();
  const eventsBytes = JSON.stringify(chainOf(device.deviceId, EVENTS, (seq) => Math.floor((seq - 1) / (EVENTS / CASES)))).length;
  return { ms, cpuMs, bytes: (withScans ? SCANS * SCAN_BYTES : 0) + (withEvents ? eventsBytes : 0) };
}

/**
 * Baseline (docs/benchmarks.md): the same bytes PUT to a server here that hashes and fsyncs each file, by the van's
 * client (`van`: in this process or its own) over `connections` keep-alive connections (the events first, then the
 * files, `connections` at a time); `filesDir` holds the files the van reads before the clock starts.
 */
async function tripThroughPlainHttp(van: VanSide, filesDir: string, files: number, connections = 1): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-plain-'));
  let n = 0;
  const server = createServer((req, res) => {
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      hash.update(c);
      chunks.push(c);
    });
    req.on('end', () => {
      void (async () => {
        const fh = await open(join(dir, String(++n)), 'w');
        await fh.writeFile(Buffer.concat(chunks));
        await fh.sync();
        await fh.close();
        res.end(hash.digest('hex'));
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await van.prepare({ kind: 'plain', url: `http://127.0.0.1:${port}`, filesDir, files, connections });
  const { ms } = await van.go();
  await van.end();
  if (n !== files + 1) throw new Error(`plain upload: ${n} of ${files + 1} files stored`);
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

async function resumeAfterCut(scanDir: string): Promise<{ extra: number; size: number }> {
  const office = await startOffice();
  const device = await enroll(office.storage);
  const store = scanStore(scanDir);
  const file = await store.put(randomBytes(40 * 1024 * 1024));
  const caseId = `${device.deviceId}-case-1`;
  const declared = { id: `${device.deviceId}-scan-big`, caseId, deviceId: device.deviceId, sha256: file.sha256, bytes: file.bytes, mime: 'application/pdf' as const, pages: 1, material: { name: '身份证明', original: true, copies: 1 }, createdAt: new Date().toISOString(), _deleted: false };
  await new OfficeClient({ officeUrl: office.url, deviceToken: device.token }).outbox([{ collection: 'scans', doc: declared }]);
  let cut = false;
  const proxy = new TcpProxy({
    onClientData: (_c, conn) => (!cut && conn.lastRequestLine.startsWith('PATCH') && conn.clientBytes > file.bytes / 2 ? ((cut = true), 'cut') : 'pass'),
  });
  await proxy.listen();
  proxy.upstreamPort = Number(new URL(office.url).port);
  const uploader = new ScanUploader({ store, officeUrl: proxy.url, deviceToken: device.token, urls: await ScanIndex.open(join(office.dir, 'resume.json')), retryBaseMs: 10 });
  await uploader.upload({ sha256: file.sha256, mime: 'application/pdf', caseId });
  await proxy.close();
  await office.close();
  return { extra: proxy.clientBytesTotal - file.bytes, size: file.bytes };
}

const VANS = 20;
const BATCH = 100;

/**
 * 20 vans pushing 100-event batches at once. `pace: 'flat-out'`: each van sends its next batch as soon as
 * the last is answered, which measures the office's capacity (events/s); the latency seen there is mostly
 * the queue of 20 batches always waiting. `pace: 'target-rate'`: each van sends one batch per second at its
 * own moment whether or not the last was answered (an open loop, 2,000 events/s together, the issue's
 * rate), which measures the latency a van sees when the office carries that load. `clients`: the vans' HTTP
 * clients in this process, on the office's event loop, or in a process of their own, as other machines
 * (van-clients.ts).
 */
export async function twentyVans(pace: VanPace, clients: 'in-process' | 'own-process' = 'in-process'): Promise<{ eventsPerSecond: number; p99: number; p50: number; lost: number }> {
  const office = await startOffice();
  const vans = await Promise.all(Array.from({ length: VANS }, () => enroll(office.storage)));
  const perVan = pace === 'flat-out' ? 500 : 1500;
  const job = { officeUrl: office.url, vans, perVan, batch: BATCH, pace };
  const { latencies, ms } = clients === 'in-process' ? await vansInProcess(job) : await vansInChild(job);
  let stored = 0;
  for (const v of vans) stored += await office.storage.countDeviceEvents(v.deviceId);
  await office.close();
  return { eventsPerSecond: (VANS * perVan) / (ms / 1000), p99: percentile(latencies, 99), p50: percentile(latencies, 50), lost: VANS * perVan - stored };
}

const SETUP_LABEL: Record<VanSetup, string> = { 'own-process': 'van in its own process', 'in-process': "van in the office's process" };

/**
 * The trip rows: the trip, its events and scans alone, and the baselines (plain PUT over 1 and 8 connections,
 * PouchDB), `RUNS` times each; with two setups, each run takes every setup in turn (the order alternating), so both
 * setups' rows come from the same minutes. `own-process`: every van side (our van, the plain client, PouchDB's van) in one child process,
 * every server here; `in-process`: all in this process, as before (docs/benchmarks.md).
 */
async function tripRows(scanDir: string, filesDir: string, files: Buffer[], scans: { sha256: string }[], setups: VanSetup[]): Promise<BenchRow[]> {
  const samples = new Map(setups.map((s) => [s, { ours: [] as number[], plain: [] as number[], plain8: [] as number[], pouch: [] as number[], eventsOnly: [] as number[], scansOnly: [] as number[], bytes: 0 }]));
  const vans = new Map(setups.map((s) => [s, new VanSide(s)]));
  try {
    for (let r = 0; r < RUNS; r++) {
      // The order turns each run (A B, B A, A B), so neither setup always goes first after the other's PouchDB trip,
      // nor always pays the office's first, cold trip.
      for (const setup of r % 2 === 0 ? setups : [...setups].reverse()) {
        const van = vans.get(setup);
        const m = samples.get(setup);
        if (!van || !m) continue;
        m.plain.push(await tripThroughPlainHttp(van, filesDir, files.length));
        m.plain8.push(await tripThroughPlainHttp(van, filesDir, files.length, PLAIN_CONNECTIONS));
        const trip = await tripThroughSync(scanDir, scans, 'both', undefined, van);
        m.ours.push(trip.ms);
        m.bytes = trip.bytes;
        m.eventsOnly.push((await tripThroughSync(scanDir, scans, 'events', undefined, van)).ms);
        m.scansOnly.push((await tripThroughSync(scanDir, scans, 'scans', undefined, van)).ms);
        m.pouch.push((await tripThroughPouchDB(van, filesDir, files)).ms);
      }
    }
  } finally {
    for (const van of vans.values()) await van.close();
  }
  return setups.flatMap((setup) => {
    const m = samples.get(setup);
    if (!m) return [];
    const label = SETUP_LABEL[setup];
    const o = summarize(m.ours);
    const p1 = summarize(m.plain);
    const p8 = summarize(m.plain8);
    // The baseline is the stronger plain upload: one connection where the disk is the bottleneck, 8 where it is not.
    const p = p8.median < p1.median ? { ...p8, how: `${PLAIN_CONNECTIONS} connections` } : { ...p1, how: '1 connection' };
    const pd = summarize(m.pouch);
    const ev = summarize(m.eventsOnly);
    const sc = summarize(m.scansOnly);
    const diskMBps = (SCANS * SCAN_BYTES) / 1024 / 1024 / (p1.median / 1000);
    const mbps = (ms: number) => (m.bytes / 1024 / 1024 / (ms / 1000)).toFixed(0);
    const client = setup === 'own-process' ? 'client in its own process' : "client in the server's process";
    return [
      {
        measure: `trip sync (${label}): ${EVENTS} events + ${SCANS} scans (${(m.bytes / 1024 / 1024).toFixed(0)} MB), RxDB (memory) + outbox + tus ×${UPLOADS_AT_ONCE}, ${mbps(o.median)} MB/s`,
        baseline: `plain HTTP PUT (${client}), sha256 + fsync, the stronger of 1 and ${PLAIN_CONNECTIONS} connections (${p.how}): ${mbps(p.median)} MB/s`,
        ratio: p.median / o.median,
        target: '>= 0.8 (fast disk), >= 0.6 (slow disk)',
        note: `median of ${RUNS}; ours ${o.min.toFixed(0)}–${o.max.toFixed(0)} ms, plain ×1 ${p1.median.toFixed(0)} ms (${diskMBps.toFixed(0)} MB/s hashed+fsynced), ×${PLAIN_CONNECTIONS} ${p8.median.toFixed(0)} ms`,
      },
      {
        measure: `trip sync split (${label}): events alone ${(ev.median / 1000).toFixed(2)} s, scans alone ${(sc.median / 1000).toFixed(2)} s`,
        baseline: `the whole trip: ${(o.median / 1000).toFixed(2)} s`,
        ratio: (ev.median + sc.median) / o.median,
        target: 'for information (sum of the parts over the whole: 1 = one after the other, 2 = fully overlapped)',
        note: `median of ${RUNS}; events ${ev.min.toFixed(0)}–${ev.max.toFixed(0)} ms, scans ${sc.min.toFixed(0)}–${sc.max.toFixed(0)} ms`,
      },
      {
        measure: `trip sync, same trip (${label}): ${mbps(o.median)} MB/s, ${(o.median / 1000).toFixed(1)} s (speed-up)`,
        baseline: `PouchDB (leveldb) replicating to express-pouchdb (leveldb), inline attachments (PouchDB's van ${setup === 'own-process' ? 'in its own process' : "in the server's process"}), ${mbps(pd.median)} MB/s, ${(pd.median / 1000).toFixed(1)} s`,
        ratio: pd.median / o.median,
        target: '>= 5',
        note: `median of ${RUNS}; PouchDB ${pd.min.toFixed(0)}–${pd.max.toFixed(0)} ms (replication only)`,
      },
    ];
  });
}

/** `BENCH_SYNC_VAN`: `own-process` (the default), `in-process` (the old setup) or `both` (interleaved run by run). */
function tripSetups(): VanSetup[] {
  const v = process.env['BENCH_SYNC_VAN'] ?? 'own-process';
  if (v === 'both') return ['own-process', 'in-process'];
  if (v === 'own-process' || v === 'in-process') return [v];
  throw new Error(`BENCH_SYNC_VAN: own-process, in-process or both, not ${v}`);
}

export async function benchSync(): Promise<BenchRow[]> {
  const setups = tripSetups();
  const scanDir = mkdtempSync(join(tmpdir(), 'bench-scans-'));
  const filesDir = mkdtempSync(join(tmpdir(), 'bench-files-'));
  try {
    const store = scanStore(scanDir);
    const files = Array.from({ length: SCANS }, () => randomBytes(SCAN_BYTES));
    const scans = [];
    for (const [i, f] of files.entries()) {
      scans.push(await store.put(f));
      // The plain and PouchDB vans read the same files from here before their clock starts.
      writeFileSync(join(filesDir, String(i)), f);
    }
    const trips = await tripRows(scanDir, filesDir, files, scans, setups);
    // BENCH_SYNC_TRIP_ONLY=1: the trip rows alone (both setups' runs without the 20 vans' minute after them).
    if (process.env['BENCH_SYNC_TRIP_ONLY'] === '1') return trips;

    const resume = await resumeAfterCut(scanDir);
    const vans = await twentyVans('flat-out');
    // The open-loop row's vans run in a process of their own, as other machines; the same run with them on the
    // office's event loop is in its note (docs/benchmarks.md).
    const paced = await twentyVans('target-rate', 'own-process');
    const pacedInProcess = await twentyVans('target-rate', 'in-process');
    return [
      ...trips,
      {
        measure: `scan resumed after a cut at 50%: ${(resume.extra / 1024).toFixed(0)} KB extra`,
        baseline: `restart from zero: ${(resume.size / 2 / 1024).toFixed(0)} KB extra`,
        ratio: resume.extra / (resume.size / 2),
        target: '< 0.1 (lower is better)',
        note: `${(resume.size / 1024 / 1024).toFixed(0)} MB file`,
      },
      {
        measure: `20 vans pushing at once, flat out: ${vans.eventsPerSecond.toFixed(0)} events/s, ${vans.lost} lost`,
        baseline: 'target 10,000 events/s',
        ratio: vans.eventsPerSecond / 10_000,
        target: '>= 1.0, nothing lost',
        note: `p50 ${vans.p50.toFixed(0)} ms, p99 ${vans.p99.toFixed(0)} ms per batch: 20 batches always queued at full capacity`,
      },
      {
        measure: `20 vans at 2,000 events/s together (a 100-event batch per van per second, the vans in a process of their own): p99 batch ${paced.p99.toFixed(0)} ms, ${paced.lost} lost`,
        baseline: 'target 100 ms',
        ratio: 100 / paced.p99,
        target: '>= 1.0, nothing lost',
        note: `p50 ${paced.p50.toFixed(0)} ms; ${paced.eventsPerSecond.toFixed(0)} events/s offered and stored over 15 s; the vans in the office's process: p99 ${pacedInProcess.p99.toFixed(0)} ms, p50 ${pacedInProcess.p50.toFixed(0)} ms, ${pacedInProcess.lost} lost`,
      },
    ];
  } finally {
    rmSync(scanDir, { recursive: true, force: true });
    rmSync(filesDir, { recursive: true, force: true });
  }
}
