import { randomBytes } from 'node:crypto';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type BundleImportResult, MAX_BUNDLE_BYTES } from '#protocol/bundles.ts';
import { requirePermission } from '#server/office/access.ts';
import { beijingTime } from '#server/office/format.ts';
import { html } from '#server/office/html.ts';
import { page } from '#server/office/layout.ts';
import { type UploadRefusal, uploadParts, uploadRefusal, uploadRoute } from '#server/office/upload-form.ts';
import { writeAnswerBundle } from './answer-bundle.ts';
import { BUNDLE_PAGE as P } from './bundle-text.ts';
import { importVanBundle } from './import-bundle.ts';

type Kept = { result: BundleImportResult; answer: { name: string; bytes: Uint8Array } | null; error: string | null };
/** The last imports' results and answer bundles, for the result page and its download (held in memory: a lost one is imported again). */
const RECENT = 20;

/** The office page's USB bundle import (devices page) and the download of a device's answer bundle. */
export function registerBundleRoutes(app: FastifyInstance): void {
  const ctx = app.office;
  const { storage } = ctx;
  const recent = new Map<string, Kept>();

  app.get('/office/bundles', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'devices');
    if (!staff) return reply;
    return reply.type('text/html; charset=utf-8').send(page(P.title, importForm(), staff));
  });

  app.post('/office/bundles', uploadRoute(MAX_BUNDLE_BYTES), async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'devices');
    if (!staff) return reply;
    const upload = await readUpload(req);
    // A refused upload shows the form again with why, under a 4xx: a 200 would tell the browser, a proxy and the
    // access log that the import was done.
    if (!(upload instanceof Uint8Array)) {
      const [status, text] = upload === null ? [400, P.noFile] : [upload.status, upload.message];
      return reply.code(status).type('text/html; charset=utf-8').send(page(P.title, [html`<p class="flag" role="alert">${text}</p>`, importForm()], staff));
    }
    const imported = await importVanBundle(ctx, upload);
    if (!imported.ok) {
      return reply.code(400).type('text/html; charset=utf-8').send(page(P.title, [html`<p class="flag" role="alert" data-bundle-refused>${imported.reason}</p>`, importForm()], staff));
    }
    const { result } = imported;
    const answer = await writeAnswerBundle(ctx, result.deviceId, { bundleId: result.bundleId, refused: result.refused });
    const id = randomBytes(12).toString('hex');
    recent.set(id, { result, answer: answer.ok ? { name: answer.name, bytes: answer.bytes } : null, error: answer.ok ? null : answer.reason });
    for (const key of [...recent.keys()].slice(0, Math.max(0, recent.size - RECENT))) recent.delete(key);
    return reply.redirect(`/office/bundles/${id}`);
  });

  app.get<{ Params: { id: string } }>('/office/bundles/:id', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'devices');
    if (!staff) return reply;
    const kept = recent.get(req.params.id);
    if (!kept) return reply.type('text/html; charset=utf-8').send(page(P.title, [html`<p class="flag">${P.gone}</p>`, importForm()], staff));
    const r = kept.result;
    const rows = r.refused.map((x) => html`<tr><td>${x.collection}</td><td><code>${x.id}</code></td><td>${x.code}</td><td>${x.reason}</td></tr>`);
    const scans = r.scansRefused.map((x) => html`<tr><td>scans</td><td><code>${x.sha256.slice(0, 12)}…</code></td><td></td><td>${x.reason}</td></tr>`);
    const answer = kept.answer
      ? html`<p><a class="button" data-answer href="/office/bundles/${req.params.id}/answer">${P.answer}</a> <small>${kept.answer.name}</small></p>`
      : html`<p class="flag">${kept.error ?? ''}</p>`;
    const body = html`<p data-bundle-summary>${P.summary(r.deviceId, beijingTime(r.createdAt))}</p>
<p data-bundle-counts>${P.counts(r.stored, r.already, r.refused.length)}</p><p data-bundle-scans>${P.scanCounts(r.scansStored, r.scansAlready, r.scansRefused.length)}</p>
${rows.length + scans.length > 0 ? html`<table data-bundle-refusals><thead><tr>${P.refusedHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}${scans}</tbody></table>` : html``}
${answer}`;
    return reply.type('text/html; charset=utf-8').send(page(P.resultTitle, body, staff));
  });

  app.get<{ Params: { id: string } }>('/office/bundles/:id/answer', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'devices');
    if (!staff) return reply;
    const answer = recent.get(req.params.id)?.answer;
    if (!answer) return reply.code(404).type('text/html; charset=utf-8').send(page(P.title, html`<p class="flag">${P.gone}</p>`, staff));
    return sendBundle(reply, answer.name, answer.bytes);
  });

  // A trip pull for a van with no link: its answer bundle without an import. Writing it grants the device its run of
  // receipt numbers, so it is a POST behind the CSRF guard: a GET (a link followed, a prefetch) must change nothing.
  app.post<{ Params: { id: string } }>('/office/devices/:id/bundle', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'devices');
    if (!staff) return reply;
    const answer = await writeAnswerBundle(ctx, req.params.id, null);
    if (!answer.ok) return reply.code(409).type('text/html; charset=utf-8').send(page(P.title, html`<p class="flag" role="alert">${answer.reason}</p>`, staff));
    return sendBundle(reply, answer.name, answer.bytes);
  });

  // The address the devices page once linked (a bookmark, an old tab): the button that asks for the bundle, nothing written.
  app.get<{ Params: { id: string } }>('/office/devices/:id/bundle', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'devices');
    if (!staff) return reply;
    const body = html`<p>${P.answerIntro(req.params.id)}</p>${answerButton(req.params.id)}<p><a href="/office/devices">${P.backToDevices}</a></p>`;
    return reply.code(405).header('allow', 'POST').type('text/html; charset=utf-8').send(page(P.answerFor, body, staff));
  });
}

/** The button that writes a device's answer bundle (and grants its receipt numbers), on the devices page and above. */
export function answerButton(deviceId: string) {
  return html`<form class="inline" method="post" action="/office/devices/${encodeURIComponent(deviceId)}/bundle" data-bundle><button type="submit">${P.answerButton}</button></form>`;
}

function importForm() {
  return html`<p>${P.intro}</p><form method="post" id="bundle-form" data-upload class="card" enctype="multipart/form-data" action="/office/bundles">
<label for="bundle-file">${P.file}</label><input id="bundle-file" name="file" type="file" accept=".jmsb" required>
<p><button type="submit">${P.submit}</button></p></form>
<script type="module" src="/office/archive/assets/viewer.js"></script>`;
}

function sendBundle(reply: FastifyReply, name: string, bytes: Uint8Array) {
  return reply
    .header('content-type', 'application/octet-stream')
    .header('content-disposition', `attachment; filename="${name}"`)
    .send(Buffer.from(bytes));
}

/** The form's one file; read to the form's end, so that a form over the parser's limits is refused, not half read. */
async function readUpload(req: FastifyRequest): Promise<Uint8Array | null | UploadRefusal> {
  let bytes: Uint8Array | null = null;
  try {
    for await (const part of uploadParts(req)) {
      if (part.type === 'file') bytes = new Uint8Array(await part.toBuffer());
    }
  } catch (e) {
    return uploadRefusal(e, P.tooLarge);
  }
  return bytes;
}
