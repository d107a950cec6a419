import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { REQUIRED_COLUMNS } from '#domain/legacy/legacy-row.ts';
import { LEGACY_COLUMN_TEXT, rowProblemLine } from '#domain/legacy/legacy-text.ts';
import { API_BASE } from '#protocol/version.ts';
import { requirePermission } from '#server/office/access.ts';
import { beijingTime } from '#server/office/format.ts';
import { type Html, html } from '#server/office/html.ts';
import { page } from '#server/office/layout.ts';
import { flash } from '#server/office/layout.ts';
import { type Staff } from '#server/office/session.ts';
import { type UploadRefusal, uploadParts, uploadRefusal, uploadRoute } from '#server/office/upload-form.ts';
import { createLogger } from '#office/platform/logger.ts';
import { A } from './archive-text.ts';
import { type ImportMode, type ImportStore, type LedgerImport } from './import-store.ts';
import { type LegacyImporter, MAX_LEDGER_BYTES } from './legacy-import.ts';

const HTML = 'text/html; charset=utf-8';
const log = createLogger('archive-imports');
const I = A.imports;

type Upload = { fileName: string; bytes: Buffer | null; mode: ImportMode; refused: UploadRefusal | null };

async function readUpload(req: FastifyRequest): Promise<Upload> {
  const out: Upload = { fileName: '', bytes: null, mode: 'all-or-nothing', refused: null };
  try {
    for await (const part of uploadParts(req)) {
      if (part.type === 'file') {
        out.fileName = part.filename;
        out.bytes = await part.toBuffer();
      } else if (part.fieldname === 'mode' && part.value === 'good-rows') out.mode = 'good-rows';
    }
  } catch (e) {
    out.refused = uploadRefusal(e, I.tooLarge);
  }
  return out;
}

const problemLines = (i: LedgerImport) => i.problems.map((p) => rowProblemLine(p.row, p.column, p.code, p.detail));

/** What the import page shows of an import, and what its script fetches while the import runs (`import-progress.ts`). */
export type ImportStatusView = { status: LedgerImport['status']; tone: 'note' | 'okbox' | 'flag'; text: string; total: number; imported: number; problemsTitle: string; problems: string[] };

function statusView(i: LedgerImport, batchSize: number): ImportStatusView {
  const lines = problemLines(i);
  const text = i.status === 'running' ? I.running(i.imported, i.total, Math.ceil(i.imported / batchSize), batchSize) : `${I.status[i.status]}。${I.summary(i.total, i.imported)}`;
  const tone = i.status === 'running' ? 'note' : i.status === 'refused' ? 'flag' : 'okbox';
  return { status: i.status, tone, text, total: i.total, imported: i.imported, problemsTitle: I.problemsTitle(lines.length), problems: lines };
}

/** The legacy ledger import: its page (the administration), the result of each import, and the API. */
export function registerImportRoutes(app: FastifyInstance, importer: LegacyImporter, imports: ImportStore): void {
  const { storage } = app.office;

  /** The import page, under `notice` (the last post's outcome). */
  async function importsPage(staff: Staff, notice: Html): Promise<string> {
    const recent = await imports.recent(20);
    const body = html`<p class="note">${I.intro}</p><p>${I.columns(REQUIRED_COLUMNS.map((c) => LEGACY_COLUMN_TEXT[c]).join('、'))}</p>
<form method="post" id="import-form" data-upload class="card" enctype="multipart/form-data" action="/office/archive/imports">
<label for="import-file">${I.file}</label><input id="import-file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required>
<fieldset><legend>${I.mode}</legend>${(['all-or-nothing', 'good-rows'] as const).map((m) => html`<label><input type="radio" name="mode" value="${m}" ${m === 'all-or-nothing' ? 'checked' : ''}> ${I.modes[m]}</label><br>`)}</fieldset>
<p><button type="submit">${I.submit}</button></p></form>
<h2>${I.recent}</h2><table id="recent-imports"><thead><tr>${I.head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${recent.map(
      (i) => html`<tr><td>${beijingTime(i.createdAt)}</td><td><a href="/office/archive/imports/${i.id}">${i.fileName}</a></td><td>${I.modes[i.mode]}</td><td>${I.status[i.status]}</td><td>${i.total}</td><td>${i.imported}</td></tr>`,
    )}</tbody></table>
<script type="module" src="/office/archive/assets/viewer.js"></script>`;
    return page(I.title, [notice, body], staff);
  }

  app.get<{ Querystring: { err?: string } }>('/office/archive/imports', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'archiveAdmin');
    if (!staff) return reply;
    return reply.type(HTML).send(await importsPage(staff, flash(req)));
  });

  app.post('/office/archive/imports', uploadRoute(MAX_LEDGER_BYTES), async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'archiveAdmin');
    if (!staff) return reply;
    const u = await readUpload(req);
    if (u.refused || !u.bytes || u.bytes.length === 0) {
      // The page again with why, under the refusal's 4xx (not a redirect, whose 303 and 200 say nothing failed).
      const r = u.refused ?? { status: 400, message: I.noFile };
      return reply.code(r.status).type(HTML).send(await importsPage(staff, html`<p class="flag" role="alert">${r.message}</p>`));
    }
    // Answered once the file is checked and its import stored: the import's page follows the writing of its records.
    const started = await importer.startLedger(staff.id, u.fileName, u.bytes, u.mode);
    started.finished.catch((error: unknown) => log.error({ err: error, importId: started.job.id }, 'ledger import failed; it stays running and resumes when the file is sent again'));
    return reply.redirect(`/office/archive/imports/${started.job.id}`, 303);
  });

  app.get<{ Params: { id: string } }>('/office/archive/imports/:id/status', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'archiveAdmin');
    if (!staff) return reply;
    const i = await imports.get(req.params.id);
    if (!i) return reply.code(404).send({ code: 'not-found', message: I.notFound });
    return reply.header('cache-control', 'no-store').send(statusView(i, importer.batchSize));
  });

  app.get<{ Params: { id: string } }>('/office/archive/imports/:id', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'archiveAdmin');
    if (!staff) return reply;
    const i = await imports.get(req.params.id);
    if (!i) return reply.code(404).type(HTML).send(page(I.title, html`<p class="flag">${I.notFound}</p>`, staff));
    const v = statusView(i, importer.batchSize);
    const running = i.status === 'running';
    const body = html`<p><a href="/office/archive/imports">${I.back}</a></p>
<p class="${v.tone}" id="import-status" data-status="${i.status}" ${running ? html`data-poll="/office/archive/imports/${encodeURIComponent(i.id)}/status"` : ''}>${v.text}</p>
${running ? html`<progress id="import-progress" max="${Math.max(1, i.total)}" value="${i.imported}"></progress>` : ''}
<div id="import-problems-box">${v.problems.length === 0 ? '' : html`<h2>${v.problemsTitle}</h2><ol id="import-problems">${v.problems.map((l) => html`<li>${l}</li>`)}</ol>`}</div>
${running ? html`<script type="module" src="/office/archive/assets/viewer.js"></script>` : ''}`;
    return reply.type(HTML).send(page(I.resultTitle(i.fileName), body, staff));
  });

  app.post(`${API_BASE}/office/archive/imports`, uploadRoute(MAX_LEDGER_BYTES), async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'archiveAdmin');
    if (!staff) return reply;
    const u = await readUpload(req);
    if (u.refused) return reply.code(u.refused.status).send({ code: u.refused.code, message: u.refused.message });
    if (!u.bytes || u.bytes.length === 0) return reply.code(400).send({ code: 'no-file', message: I.noFile });
    const done = await importer.importLedger(staff.id, u.fileName, u.bytes, u.mode);
    return reply.code(done.imported > 0 ? 201 : 422).send({ ...done, lines: problemLines(done) });
  });
}
