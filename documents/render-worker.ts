import { Worker } from 'node:worker_threads';
import { type DocumentSpec } from './layout.ts';

type Reply = { id: number; ok: true; bytes: Uint8Array; pages: number } | { id: number; ok: false; message: string };

export type WorkerRenderer = {
  render(spec: DocumentSpec, now: Date): Promise<{ bytes: Uint8Array; pages: number }>;
  close(): Promise<void>;
};

/**
 * Renders documents on a worker thread so font subsetting and PDF writing (tens of ms each) never stall the main
 * process's event loop (IPC, device I/O). The worker is started on first use and keeps its own parsed font.
 * The worker loads TypeScript through tsx, as the rest of the app does in development.
 */
export function createWorkerRenderer(): WorkerRenderer {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: { bytes: Uint8Array; pages: number }) => void; reject: (e: Error) => void }>();
  const start = (): Worker => {
    // A worker does not inherit the parent's TypeScript loader: register tsx in it, then load the entry.
    const entry = new URL('./render-worker-entry.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    const w = new Worker(boot, { eval: true });
    w.on('message', (r: Reply) => {
      const p = pending.get(r.id);
      pending.delete(r.id);
      if (!p) return;
      if (r.ok) p.resolve({ bytes: r.bytes, pages: r.pages });
      else p.reject(new Error(r.message));
    });
    const failAll = (e: Error) => {
      for (const p of pending.values()) p.reject(e);
      pending.clear();
      worker = undefined; // the next render starts a fresh worker
    };
    w.on('error', failAll);
    w.on('exit', (code) => failAll(new Error(`文档生成线程已退出（${code}）`)));
    return w;
  };
  return {
    render(spec, now) {
      worker ??= start();
      const id = nextId++;
      const w = worker;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, spec, now: now.toISOString() });
      });
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}
