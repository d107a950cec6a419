import { parentPort } from 'node:worker_threads';
import { type DrawReply, type DrawRequest, runDrawJob } from '#server/office/drawing/draw-jobs.ts';

/**
 * A drawing thread that dies: on a report of revision 666 it exits at once, as a thread killed by a native crash or
 * running out of memory would; any other job it draws as the real thread does (draw-worker-entry.ts).
 */
const port = parentPort;
port?.on('message', (msg: DrawRequest) => {
  if (msg.job.kind === 'report' && msg.job.revision === 666) process.exit(7);
  void runDrawJob(msg.job).then((output) => port.postMessage({ id: msg.id, ok: true, output } satisfies DrawReply));
});
