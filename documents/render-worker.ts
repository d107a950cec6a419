import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type DocumentSpec } from './layout.ts';
import { type RenderedPdf } from './render-pdf.ts';

type Reply = { id: number; ok: true; bytes: Uint8Array; pages: number } | { id: number; ok: false; message: string };

export type WorkerRenderer = {
  render(spec: DocumentSpec, now: Date): Promise<RenderedPdf>;
  /** The number of pages of a PDF (a scan being imported), parsed on the worker. @throws when it is not a readable PDF. */
  countPages(pdf: Uint8Array): Promise<number>;
  /** The PDF with one line of text added in the top margin of every page (documents/stamp-pdf.ts). */
  stamp(pdf: Uint8Array, text: string, now: Date): Promise<RenderedPdf>;
  /** Starts the worker and loads its font and harfbuzz, so the first document does not wait for them. */
  warm(): Promise<void>;
  close(): Promise<void>;
};

/** The file name the app build (scripts/build-main.ts) gives the bundled worker entry, beside the main bundle. */
export const BUNDLED_WORKER_FILE = 'render-worker.js';

/**
 * How to start the worker. Inside the app's bundle (dist/electron/main.js) this module's code sits beside the bundled
 * entry and runs it as it is. From source (tests, `npm run van`, tsx) a worker does not inherit the parent's
 * TypeScript loader: it registers tsx and then loads the entry's source.
 */
function workerFor(moduleUrl: string): Worker {
  const here = dirname(fileURLToPath(moduleUrl));
  const bundled = join(here, BUNDLED_WORKER_FILE);
  if (existsSync(bundled)) return new Worker(bundled);
  const entry = pathToFileURL(join(here, 'render-worker-entry.ts')).href;
  return new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
}

/**
 * Renders documents on a worker thread. In the main process a render is one unbroken run of synchronous work
 * (harfbuzz subsetting and pdf-lib are promise chains that never yield to timers or I/O), so it would stall IPC and
 * the serial devices for its whole length; on the worker the main loop only posts the spec and receives the bytes.
 * The worker starts on first use, keeps its font for its life, and holds the process open only while a render is
 * pending (so a CLI or test that forgets `close` still exits).
 */
export function createWorkerRenderer(moduleUrl: string = import.meta.url): WorkerRenderer {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: RenderedPdf) => void; reject: (e: Error) => void }>();
  const start = (): Worker => {
    const w = workerFor(moduleUrl);
    w.unref();
    w.on('message', (r: Reply) => {
      const p = pending.get(r.id);
      pending.delete(r.id);
      if (pending.size === 0) w.unref();
      if (!p) return;
      if (r.ok) p.resolve({ bytes: r.bytes, pages: r.pages });
      else p.reject(new Error(r.message));
    });
    const failAll = (e: Error) => {
      for (const p of pending.values()) p.reject(e);
      pending.clear();
      if (worker === w) worker = undefined; // the next render starts a fresh worker
    };
    w.on('error', failAll);
    w.on('exit', (code) => failAll(new Error(`文档生成线程已退出（${code}）`)));
    return w;
  };
  const ask = (message: { spec: DocumentSpec; now: string } | { pdf: Uint8Array } | { pdf: Uint8Array; stamp: string; now: string } | { warm: true }): Promise<RenderedPdf> => {
    worker ??= start();
    const id = nextId++;
    const w = worker;
    w.ref();
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.postMessage({ id, ...message });
    });
  };
  return {
    render: (spec, now) => ask({ spec, now: now.toISOString() }),
    countPages: async (pdf) => (await ask({ pdf })).pages,
    stamp: (pdf, stamp, now) => ask({ pdf, stamp, now: now.toISOString() }),
    warm: async () => void (await ask({ warm: true })),
    async close() {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}
