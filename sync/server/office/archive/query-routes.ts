import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type Identity } from '#domain/query/requests.ts';
import { PUBLIC_VERIFY_PATH } from '#domain/query/verify-link.ts';
import { API_BASE } from '#protocol/version.ts';
import { requirePermission } from '#server/office/access.ts';
import { html } from '#server/office/html.ts';
import { page } from '#server/office/layout.ts';
import { uploadRefusal, withoutNul } from '#server/office/upload-form.ts';
import { clientAddress } from '#server/auth/routes.ts';
import { GuessBudget } from '#server/guess-budget.ts';
import { A } from './archive-text.ts';
import { AuditPage, QueryForm, queryRequestOf } from './query-contract.ts';
import { renderCertificateContent, renderQueryForm, renderQueryResult } from './query-pages.ts';
import { QueryService } from './query-service.ts';

const HTML = 'text/html; charset=utf-8';
/** Per client address, as for the public status query: plenty for a person, too few to guess codes. */
const VERIFY_LIMIT = { max: 30, windowMs: 60_000 };
const MAX_PDF_BYTES = 20 * 1024 * 1024;
/**
 * The check's form is three parts (the certificate's id and code, the file), sent by anyone: a part more is no such
 * form, and without a count a sender could have the office hold any number of fields (each up to `fieldSize`).
 */
const VERIFY_LIMITS = { fileSize: MAX_PDF_BYTES, files: 1, parts: 3, fieldSize: 200 };

/**
 * An audit sequence number from the address: a positive integer the audit table can hold (INTEGER), else none.
 * Another id names no query (PostgreSQL would refuse it as a query, not answer none).
 */
function auditSeqOf(raw: string): number | undefined {
  const seq = Number(raw);
  return Number.isInteger(seq) && seq > 0 && seq <= 2_147_483_647 ? seq : undefined;
}

/** The office's public address for links printed on paper (OFFICE_PUBLIC_URL), else the address the request came to. */
export function publicBaseOf(req: FastifyRequest): string {
  const configured = process.env['OFFICE_PUBLIC_URL'];
  return configured && /^https?:\/\//.test(configured) ? configured : `${req.protocol}://${req.host}/`;
}

export type QueryRouteDeps = {
  service: QueryService;
  /** Reader stations the counter can read a card at, a read there, and the identity a finished read gave its asker. */
  stations(): Promise<{ id: string; name: string }[]>;
  readCard(stationId: string, staffId: string): Promise<{ ok: true; requestId: string; identity: Identity } | { ok: false; message: string }>;
  cardIdentity(requestId: string, staffId: string): Promise<Identity | null>;
};

/** The counter's lawful queries, the result certificate, and the public verify page. */
export function registerQueryRoutes(app: FastifyInstance, deps: QueryRouteDeps): void {
  const { storage } = app.office;
  const { service } = deps;

  async function run(actor: string, body: unknown) {
    const f = QueryForm.safeParse(body);
    if (!f.success) return { ok: false as const, status: 400, message: A.query.unitProblem['unit-not-found'], values: {} };
    const card = f.data.readerRequestId ? await deps.cardIdentity(f.data.readerRequestId, actor) : null;
    const out = await service.run(actor, queryRequestOf(f.data, card), f.data.claimedHolder);
    return out.ok ? { ok: true as const, out } : { ok: false as const, status: 409, message: out.message, code: out.code, values: f.data };
  }

  async function sendCertificate(reply: FastifyReply, actor: string, raw: string, req: FastifyRequest) {
    const seq = auditSeqOf(raw);
    const issued = seq === undefined ? undefined : await service.certificateFor(actor, seq, publicBaseOf(req));
    if (!issued) return reply.code(404).send({ code: 'not-found', message: A.query.auditUnknown });
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${issued.id}.pdf"`).send(Buffer.from(issued.pdf));
  }

  app.post(`${API_BASE}/office/archive/queries`, async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'queries');
    if (!staff) return reply;
    const r = await run(staff.id, req.body);
    if (r.ok) return reply.code(201).send({ auditSeq: r.out.auditSeq, permission: r.out.permission, results: r.out.results });
    return reply.code(r.status).send({ code: r.code ?? 'malformed', message: r.message });
  });

  app.post<{ Params: { seq: string } }>(`${API_BASE}/office/archive/queries/:seq/certificate`, async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'queries');
    return staff ? sendCertificate(reply, staff.id, req.params.seq, req) : reply;
  });

  app.get(`${API_BASE}/office/archive/audit`, async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'queries'))) return reply;
    const q = AuditPage.safeParse(req.query);
    if (!q.success) return reply.code(400).send({ code: 'malformed', message: A.query.auditBadPage });
    return service.auditFrom(q.data.from, q.data.limit);
  });

  app.get('/office/archive/queries/new', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'queries');
    if (!staff) return reply;
    return reply.type(HTML).send(page(A.query.title, renderQueryForm({}, await deps.stations()), staff));
  });

  app.post('/office/archive/queries', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'queries');
    if (!staff) return reply;
    const r = await run(staff.id, req.body);
    if (r.ok) return reply.redirect(`/office/archive/queries/${r.out.auditSeq}`);
    const values = Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 'on' : '') : String(v)]));
    return reply.code(r.status).type(HTML).send(page(A.query.title, [html`<p class="flag" id="query-refused">${r.message}</p>`, renderQueryForm(values, await deps.stations())], staff));
  });

  // The counter's 读身份证: the card on the chosen station's reader fills the requester's identity, and the form
  // comes back with everything typed so far (a page without script, like every office page).
  app.post<{ Body: Record<string, unknown> | undefined }>('/office/archive/queries/read-card', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'queries');
    if (!staff) return reply;
    // A request with no form reads the card into an empty form (the station unnamed: the reader answers why).
    const values: Record<string, string> = Object.fromEntries(Object.entries(req.body ?? {}).filter(([k]) => k !== '_csrf').map(([k, v]) => [k, String(v).slice(0, 500)]));
    const read = await deps.readCard(String(values['station'] ?? ''), staff.id);
    const notice = read.ok ? html`<p class="okbox" id="card-read" role="status">${A.query.cardRead(read.identity.name, read.identity.idNumber)}</p>` : html`<p class="flag" id="card-failed" role="alert">${read.message}</p>`;
    const filled = read.ok ? { ...values, name: read.identity.name, idType: read.identity.idType, idNumber: read.identity.idNumber, readerRequestId: read.requestId } : values;
    return reply.code(read.ok ? 200 : 409).type(HTML).send(page(A.query.title, [notice, renderQueryForm(filled, await deps.stations())], staff));
  });

  app.get<{ Params: { seq: string } }>('/office/archive/queries/:seq', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'queries');
    if (!staff) return reply;
    const seq = auditSeqOf(req.params.seq);
    const view = seq === undefined ? undefined : await service.queryOf(seq);
    if (seq === undefined || !view) return reply.code(404).type(HTML).send(page(A.query.title, html`<p class="flag">${A.query.auditUnknown}</p>`, staff));
    return reply.type(HTML).send(page(A.query.resultTitle(seq), renderQueryResult(seq, view.permission, view.results), staff));
  });

  app.post<{ Params: { seq: string } }>('/office/archive/queries/:seq/certificate', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'queries');
    return staff ? sendCertificate(reply, staff.id, req.params.seq, req) : reply;
  });

  async function verifyPage(reply: FastifyReply, id: string, code: string, fileCheck: boolean | null, status = 200) {
    const v = await service.verify(id, code);
    const body =
      v.state === 'valid'
        ? html`<p class="okbox" id="verify-state" data-state="valid">${A.verify.valid}</p>${renderCertificateContent(v.content)}
${fileCheck === null ? '' : html`<p class="${fileCheck ? 'okbox' : 'flag'}" id="file-check" data-same="${String(fileCheck)}">${fileCheck ? A.verify.same : A.verify.different}</p>`}
<form method="post" action="${API_BASE}/${PUBLIC_VERIFY_PATH}" enctype="multipart/form-data" class="card"><input type="hidden" name="id" value="${id}"><input type="hidden" name="c" value="${code}">
<label for="verify-file">${A.verify.upload}</label><input id="verify-file" type="file" name="file" accept="application/pdf" required><button type="submit">${A.verify.check}</button></form>`
        : html`<p class="flag" id="verify-state" role="alert" data-state="${v.state}">${v.state === 'altered' ? A.verify.altered : A.verify.unknown}</p>`;
    return reply.code(v.state === 'valid' ? status : 404).type(HTML).send(page(A.verify.title, [html`<p>${A.verify.intro}</p>`, body], null, { kiosk: true }));
  }

  // The page and the file check answer the same id and code: one budget of guesses per address for both
  // (guess-budget.ts), answered with the kiosk's page in Chinese.
  const verifyBudget = GuessBudget.of(app.office, 'certificate-check', VERIFY_LIMIT);
  const tooMany = (reply: FastifyReply) =>
    reply.code(429).type(HTML).send(page(A.verify.title, [html`<p class="flag" role="alert" data-refused="too-many-requests">${A.verify.tooMany}</p>`], null, { kiosk: true }));

  app.get<{ Querystring: { id?: string; c?: string } }>(`/${PUBLIC_VERIFY_PATH}`, async (req, reply) => {
    const id = String(req.query.id ?? '').slice(0, 60);
    const code = String(req.query.c ?? '').slice(0, 60);
    // Opened without a QR code's link (typed in, a bookmark): nothing was asked, so nothing is said to be false.
    if (id === '' && code === '') return reply.type(HTML).send(page(A.verify.title, [html`<p>${A.verify.intro}</p><p class="note" id="verify-state" data-state="none">${A.verify.scanFirst}</p>`], null, { kiosk: true }));
    if (!(await verifyBudget.take(clientAddress(req)))) return tooMany(reply);
    return verifyPage(reply, id, code, null);
  });

  // Checking a file changes nothing: it is posted to the API path, which takes no session and needs no CSRF token.
  app.post(`${API_BASE}/${PUBLIC_VERIFY_PATH}`, async (req, reply) => {
    if (!(await verifyBudget.take(clientAddress(req)))) return tooMany(reply);
    const fields: Record<string, string> = {};
    let bytes: Buffer | null = null;
    try {
      for await (const part of withoutNul(req.parts({ limits: VERIFY_LIMITS }))) {
        if (part.type === 'file') bytes = await part.toBuffer();
        else fields[part.fieldname] = String(part.value);
      }
    } catch (e) {
      // A kiosk page, not the API: the reason is shown on a page, under the refusal's status.
      const r = uploadRefusal(e, A.verify.tooLarge);
      return reply.code(r.status).type(HTML).send(page(A.verify.title, [html`<p class="flag" role="alert" data-refused="${r.code}">${r.message}</p>`], null, { kiosk: true }));
    }
    const id = (fields['id'] ?? '').slice(0, 60);
    const code = (fields['c'] ?? '').slice(0, 60);
    const v = await service.verify(id, code);
    return verifyPage(reply, id, code, v.state === 'valid' && bytes !== null && bytes.length > 0 ? QueryService.sameFile(v.certificate, bytes) : null);
  });
}
