import { type FastifyInstance, type FastifyReply } from 'fastify';
import { parsePeriod, periodBegun, periodId } from '#domain/city/report.ts';
import { requirePermission } from '#server/office/access.ts';
import { beijingTime } from '#server/office/format.ts';
import { html, type Html } from '#server/office/html.ts';
import { page } from '#server/office/layout.ts';
import { todayInOffice } from '#server/office/today.ts';
import { readReport } from './produce-report.ts';
import { type ReportFormat, type ReportStore, type StoredReport, revisionName } from './report-store.ts';
import { R } from './report-text.ts';

const P = R.page;
const MIME: Record<ReportFormat, string> = { pdf: 'application/pdf', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
const isFormat = (s: string | undefined): s is ReportFormat => s === 'pdf' || s === 'xlsx';

function sendFile(reply: FastifyReply, name: string, format: ReportFormat, bytes: Uint8Array): FastifyReply {
  void reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${name}.${format}`)}`);
  return reply.type(MIME[format]).send(Buffer.from(bytes));
}

const fileLinks = (s: StoredReport): Html => {
  const name = revisionName(s.id, s.revision);
  return html`<td><a href="/office/city/reports/${name}.pdf">PDF</a></td><td><a href="/office/city/reports/${name}.xlsx">Excel</a></td>`;
};

/** The form that draws a report on demand, with `period` as typed. */
const reportForm = (period: string): Html => html`<form method="get" action="/office/city/reports/make" data-testid="report-form"><label>${P.periodLabel} <input name="period" required pattern="\\d{4}(-\\d{2})?" value="${period}"></label>
<button name="format" value="pdf">${P.pdf}</button> <button name="format" value="xlsx">${P.xlsx}</button></form>`;

/** The city page's report panel: the form that draws a report on demand, and the scheduled reports stored with their earlier revisions. */
export async function reportPanel(store: ReportStore): Promise<Html> {
  const stored = await store.list();
  const rows: Html[] = [];
  for (const s of stored) {
    const period = parsePeriod(s.id);
    const name = period ? R.title(period) : s.id;
    rows.push(html`<tr data-report="${s.id}" data-revision="${String(s.revision)}"><td>${name}</td><td>${P.revision(s.revision)}</td><td>${beijingTime(s.generatedAt)}</td>${fileLinks(s)}</tr>`);
    // The revisions it replaced stay listed and downloadable, marked as superseded.
    const earlier = s.revision === 1 ? [] : (await store.revisions(s.id)).filter((r) => r.revision < s.revision).reverse();
    for (const e of earlier) {
      rows.push(html`<tr data-report="${s.id}" data-revision="${String(e.revision)}" data-superseded="true" class="muted"><td>${name}</td><td>${P.superseded(e.revision, s.revision)}</td><td>${beijingTime(e.generatedAt)}</td>${fileLinks(e)}</tr>`);
    }
  }
  return html`<h2>${P.title}</h2><p>${P.intro}</p>
${reportForm('')}
${stored.length === 0 ? html`<p>${P.none}</p>` : html`<table data-testid="stored-reports"><thead><tr>${P.storedHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`}`;
}

/** Drawing a report on demand (not stored: the stored ones are the schedule's), and the stored reports' files. */
export function registerReportRoutes(app: FastifyInstance, store: ReportStore): void {
  const { storage, clock, drawing } = app.office;
  app.get<{ Querystring: { period?: string; format?: string } }>('/office/city/reports/make', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'view');
    if (!staff) return reply;
    const text = req.query.period ?? '';
    const period = parsePeriod(text);
    const format = req.query.format;
    // Refused: a page with the reason and the form as typed, not a bare line of text with no way on.
    if (!period || !isFormat(format) || !periodBegun(period, todayInOffice(clock))) {
      const why = period && isFormat(format) ? P.notBegun(text) : P.badPeriod(text);
      const body = html`<p class="flag" role="alert" id="report-refused">${why}</p>${reportForm(text)}<p><a href="/office/city">${P.back}</a></p>`;
      return reply.code(400).type('text/html; charset=utf-8').send(page(P.title, body, staff));
    }
    // Read here, drawn on the drawing threads: the office answers other requests meanwhile.
    const { report } = await readReport(storage.db, period);
    const files = await drawing.report(report, clock.now(), 1);
    if (!files.ok) return reply.code(503).type('text/plain; charset=utf-8').send(files.error.message);
    return sendFile(reply, R.title(period), format, files.value[format]);
  });
  app.get<{ Params: { file: string } }>('/office/city/reports/:file', async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'view'))) return reply;
    // `month-2026-11.pdf` is the current revision, `month-2026-11.r1.pdf` a named one (an earlier, superseded one stays downloadable).
    const [, id = '', revision, format] = /^([^.]+)(?:\.r(\d{1,4}))?\.([a-z]+)$/.exec(req.params.file) ?? [];
    const period = parsePeriod(id);
    const n = revision === undefined ? undefined : Number(revision);
    const bytes = period && isFormat(format) && periodId(period) === id && n !== 0 ? await store.read(id, format, n) : null;
    if (!period || !isFormat(format) || !bytes) return reply.code(404).type('text/plain; charset=utf-8').send(P.notStored);
    return sendFile(reply, n === undefined ? R.title(period) : P.revisionFile(R.title(period), n), format, bytes);
  });
}
