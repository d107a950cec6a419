import { officeId } from '#domain/city/office-ids.ts';
import { randomUUID } from 'node:crypto';
import { type FastifyInstance, type FastifyReply } from 'fastify';
import { UNIT_CHAIN_BREAK_TEXT, verifyUnitChain } from '#domain/register/chain.ts';
import { COURT_ACT_REFUSAL_TEXT } from '#domain/register/register-text.ts';
import { isIsoDate } from '#domain/register/periods.ts';
import { API_BASE } from '#protocol/version.ts';
import { StaffDoc } from '#protocol/documents/office.ts';
import { requirePermission } from '#server/office/access.ts';
import { can } from '#server/office/permissions.ts';
import { html } from '#server/office/html.ts';
import { page } from '#server/office/layout.ts';
import { flash } from '#server/office/layout.ts';
import { type Staff } from '#server/office/session.ts';
import { CourtActRequest, SearchQuery, courtActOf, parseArchiveForm } from './archive-contract.ts';
import { A } from './archive-text.ts';
import { type FilingSlots } from '#server/office/market/filing-slots.ts';
import { type RegisterPage, renderRegisterPage } from './register-page.ts';
import { type CourtActOutcome, type RegisterService } from './register-service.ts';
import { type LookupIndex, type UnitRow } from './register-store.ts';

const HTML = 'text/html; charset=utf-8';
/** Units a register search lists; past it the page says there are more and how to narrow the search. */
const SEARCH_PAGE = 50;

function outcomeMessage(out: CourtActOutcome): { ok: boolean; message: string } {
  if (!out.ok) return { ok: false, message: out.error === 'unit-unknown' ? A.court.unitUnknown : COURT_ACT_REFUSAL_TEXT[out.error] };
  const d = out.value.decided;
  if (d.body.kind === 'seizure-renewed') return { ok: true, message: A.court.recorded.renewed(d.body.to) };
  return { ok: true, message: d.standing === 'effective' ? A.court.recorded.effective : d.standing === 'waiting' ? A.court.recorded.waiting(d.rank ?? 0) : A.court.recorded.ended };
}

/** The register pages and API: search, one unit's register, court acts. */
export function registerRegisterRoutes(app: FastifyInstance, service: RegisterService, filings?: FilingSlots): void {
  const { storage } = app.office;

  /** A register search's first page, and whether more units match than it lists (one read of a page and one row more). */
  async function search(by: LookupIndex, value: string): Promise<{ units: UnitRow[]; more: boolean }> {
    const found = await service.store.find(by, value, SEARCH_PAGE + 1);
    return { units: found.slice(0, SEARCH_PAGE), more: found.length > SEARCH_PAGE };
  }

  async function staffNames(ids: readonly string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const id of new Set(ids)) {
      const d = await storage.getDocument('staff', id);
      const p = d ? StaffDoc.safeParse(d.body) : undefined;
      if (p?.success) out[id] = p.data.name;
    }
    return out;
  }

  async function pageOf(unitNumber: string, staff: Staff, asOf?: string): Promise<RegisterPage | undefined> {
    const view = await service.registerOf(unitNumber, asOf);
    if (!view) return undefined;
    const chain = verifyUnitChain(unitNumber, view.history);
    const openCases = [];
    for (const caseId of await service.store.openCasesOf(unitNumber)) {
      const i = await service.store.intakeOf(caseId);
      if (i) openCases.push({ caseId, caseNumber: i.caseNumber, businessKind: i.intake.businessKind });
    }
    const names = await staffNames([...view.history.map((e) => e.recordedBy), ...view.seizures.ended.flatMap((s) => (s.lift ? [s.lift.recordedBy] : []))]);
    return {
      view,
      chain: chain.ok ? { ok: true } : { ok: false, why: `${UNIT_CHAIN_BREAK_TEXT[chain.error.kind]}（第 ${chain.error.atSeq} 条）` },
      openCases,
      staffNames: names,
      canRecordCourtActs: can(staff, 'courtActs'),
      ...(filings ? { filing: (await filings([unitNumber])).get(unitNumber) ?? null } : {}),
    };
  }

  async function record(staff: Staff, unitNumber: string, body: unknown): Promise<{ status: number; ok: boolean; message: string; outcome?: CourtActOutcome }> {
    const p = parseArchiveForm(CourtActRequest, body);
    if (!p.ok) return { status: 400, ok: false, message: p.message };
    const out = await service.recordCourtAct(staff, unitNumber, courtActOf(p.data, () => officeId(app.office.areaCode, 'seizure', randomUUID())));
    const m = outcomeMessage(out);
    return { status: out.ok ? 201 : out.error === 'unit-unknown' ? 404 : 409, ...m, outcome: out };
  }

  app.get<{ Params: { unit: string }; Querystring: { asOf?: string } }>(`${API_BASE}/office/archive/units/:unit`, async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'view'))) return reply;
    const asOf = typeof req.query.asOf === 'string' && isIsoDate(req.query.asOf) ? req.query.asOf : undefined;
    const view = await service.registerOf(req.params.unit, asOf);
    return view ?? reply.code(404).send({ code: 'not-found', message: A.register.unknown });
  });

  app.get<{ Querystring: Record<string, string> }>(`${API_BASE}/office/archive/search`, async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'view'))) return reply;
    const q = parseArchiveForm(SearchQuery, req.query);
    if (!q.ok) return reply.code(400).send({ code: 'malformed', message: A.errors.badRequest(q.message) });
    return search(q.data.by, q.data.value);
  });

  app.post<{ Params: { unit: string } }>(`${API_BASE}/office/archive/units/:unit/court-acts`, async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'courtActs');
    if (!staff) return reply;
    const r = await record(staff, req.params.unit, req.body);
    if (r.ok && r.outcome?.ok) return reply.code(201).send({ message: r.message, standing: r.outcome.value.decided.standing, rank: r.outcome.value.decided.rank, entries: r.outcome.value.entries });
    return reply.code(r.status).send({ code: r.outcome && !r.outcome.ok ? r.outcome.error : 'malformed', message: r.message });
  });

  app.get<{ Querystring: { by?: string; value?: string } }>('/office/archive', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'view');
    if (!staff) return reply;
    // The page opened without a search asks for one; a search that is no search says what is wrong with it.
    const asked = req.query.by !== undefined || req.query.value !== undefined;
    const q = parseArchiveForm(SearchQuery, req.query);
    const result = q.ok ? await search(q.data.by, q.data.value) : null;
    const found = result?.units ?? null;
    const more = result?.more ? html`<p class="note" id="found-more">${A.search.more(SEARCH_PAGE)}</p>` : '';
    const refused = asked && !q.ok ? html`<p class="flag" id="search-refused">${q.message}</p>` : '';
    const by = req.query.by ?? 'address';
    const body = html`<p>${A.search.units(await service.store.countUnits())}</p>
${can(staff, 'queries') ? html`<p><a class="button" href="/office/archive/queries/new" id="new-query">${A.query.nav}</a></p>` : ''}
${can(staff, 'archiveAdmin') ? html`<p><a class="button" href="/office/archive/imports" id="ledger-import">${A.imports.nav}</a></p>` : ''}
<form method="get" action="/office/archive" class="card"><label for="by">${A.search.by}</label><select id="by" name="by">
${(['unit-number', 'certificate', 'address'] as const).map((k) => html`<option value="${k}" ${by === k ? 'selected' : ''}>${k === 'unit-number' ? A.search.byUnit : k === 'certificate' ? A.search.byCertificate : A.search.byAddress}</option>`)}</select>
<label for="value">${A.search.value}</label><input id="value" name="value" value="${req.query.value ?? ''}" required><p><button type="submit">${A.search.submit}</button></p></form>
${refused}${more}${found === null ? '' : found.length === 0 ? html`<p class="note" id="found-none">${A.search.none}</p>` : html`<table id="found"><thead><tr>${A.search.head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${found.map(
      (u) => html`<tr data-unit="${u.unitNumber}"><td><code>${u.unitNumber}</code></td><td>${u.address}</td><td>${u.certificate}</td><td><a class="button" href="/office/archive/units/${encodeURIComponent(u.unitNumber)}">${A.search.open}</a></td></tr>`,
    )}</tbody></table>`}`;
    return reply.type(HTML).send(page(A.search.title, body, staff));
  });

  app.get<{ Params: { unit: string }; Querystring: { msg?: string; err?: string; asOf?: string } }>('/office/archive/units/:unit', async (req, reply: FastifyReply) => {
    const staff = await requirePermission(storage, req, reply, 'view');
    if (!staff) return reply;
    // A day that is no day of the calendar (2026-13-45, words) is said so, and the register shown as it stands today.
    const asked = typeof req.query.asOf === 'string' && req.query.asOf !== '' ? req.query.asOf : undefined;
    const asOf = asked !== undefined && isIsoDate(asked) ? asked : undefined;
    const p = await pageOf(req.params.unit, staff, asOf);
    if (!p) return reply.code(404).type(HTML).send(page(A.register.title(req.params.unit), html`<p class="flag">${A.register.unknown}</p>`, staff));
    const badDay = asked !== undefined && asOf === undefined ? html`<p class="flag">${A.register.badAsOf}</p>` : html``;
    return reply.type(HTML).send(page(A.register.title(req.params.unit), [flash(req), badDay, renderRegisterPage(p)], staff));
  });

  app.post<{ Params: { unit: string } }>('/office/archive/units/:unit/court', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'courtActs');
    if (!staff) return reply;
    const back = `/office/archive/units/${encodeURIComponent(req.params.unit)}`;
    const r = await record(staff, req.params.unit, req.body);
    return reply.redirect(`${back}?${r.ok ? 'msg' : 'err'}=${encodeURIComponent(r.message)}#seizures`);
  });
}
