/**
 * The van's side of the sync suite's trip rows (docs/benchmarks.md): the trip through the real stack (RxDB + the
 * outbox via `startSync`, `ScanUploader`), the plain HTTP PUT client, and PouchDB's replication from a leveldb
 * database on the van. Each is prepared (its database written, its files read) before the clock starts and then
 * run on a signal. `VanSide` runs them in the benchmark's own process, on the office's event loop, or in a child
 * process of its own (`own-process`, the same Node and loader, as bench/van-clients.ts does for the 20 vans): a van
 * is another machine, and in one process the van's and the office's work take turns on one event loop that each
 * keeps 80-92% busy alone (docs/benchmark-log.md, 15:20-16:00), so the trip measured both as one program. The
 * servers (office, bare PUT server, express-pouchdb) always stay in the parent, which times from the signal to the
 * answer and checks what arrived.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import PouchDB from 'pouchdb-node';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { ScanIndex } from '#electron/scans/scan-index.ts';
import { ScanKey, ScanStore } from '#electron/scans/scan-store.ts';
import { ScanUploader } from '#electron/scans/scan-uploader.ts';
import { openVanDatabase } from '#renderer/db/database.ts';
import { startSync } from '#renderer/db/sync-controller.ts';
import { chainOf } from './event-chain.ts';

export const TRIP_EVENTS = 2000;
/** The trip's cases: 40 events and 4 scans each. */
export const TRIP_CASES = 50;
export const SCAN_BYTES = 500 * 1024;

export type TripParts = 'both' | 'events' | 'scans';
export type VanSetup = 'in-process' | 'own-process';

/**
 * What the van does. `sync`: the trip through the real stack (`scanKey` base64: the van's scan store as after a
 * login). `plain`: the baseline's client, the events' JSON then each file PUT over `connections` keep-alive
 * connections. `pouch`: PouchDB's replication of the same events and files to `remoteUrl`. `filesDir` holds the
 * trip's plain files `0`..`files - 1`.
 */
export type VanJob =
  | { kind: 'sync'; officeUrl: string; deviceId: string; token: string; scans: { sha256: string }[]; parts: TripParts; scanDir: string; scanKey: string }
  | { kind: 'plain'; url: string; filesDir: string; files: number; connections: number }
  | { kind: 'pouch'; remoteUrl: string; filesDir: string; files: number };

export function scanStoreWith(dir: string, keyBytes: Buffer): ScanStore {
  const key = new ScanKey();
  key.set(keyBytes);
  return new ScanStore(dir, key);
}

/** The pouch trip's scan documents' ids and attachment name (bench/sync-pouchdb.ts checks the server by them). */
export const POUCH_ATTACHMENT = 'scan.pdf';
export const pouchScanId = (i: number) => `scan-${String(i).padStart(4, '0')}`;
export const POUCH_DEVICE = 'dev-pouch';
export const PLAIN_DEVICE = 'dev-plain';

const filesRead = new Map<string, Buffer[]>();
/** The trip's plain files, read once per process (before any clock). */
export function tripFiles(dir: string, n: number): Buffer[] {
  const key = `${dir}:${n}`;
  let files = filesRead.get(key);
  if (!files) {
    files = Array.from({ length: n }, (_, i) => readFileSync(join(dir, String(i))));
    filesRead.set(key, files);
  }
  return files;
}

type Prepared = { go(): Promise<void>; end(): Promise<void> };

/** The van written as the app writes a trip (saveIntake): case after case, each case's scan records with the case, then its events. */
async function prepareSync(job: Extract<VanJob, { kind: 'sync' }>): Promise<Prepared> {
  const { deviceId, scans, parts } = job;
  // RxDB memory storage on the van: Node has no real IndexedDB, and fake-indexeddb (pure JS) would measure
  // itself rather than the sync; in the renderer the same code runs on Dexie over Chromium's IndexedDB.
  const db = await openVanDatabase({ name: `bench-${deviceId}`, storage: getRxStorageMemory() });
  const vanDir = mkdtempSync(join(tmpdir(), 'bench-van-'));
  // The outbox sends in write order, so a case's scans are declared with its first batch.
  const perCase = TRIP_EVENTS / TRIP_CASES;
  const events = chainOf(deviceId, TRIP_EVENTS, (seq) => Math.floor((seq - 1) / perCase));
  const caseOfScan = (i: number) => `${deviceId}-case-${Math.floor((i * TRIP_CASES) / scans.length)}`;
  const withEvents = parts !== 'scans';
  const withScans = parts !== 'events';
  for (let c = 0; c < TRIP_CASES; c++) {
    const caseId = `${deviceId}-case-${c}`;
    // The office takes a scan's bytes only once a van has declared it (its scan record pushed), as the app does.
    const records = scans.flatMap((s, i) => (caseOfScan(i) === caseId ? [{ id: `${deviceId}-scan-${i}`, caseId, deviceId, sha256: s.sha256, bytes: SCAN_BYTES, mime: 'application/pdf' as const, pages: 1, material: { name: '身份证明', original: true, copies: 1 }, createdAt: new Date(Date.UTC(2026, 10, 30, 2, 0, i)).toISOString() }] : []));
    if (withScans) await db.scans.bulkInsert(records);
    if (withEvents) await db.caseEvents.bulkInsert(events.slice(c * perCase, (c + 1) * perCase).map(({ ...e }) => e));
  }
  const store = scanStoreWith(job.scanDir, Buffer.from(job.scanKey, 'base64'));
  let sync: ReturnType<typeof startSync> | undefined;
  return {
    // All scans started at once, as the app does; the uploader sends `UPLOADS_AT_ONCE` at a time.
    go: async () => {
      sync = startSync(db, { officeUrl: job.officeUrl, deviceToken: job.token, deviceId, live: false });
      const uploader = new ScanUploader({ store, officeUrl: job.officeUrl, deviceToken: job.token, urls: await ScanIndex.open(join(vanDir, 'uploads.json')) });
      await Promise.all([sync.awaitInSync(), ...(withScans ? scans.map((s, i) => uploader.upload({ sha256: s.sha256, mime: 'application/pdf', caseId: caseOfScan(i) })) : [])]);
    },
    end: async () => {
      await sync?.stop();
      await db.remove();
      rmSync(vanDir, { recursive: true, force: true });
    },
  };
}

function preparePlain(job: Extract<VanJob, { kind: 'plain' }>): Prepared {
  const files = tripFiles(job.filesDir, job.files);
  const eventsJson = Buffer.from(JSON.stringify(chainOf(PLAIN_DEVICE, TRIP_EVENTS)));
  const { hostname, port } = new URL(job.url);
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
  const put = (body: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: hostname, port, method: 'PUT', path: '/f', agent, headers: { 'content-length': body.length } }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end(body);
    });
  return {
    // The events first, then the files, `connections` at a time.
    go: async () => {
      await put(eventsJson);
      let next = 0;
      await Promise.all(
        Array.from({ length: job.connections }, async () => {
          while (next < files.length) {
            const f = files[next++];
            if (f) await put(f);
          }
        }),
      );
    },
    end: () => {
      agent.destroy();
      return Promise.resolve();
    },
  };
}

function mustAllBeWritten(results: PouchDB.WriteResult[], what: string): void {
  const failed = results.filter((r) => r.ok !== true);
  if (failed.length > 0) throw new Error(`${what}: ${failed.length} not written (${failed[0]?.error ?? ''} ${failed[0]?.reason ?? ''})`);
}

/** The events as small documents and each scan as a document with one inline attachment, in a leveldb PouchDB. */
async function preparePouch(job: Extract<VanJob, { kind: 'pouch' }>): Promise<Prepared> {
  const files = tripFiles(job.filesDir, job.files);
  const events = chainOf(POUCH_DEVICE, TRIP_EVENTS);
  const vanDir = mkdtempSync(join(tmpdir(), 'bench-pouch-van-'));
  const local = new PouchDB(join(vanDir, 'trip'));
  const remote = new PouchDB(`${job.remoteUrl}/trip`);
  mustAllBeWritten(await local.bulkDocs(events.map((e) => ({ _id: e.id, ...e }))), 'events');
  for (let i = 0; i < files.length; i += 20) {
    const docs = files.slice(i, i + 20).map((data, k) => ({
      _id: pouchScanId(i + k),
      caseId: 'case-1',
      sha256: createHash('sha256').update(data).digest('hex'),
      // base64, as an app hands PouchDB a file: with a Buffer, PouchDB's revision hash walks Buffer#toJSON
      _attachments: { [POUCH_ATTACHMENT]: { content_type: 'application/pdf', data: data.toString('base64') } },
    }));
    mustAllBeWritten(await local.bulkDocs(docs), 'scans');
  }
  await remote.info(); // creates the office database before the clock starts
  return {
    go: async () => {
      const result = await PouchDB.replicate(local, remote);
      if (!result.ok || result.doc_write_failures > 0) throw new Error(`PouchDB replication failed: ${result.doc_write_failures} write failures`);
    },
    end: async () => {
      await local.close();
      await remote.close();
      rmSync(vanDir, { recursive: true, force: true });
    },
  };
}

function prepare(job: VanJob): Promise<Prepared> {
  if (job.kind === 'sync') return prepareSync(job);
  if (job.kind === 'plain') return Promise.resolve(preparePlain(job));
  return preparePouch(job);
}

type FromChild = { ready: true } | { done: { cpuMs: number } } | { ended: true } | { failed: string };
type ToChild = { job: VanJob } | 'go' | 'end';
const CHILD_FLAG = '--bench-trip-van';

const cpuMsSince = (from: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(from);
  return (user + system) / 1000;
};

/**
 * The van: `prepare` a job (untimed), `go` (timed: from the signal to the van's answer, with the van's and this
 * process's CPU time over it), `end` (the van's clean-up). One job at a time; `own-process` keeps one child for
 * every job until `close`, so its JIT warms over the runs as the in-process van's does.
 */
export class VanSide {
  private current: Prepared | undefined;
  private child: ChildProcess | undefined;
  private readonly inbox: FromChild[] = [];
  private waiter: ((m: FromChild) => void) | undefined;
  private gone: Error | undefined;

  constructor(readonly setup: VanSetup) {
    if (setup === 'in-process') return;
    const child = fork(fileURLToPath(import.meta.url), [CHILD_FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (m: FromChild) => {
      const w = this.waiter;
      this.waiter = undefined;
      if (w) w(m);
      else this.inbox.push(m);
    });
    child.once('exit', (code) => {
      this.gone = new Error(`trip van exited (${code})`);
      this.waiter?.({ failed: this.gone.message });
    });
    this.child = child;
  }

  private async next(): Promise<FromChild> {
    const m = this.inbox.shift() ?? (this.gone ? { failed: this.gone.message } : await new Promise<FromChild>((resolve) => (this.waiter = resolve)));
    if ('failed' in m) throw new Error(`trip van: ${m.failed}`);
    return m;
  }

  private send(m: ToChild): void {
    if (!this.child || this.gone) throw this.gone ?? new Error('no child');
    this.child.send(m);
  }

  async prepare(job: VanJob): Promise<void> {
    if (!this.child) {
      this.current = await prepare(job);
      return;
    }
    this.send({ job });
    const m = await this.next();
    if (!('ready' in m)) throw new Error('trip van: expected ready');
  }

  async go(): Promise<{ ms: number; cpuMs: number }> {
    const cpu = process.cpuUsage();
    const start = performance.now();
    if (!this.child) {
      if (!this.current) throw new Error('nothing prepared');
      await this.current.go();
      return { ms: performance.now() - start, cpuMs: cpuMsSince(cpu) };
    }
    this.send('go');
    const m = await this.next();
    const ms = performance.now() - start;
    if (!('done' in m)) throw new Error('trip van: expected done');
    return { ms, cpuMs: cpuMsSince(cpu) + m.done.cpuMs };
  }

  async end(): Promise<void> {
    if (!this.child) {
      await this.current?.end();
      this.current = undefined;
      return;
    }
    this.send('end');
    await this.next();
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child || this.gone) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.disconnect();
    await exited;
  }
}

if (process.argv.includes(CHILD_FLAG) && process.send) {
  let current: Prepared | undefined;
  const reply = (m: FromChild) => process.send?.(m);
  const failed = (error: unknown) => reply({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.on('message', (m: ToChild) => {
    if (m === 'go') {
      const cpu = process.cpuUsage();
      if (!current) return failed(new Error('nothing prepared'));
      current.go().then(() => reply({ done: { cpuMs: cpuMsSince(cpu) } }), failed);
    } else if (m === 'end') {
      const ending = current;
      current = undefined;
      (ending ? ending.end() : Promise.resolve()).then(() => reply({ ended: true }), failed);
    } else {
      prepare(m.job).then((p) => {
        current = p;
        reply({ ready: true });
      }, failed);
    }
  });
  // The parent's disconnect is the end of the benchmark: nothing else keeps this process.
  process.on('disconnect', () => process.exit(0));
}
