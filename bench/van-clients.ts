/**
 * The sync suite's 20 vans as HTTP clients of the office (`OfficeClient.outbox`, as the app pushes): in the
 * benchmark's own process, or in a child process of their own (`vansInChild`). A van is another machine: in one
 * process the clients' work (building rows, JSON, HTTP, their garbage) runs on the office's event loop and delays
 * its answers, which no real office carries. The rate, the batches and the latency (from when a batch was due to
 * its answer read by the van) are the same either way (docs/benchmarks.md).
 */
import { fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { OfficeClient } from '#renderer/db/office-client.ts';
import { API_BASE } from '#protocol/version.ts';
import { chainOf } from './event-chain.ts';

export type VanPace = 'flat-out' | 'target-rate';
export type VansJob = { officeUrl: string; vans: readonly { deviceId: string; token: string }[]; perVan: number; batch: number; pace: VanPace };
/** `batches`: each batch's van, number, and when it was due, went out and was answered (ms since the epoch, comparable across processes). */
export type VansRun = { latencies: number[]; ms: number; /** The clients' event loop's delay, ms: p99 and max. */ loop: { p99: number; max: number }; batches: { van: number; k: number; due: number; sent: number; done: number }[] };

const CHILD_FLAG = '--bench-van-clients';

/** The vans' chains and batches, built before the clock starts. */
function prepare(job: VansJob) {
  return job.vans.map((v) => {
    const events = chainOf(v.deviceId, job.perVan);
    const batches = Array.from({ length: Math.ceil(events.length / job.batch) }, (_, k) =>
      events.slice(k * job.batch, (k + 1) * job.batch).map((e) => ({ collection: 'caseEvents' as const, doc: { ...e, _deleted: false } })),
    );
    return { client: new OfficeClient({ officeUrl: job.officeUrl, deviceToken: v.token }), batches };
  });
}

/**
 * `pace: 'flat-out'`: each van sends its next batch as soon as the last is answered. `pace: 'target-rate'`: each
 * van sends one batch per second at its own moment whether or not the last was answered (an open loop).
 */
async function run(job: VansJob, vans: ReturnType<typeof prepare>): Promise<VansRun> {
  const latencies: number[] = [];
  const timed: VansRun['batches'] = [];
  const epoch = (t: number) => performance.timeOrigin + t;
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const start = performance.now();
  await Promise.all(
    vans.map(async ({ client, batches }, i) => {
      // Latency counts from when the batch was due, not when it went out: a batch waiting behind a slow one
      // is late too (no coordinated omission).
      const send = async (k: number, rows: (typeof batches)[number], due = performance.now()) => {
        const sent = performance.now();
        await client.outbox(rows);
        const done = performance.now();
        latencies.push(done - due);
        timed.push({ van: i, k, due: epoch(due), sent: epoch(sent), done: epoch(done) });
      };
      if (job.pace === 'flat-out') {
        for (const [k, rows] of batches.entries()) await send(k, rows);
        return;
      }
      // Spread over the second so the vans do not all arrive together, then one batch a second each; a
      // batch a chain depends on must be stored first, so each van waits for its previous one before sending.
      const offset = (i / vans.length) * 1000;
      let previous: Promise<void> = Promise.resolve();
      const sent: Promise<void>[] = [];
      for (let k = 0; k < batches.length; k++) {
        const due = start + offset + k * 1000;
        await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
        const rows = batches[k];
        if (!rows) break;
        previous = previous.then(() => send(k, rows, due));
        sent.push(previous);
      }
      await Promise.all(sent);
    }),
  );
  const ms = performance.now() - start;
  delay.disable();
  return { latencies, ms, loop: { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 }, batches: timed };
}

/** The vans in this process, on the office's event loop. */
export function vansInProcess(job: VansJob): Promise<VansRun> {
  return run(job, prepare(job));
}

type FromChild = { ready: true } | { done: VansRun } | { failed: string };

/** The vans in a child process of their own (the same Node and loader as this one), started and ended here. */
export async function vansInChild(job: VansJob): Promise<VansRun> {
  const child = fork(fileURLToPath(import.meta.url), [CHILD_FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    return await new Promise<VansRun>((resolve, reject) => {
      child.on('message', (m: FromChild) => {
        if ('ready' in m) child.send('go');
        else if ('done' in m) resolve(m.done);
        else reject(new Error(`van clients failed: ${m.failed}`));
      });
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`van clients exited (${code}) before answering`)));
      child.send(job);
    });
  } finally {
    child.kill();
  }
}

if (process.argv.includes(CHILD_FLAG) && process.send) {
  let vans: ReturnType<typeof prepare> | undefined;
  let job: VansJob | undefined;
  process.on('message', (m: VansJob | 'go') => {
    if (m !== 'go') {
      job = m;
      vans = prepare(m);
      // A fresh process loads its HTTP client on the first request: one request per van before the clock starts,
      // as the vans of the in-process run have made theirs in the run before.
      const health = `${m.officeUrl.replace(/\/+$/, '')}${API_BASE}/health`;
      Promise.all(m.vans.map(() => fetch(health).then((r) => r.text()))).then(
        () => process.send?.({ ready: true } satisfies FromChild),
        (error: unknown) => process.send?.({ failed: String(error) } satisfies FromChild),
      );
      return;
    }
    if (!job || !vans) return;
    run(job, vans).then(
      (done) => process.send?.({ done } satisfies FromChild, () => process.disconnect()),
      (error: unknown) => process.send?.({ failed: String(error) } satisfies FromChild, () => process.disconnect()),
    );
  });
}
