import { formatYuanText } from '#domain/money.ts';
import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { beijingTime } from './format.ts';
import { API_BASE } from '#protocol/version.ts';
import { STATEMENT_TEXT } from '#domain/reconciliation/statement.ts';
import { requirePermission } from './access.ts';
import { type Html, html } from './html.ts';
import { type Staff } from './session.ts';
import { type OfficeDeps } from './deps.ts';
import { MAX_STATEMENT_BYTES, type StatementReport, importStatement } from './statement-service.ts';
import { S } from './statement-text.ts';
import { type UploadRefusal, uploadParts, uploadRefusal, uploadRoute } from './upload-form.ts';

const ApiBody = z.object({ channel: z.string().max(20), fileName: z.string().max(200).default(''), contentBase64: z.string().max(Math.ceil(MAX_STATEMENT_BYTES / 3) * 4 + 4) });

type Upload = { channel: string; fileName: string; bytes: Uint8Array | null; refused: UploadRefusal | null };

async function readUpload(req: FastifyRequest): Promise<Upload> {
  const out: Upload = { channel: '', fileName: '', bytes: null, refused: null };
  try {
    for await (const part of uploadParts(req)) {
      if (part.type === 'file') {
        out.fileName = part.filename;
        out.bytes = new Uint8Array(await part.toBuffer());
      } else if (part.fieldname === 'channel' && typeof part.value === 'string') out.channel = part.value;
    }
  } catch (e) {
    out.refused = uploadRefusal(e, S.tooLarge);
  }
  return out;
}

/**
 * A trip's reconciliation page under `notice` (a form's outcome), or the page of an unknown trip (404): the page the
 * statement form is on, drawn by reconciliation-routes.ts, which hands it here (it imports this file's section).
 */
export type ReconciliationPage = (staff: Staff, tripId: string, notice: Html) => Promise<{ status: number; body: string }>;

/**
 * Importing a QR channel's statement for a trip: the page's upload form and the bearer API. `reconciliationPage`: the
 * page the upload form is on, shown again with why an upload was refused.
 */
export function registerStatementRoutes(app: FastifyInstance, deps: OfficeDeps, reconciliationPage: ReconciliationPage): void {
  const ctx = app.office;
  const { statements } = deps;
  const { storage } = ctx;

  app.post<{ Params: { id: string } }>(`${API_BASE}/office/trips/:id/statements`, async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'reconcile');
    if (!staff) return reply;
    if (await deps.records.signOffOf(req.params.id)) return reply.code(409).send({ code: 'signed-off', message: S.signed });
    const p = ApiBody.safeParse(req.body);
    if (!p.success) return reply.code(400).send({ code: 'malformed', message: S.noFile });
    const out = await importStatement(ctx, statements, staff.id, req.params.id, { channel: p.data.channel, fileName: p.data.fileName, bytes: new Uint8Array(Buffer.from(p.data.contentBase64, 'base64')) });
    return out.ok ? reply.code(201).send(out.report) : reply.code(out.status).send({ code: 'refused', message: out.message });
  });

  app.post<{ Params: { id: string } }>('/office/trips/:id/statements', uploadRoute(MAX_STATEMENT_BYTES), async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'reconcile');
    if (!staff) return reply;
    const back = `/office/trips/${encodeURIComponent(req.params.id)}/reconciliation`;
    // Refused: the trip's page again with why, under the refusal's 4xx (a redirect's 303 and 200 would say it worked).
    const refused = async (status: number, message: string) => {
      const shown = await reconciliationPage(staff, req.params.id, html`<p class="flag" role="alert">${message}</p>`);
      return reply.code(shown.status === 200 ? status : shown.status).type('text/html; charset=utf-8').send(shown.body);
    };
    if (await deps.records.signOffOf(req.params.id)) return refused(409, S.signed);
    const u = await readUpload(req);
    if (u.refused) return refused(u.refused.status, u.refused.message);
    const out = await importStatement(ctx, statements, staff.id, req.params.id, u);
    if (!out.ok) return refused(out.status, out.message);
    return reply.redirect(`${back}?msg=${encodeURIComponent(S.imported(S.channels[out.report.channel]))}#statements`, 303);
  });
}

/** The statements section of the reconciliation page: the upload form (until sign-off) and each channel's result. */
export function renderStatements(tripId: string, reports: readonly StatementReport[], canImport: boolean, staffNames: Readonly<Record<string, string>>) {
  const form = canImport
    ? html`<form method="post" id="statement-form" data-upload class="card" enctype="multipart/form-data" action="/office/trips/${encodeURIComponent(tripId)}/statements">
<label for="statement-channel">${S.channel}</label><select id="statement-channel" name="channel">${(Object.keys(S.channels) as (keyof typeof S.channels)[]).map((c) => html`<option value="${c}">${S.channels[c]}</option>`)}</select>
<label for="statement-file">${S.file}</label><input id="statement-file" name="file" type="file" accept=".csv,text/csv" required>
<p><button type="submit">${S.submit}</button></p></form>
<script type="module" src="/office/archive/assets/viewer.js"></script>`
    : '';
  return html`<h2 id="statements">${S.title}</h2><p class="note">${S.intro}</p>${form}
${reports.length === 0 ? html`<p>${S.none}</p>` : reports.map((r) => renderReport(r, staffNames))}`;
}

function renderReport(r: StatementReport, staffNames: Readonly<Record<string, string>>) {
  const m = r.match;
  const K = S.kinds;
  const rows = [
    ...m.amountDiffers.map((x) => ({ kind: 'differs', label: K.differs, number: x.number, ref: x.ref, receipt: formatYuanText(x.receiptFen), statement: formatYuanText(x.statementFen), note: STATEMENT_TEXT.amountDiffers(x.number, formatYuanText(x.receiptFen), formatYuanText(x.statementFen)) })),
    ...m.missing.map((x) => ({ kind: 'missing', label: K.missing, number: x.number, ref: x.ref ?? '—', receipt: formatYuanText(x.amountFen), statement: '—', note: STATEMENT_TEXT.missing(x.number) })),
    ...m.unknown.map((x) => ({ kind: 'unknown', label: K.unknown, number: x.voidedReceipt ?? '—', ref: x.ref, receipt: '—', statement: formatYuanText(x.amountFen), note: `${x.at ? `${x.at}；` : ''}${STATEMENT_TEXT.unknown(x.voidedReceipt)}` })),
    ...m.matched.map((x) => ({ kind: 'matched', label: K.matched, number: x.number, ref: x.ref, receipt: formatYuanText(x.amountFen), statement: formatYuanText(x.amountFen), note: '' })),
  ];
  return html`<div class="card" data-channel="${r.channel}"><h3>${S.channels[r.channel]}</h3>
<p><small>${S.fileLine(r.fileName, beijingTime(r.importedAt), staffNames[r.importedBy] ?? r.importedBy)}</small></p>
<p class="summary">${S.summary({ matched: m.matched.length, differs: m.amountDiffers.length, missing: m.missing.length, unknown: m.unknown.length })}</p>
${m.otherTrips + m.notPayments > 0 ? html`<p class="note">${S.others(m.otherTrips, m.notPayments)}</p>` : ''}
<table class="statement-lines"><thead><tr>${S.head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows.map(
    (x) => html`<tr data-result="${x.kind}"><td><span class="tag ${x.kind === 'matched' ? 'ok' : 'bad'}">${x.label}</span></td><td>${x.number}</td><td><code>${x.ref}</code></td><td>${x.receipt}</td><td>${x.statement}</td><td>${x.note}</td></tr>`,
  )}</tbody></table>
${r.problems.length > 0 ? html`<h4>${S.problems}</h4><ul>${r.problems.map((p) => html`<li>${S.problemLine(p.row, p.message)}</li>`)}</ul>` : ''}</div>`;
}
