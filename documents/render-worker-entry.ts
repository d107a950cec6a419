import { parentPort } from 'node:worker_threads';
import { PDFDocument } from 'pdf-lib';
import { createFontSource } from './font-source.ts';
import { type DocumentSpec } from './layout.ts';
import { renderPdf } from './render-pdf.ts';
import { stampPdf } from './stamp-pdf.ts';

/**
 * Worker side of render-worker.ts: one font source for the worker's life, one reply per request id. A request with
 * `pdf` counts its pages; with `pdf` and `stamp` it returns the PDF with that line added on every page; `warm`
 * loads the font and harfbuzz (a subset of ASCII) and returns nothing.
 */
const fonts = createFontSource();
const port = parentPort;
if (!port) throw new Error('render-worker-entry.ts runs only as a worker thread');
type Request = { id: number; spec: DocumentSpec; now: string } | { id: number; pdf: Uint8Array } | { id: number; pdf: Uint8Array; stamp: string; now: string } | { id: number; warm: true };
port.on('message', (msg: Request) => {
  const job = 'warm' in msg
    ? fonts.subsetFor('').then(() => ({ bytes: new Uint8Array(), pages: 0 }))
    : 'stamp' in msg
    ? stampPdf(msg.pdf, msg.stamp, fonts, new Date(msg.now))
    : 'pdf' in msg
    ? PDFDocument.load(msg.pdf, { ignoreEncryption: true, updateMetadata: false }).then((pdf) => ({ bytes: new Uint8Array(), pages: pdf.getPageCount() }))
    : renderPdf(msg.spec, fonts, new Date(msg.now));
  job.then(
    (r) => port.postMessage({ id: msg.id, ok: true, bytes: r.bytes, pages: r.pages }, [r.bytes.buffer as ArrayBuffer]),
    (e: unknown) => port.postMessage({ id: msg.id, ok: false, message: e instanceof Error ? e.message : String(e) }),
  );
});
