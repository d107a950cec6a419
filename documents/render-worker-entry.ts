import { parentPort } from 'node:worker_threads';
import { createFontSource } from './font-source.ts';
import { type DocumentSpec } from './layout.ts';
import { renderPdf } from './render-pdf.ts';

/** Worker side of render-worker.ts: one font source for the worker's life, one reply per request id. */
const fonts = createFontSource();
const port = parentPort;
if (!port) throw new Error('render-worker-entry.ts runs only as a worker thread');
port.on('message', (msg: { id: number; spec: DocumentSpec; now: string }) => {
  renderPdf(msg.spec, fonts, new Date(msg.now)).then(
    (r) => port.postMessage({ id: msg.id, ok: true, bytes: r.bytes, pages: r.pages }, [r.bytes.buffer as ArrayBuffer]),
    (e: unknown) => port.postMessage({ id: msg.id, ok: false, message: e instanceof Error ? e.message : String(e) }),
  );
});
