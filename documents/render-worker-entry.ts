import { parentPort } from 'node:worker_threads';
import { PDFDocument } from 'pdf-lib';
import { createFontSource } from './font-source.ts';
import { type DocumentSpec } from './layout.ts';
import { renderPdf } from './render-pdf.ts';

/** Worker side of render-worker.ts: one font source for the worker's life, one reply per request id. A request with `pdf` counts its pages. */
const fonts = createFontSource();
const port = parentPort;
if (!port) throw new Error('render-worker-entry.ts runs only as a worker thread');
port.on('message', (msg: { id: number; spec: DocumentSpec; now: string } | { id: number; pdf: Uint8Array }) => {
  const job = 'pdf' in msg
    ? PDFDocument.load(msg.pdf, { ignoreEncryption: true, updateMetadata: false }).then((pdf) => ({ bytes: new Uint8Array(), pages: pdf.getPageCount() }))
    : renderPdf(msg.spec, fonts, new Date(msg.now));
  job.then(
    (r) => port.postMessage({ id: msg.id, ok: true, bytes: r.bytes, pages: r.pages }, [r.bytes.buffer as ArrayBuffer]),
    (e: unknown) => port.postMessage({ id: msg.id, ok: false, message: e instanceof Error ? e.message : String(e) }),
  );
});
