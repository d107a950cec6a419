import { createRequire } from 'node:module';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/**
 * The worker's code: its own connection to the database file and one PASSIVE checkpoint per message. Plain
 * CommonJS given as text, so it runs as it is from source (tsx, tests) and wherever the office is installed; the
 * driver is the one the office loaded, by its resolved path.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, busy: row.busy, log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String(error && error.message ? error.message : error) });
  }
});
`;

type Answer = { ok: true; busy: number; log: number; checkpointed: number } | { ok: false; message: string };

/**
 * Copies the WAL's pages back into the database file on a worker thread, so no request waits for it. SQLite's
 * own checkpoint (`wal_autocheckpoint`) runs inside the commit that crosses its threshold, on the event loop:
 * copying about 4 MB of pages and an fsync of the database file held up every push of the office for up to
 * 140 ms under the 20 vans of the benchmark. The worker's connection checkpoints PASSIVE, as SQLite's own does:
 * it never waits for a writer or a reader, and a frame is copied only once every reader can do without it, so
 * what it does is what the commit did, elsewhere. At most one checkpoint runs, `intervalMs` after the commit
 * that asks for it (the commits in between share it). The worker starts on the first and stops with `close`.
 * When it fails, `onFailure` is told (the database then checkpoints as SQLite does by itself) and it stops.
 *
 * A checkpoint due while a group commit's fsync of the WAL is under way (`syncing`) waits for it to end, at most
 * `maxDeferMs`: the checkpoint's writes to the database file and its fsync share the disk's queue with that
 * fsync, and an answer waits for its fsync. Under the 20 vans of the benchmark at 2,000 events/s, most WAL fsyncs
 * over 30 ms were ones a checkpoint overlapped (docs/benchmark-log.md). Under writes with no pause (flat out) the
 * checkpoint runs at `maxDeferMs` anyway, so the WAL stays bounded.
 */
export class WalCheckpointer {
  private worker: Worker | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** A checkpoint that is due, waiting for the WAL fsyncs under way (at most `maxDeferMs`). */
  private deferred: NodeJS.Timeout | undefined;
  private syncs = 0;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private failing: Promise<void> | undefined;
  /** The checkpoints run, and what the last one found: the WAL's frames and how many of them are in the database file. */
  runs = 0;
  last: { log: number; checkpointed: number } | undefined;

  constructor(
    private readonly file: string,
    private readonly onFailure: (error: Error) => void,
    private readonly intervalMs = 100,
    private readonly maxDeferMs = 500,
  ) {}

  /** A commit appended to the WAL: a checkpoint follows. */
  committed(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer || this.deferred) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.syncs === 0) this.begin();
      else {
        this.deferred = setTimeout(() => {
          this.deferred = undefined;
          this.begin();
        }, this.maxDeferMs);
        this.deferred.unref();
      }
    }, this.intervalMs);
    this.timer.unref();
  }

  /** An fsync of the WAL begins: a checkpoint due meanwhile waits until every one begun has ended (call what this returns, once). */
  syncing(): () => void {
    this.syncs++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.syncs--;
      if (this.syncs > 0 || !this.deferred) return;
      clearTimeout(this.deferred);
      this.deferred = undefined;
      if (!this.stopped) this.begin();
    };
  }

  private begin(): void {
    this.running = this.checkpoint().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.committed();
      }
    });
  }

  /** Runs a checkpoint now, after the one under way (tests; `close` does not need one: SQLite checkpoints on its last close). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    clearTimeout(this.deferred);
    this.timer = undefined;
    this.deferred = undefined;
    await this.running;
    if (!this.stopped) await this.checkpoint();
  }

  private async checkpoint(): Promise<void> {
    try {
      const worker = (this.worker ??= this.start());
      const answer = new Promise<Answer>((resolve, reject) => {
        const exited = () => reject(new Error('the WAL checkpoint worker stopped'));
        worker.once('exit', exited);
        worker.once('error', reject);
        worker.once('message', (a: Answer) => {
          worker.off('exit', exited);
          worker.off('error', reject);
          resolve(a);
        });
      });
      // The process is held open while a checkpoint runs (it ends by itself) and while `stop` waits for the worker.
      this.hold(worker, 1);
      worker.postMessage('checkpoint');
      const a = await answer.finally(() => this.hold(worker, -1));
      if (!a.ok) throw new Error(`WAL checkpoint failed: ${a.message}`);
      this.runs++;
      this.last = { log: a.log, checkpointed: a.checkpointed };
    } catch (error) {
      await this.fail(error);
    }
  }

  /** Stops and tells `onFailure`, once however many ways the failure is seen (the worker's error event, the checkpoint's answer). */
  private fail(error: unknown): Promise<void> {
    this.failing ??= this.stopped
      ? Promise.resolve()
      : this.stop().then(() => this.onFailure(error instanceof Error ? error : new Error(String(error))));
    return this.failing;
  }

  private start(): Worker {
    const worker = new Worker(WORKER, { eval: true, workerData: { file: this.file, driver: createRequire(import.meta.url).resolve('better-sqlite3') } });
    // Between checkpoints too: an error event nobody listens to would end the office.
    worker.on('error', (error) => void this.fail(error));
    worker.unref(); // an office that forgets to close its database still exits; the WAL is recovered on the next open
    return worker;
  }

  private holds = 0;
  private hold(worker: Worker, by: 1 | -1): void {
    this.holds += by;
    if (this.holds > 0) worker.ref();
    else worker.unref();
  }

  /** Stops the worker (after the checkpoint under way); no checkpoint runs after. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.deferred);
    this.timer = undefined;
    this.deferred = undefined;
    const worker = this.worker;
    this.worker = undefined;
    if (!worker || worker.threadId === -1) return; // never started, or gone already
    const exited = once(worker, 'exit').catch(() => undefined);
    this.hold(worker, 1); // an unreferenced worker would let the process end while its close waits for it
    worker.postMessage('close');
    await exited;
  }
}
