import { parentPort } from 'node:worker_threads';
import { type DrawReply, type DrawRequest, runDrawJob } from './draw-jobs.ts';

/**
 * Worker side of draw-pool.ts: one job at a time, one answer per job id. A job that throws answers its message; the
 * bytes of a report go back transferred, not copied.
 */
const port = parentPort;
if (!port) throw new Error('draw-worker-entry.ts runs only as a worker thread');
port.on('message', (msg: DrawRequest) => {
  runDrawJob(msg.job).then(
    (output) => {
      const transfer = output.kind === 'report' ? [output.pdf.buffer as ArrayBuffer, output.xlsx.buffer as ArrayBuffer] : [];
      port.postMessage({ id: msg.id, ok: true, output } satisfies DrawReply, transfer);
    },
    (e: unknown) => port.postMessage({ id: msg.id, ok: false, message: e instanceof Error ? e.message : String(e) } satisfies DrawReply),
  );
});
