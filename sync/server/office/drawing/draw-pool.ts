import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type CityReport } from '#domain/city/report.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { createLogger } from '#office/platform/logger.ts';
// Types only, and `import type` so that not even the module is loaded: the jobs' code (ECharts, resvg, pdf-lib) runs on
// the drawing threads, never on the office's main thread (an inline `type` import still loads it, verbatimModuleSyntax).
import type { ChartSpec, DrawJob, DrawOutput, DrawReply, DrawRequest, ReportBytes } from './draw-jobs.ts';
import { D } from './draw-text.ts';

const log = createLogger('drawing');

/**
 * Why a drawing has no answer: the job threw on its worker (`failed`), its worker died under it (`crashed`, the
 * pool starts another), or the office is closing (`closed`). `message` is Chinese, for the page or the log.
 */
export type DrawFailure = { code: 'failed' | 'crashed' | 'closed'; message: string };

export type DrawPool = {
  run(job: DrawJob): Promise<Result<DrawOutput, DrawFailure>>;
  /** A page's charts as SVG, in the order asked, drawn together on one worker. */
  charts(specs: readonly ChartSpec[]): Promise<Result<string[], DrawFailure>>;
  /** A city report's PDF and workbook. */
  report(report: CityReport, now: Date, revision: number): Promise<Result<ReportBytes, DrawFailure>>;
  /** Starts a thread now, if none is alive, so that the first page with charts does not wait for one to load. */
  warm(): void;
  /** Worker threads alive now (none before the first job or `warm`, and after `close`). */
  threads(): number;
  /** Refuses new jobs, answers the waiting ones `closed`, and ends every thread; resolves when they have exited. */
  close(): Promise<void>;
};

export type DrawPoolOptions = {
  /** At most this many threads (default 2, or 1 on a one-core machine): the office's other work keeps a core. */
  size?: number;
  /** The worker's module (default draw-worker-entry.ts beside this file); tests give one that crashes on purpose. */
  entry?: string;
};

type Task = { id: number; job: DrawJob; settle: (r: Result<DrawOutput, DrawFailure>) => void };
type Slot = { worker: Worker; task: Task | null; error: Error | null; gone: Promise<void> };

/** The answer to a job of `kind`. @throws when a worker answered another kind (a bug, not a failure of drawing). */
function answer<K extends DrawOutput['kind']>(r: Result<DrawOutput, DrawFailure>, kind: K): Result<Extract<DrawOutput, { kind: K }>, DrawFailure> {
  if (!r.ok) return r;
  if (r.value.kind !== kind) throw new Error(`a drawing thread answered a ${r.value.kind} job for a ${kind} job`);
  return ok(r.value as Extract<DrawOutput, { kind: K }>);
}

/** A worker of `entry` from source: a worker thread does not inherit the parent's TypeScript loader, so it registers tsx first. */
function startWorker(entry: string): Worker {
  const url = pathToFileURL(entry).href;
  return new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); })`, { eval: true });
}

/**
 * The office's drawing threads: ECharts' SVG charts and the city reports (resvg, pdf-lib, the workbook) are long
 * runs of synchronous work, seconds for a report, which on the main thread would hold every other request until
 * they end. Jobs wait in order for one of at most `size` threads. A thread starts on the first job that needs it and
 * stays for the next (its ECharts and fonts loaded), holding the process open only while it works. A thread that
 * dies answers its job `crashed` and the next job starts a new one.
 */
export function createDrawPool(opts: DrawPoolOptions = {}): DrawPool {
  const size = Math.max(1, opts.size ?? Math.min(2, availableParallelism()));
  const entry = opts.entry ?? join(dirname(fileURLToPath(import.meta.url)), 'draw-worker-entry.ts');
  const slots = new Set<Slot>();
  const waiting: Task[] = [];
  let nextId = 1;
  let closed = false;

  const finish = (slot: Slot, r: Result<DrawOutput, DrawFailure>): void => {
    const task = slot.task;
    slot.task = null;
    slot.worker.unref();
    task?.settle(r);
  };

  const start = (): Slot => {
    const worker = startWorker(entry);
    worker.unref();
    let gone = (): void => undefined;
    const slot: Slot = { worker, task: null, error: null, gone: new Promise<void>((resolve) => (gone = resolve)) };
    worker.on('message', (reply: DrawReply) => {
      if (slot.task?.id !== reply.id) return;
      finish(slot, reply.ok ? ok(reply.output) : err({ code: 'failed', message: D.failed(reply.message) }));
      dispatch();
    });
    // An uncaught error in the thread ends it; 'exit' follows and answers the job.
    worker.on('error', (e) => {
      slot.error = e;
    });
    worker.once('exit', (code) => {
      slots.delete(slot);
      if (slot.task) {
        if (!closed) log.error({ err: slot.error, code }, 'a drawing thread died; the next drawing starts another');
        finish(slot, err(closed ? { code: 'closed', message: D.closed } : { code: 'crashed', message: D.crashed(slot.error?.message ?? String(code)) }));
      }
      gone();
      dispatch();
    });
    slots.add(slot);
    return slot;
  };

  function dispatch(): void {
    while (!closed && waiting.length > 0) {
      const slot = [...slots].find((s) => s.task === null) ?? (slots.size < size ? start() : undefined);
      if (!slot) return;
      const task = waiting.shift();
      if (!task) return;
      slot.task = task;
      slot.worker.ref();
      slot.worker.postMessage({ id: task.id, job: task.job } satisfies DrawRequest);
    }
  }

  const run = (job: DrawJob): Promise<Result<DrawOutput, DrawFailure>> => {
    if (closed) return Promise.resolve(err({ code: 'closed', message: D.closed }));
    return new Promise((settle) => {
      waiting.push({ id: nextId++, job, settle });
      dispatch();
    });
  };

  return {
    run,
    async charts(specs) {
      const r = answer(await run({ kind: 'charts', charts: specs }), 'charts');
      return r.ok ? ok(r.value.svgs) : r;
    },
    async report(report, now, revision) {
      const r = answer(await run({ kind: 'report', report, now: now.toISOString(), revision }), 'report');
      return r.ok ? ok({ pdf: r.value.pdf, xlsx: r.value.xlsx }) : r;
    },
    warm() {
      if (!closed && slots.size === 0) start();
    },
    threads: () => slots.size,
    async close() {
      closed = true;
      for (const task of waiting.splice(0)) task.settle(err({ code: 'closed', message: D.closed }));
      const all = [...slots];
      await Promise.all(all.map((s) => s.worker.terminate()));
      await Promise.all(all.map((s) => s.gone));
    },
  };
}
