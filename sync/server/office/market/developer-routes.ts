import { formatYuanText } from '#domain/money.ts';
import { type FastifyInstance, type FastifyReply } from 'fastify';
import { chinaDate } from '#domain/calendar/china-time.ts';
import { saleBasisOf } from '#domain/market/building-table.ts';
import { checkDraft, type ContractDraft, templateFor } from '#domain/market/contract.ts';
import { contractDocument } from '#domain/market/contract-text.ts';
import { draftProblemText, FILING_STATUS_TEXT, newFilingRefusalText, SALE_BASIS_TEXT, SALE_STATUS_TEXT } from '#domain/market/market-text.ts';
import { mayDo } from '#domain/market/portal-roles.ts';
import { SALE_STATUSES } from '#domain/market/sales-table.ts';
import { html } from '#server/office/html.ts';
import { flash, notice, noticeOf } from '#server/office/layout.ts';
import { BUYER_SLOTS, draftOf, formOf, parseDraftForm, typedValues } from './draft-form.ts';
import { draftPage } from './draft-page.ts';
import { actorOf, type DeveloperDeps } from './developer-deps.ts';
import { registerDeveloperFilingRoutes } from './developer-filing-routes.ts';
import { type DraftRow } from './market-store.ts';
import { type PortalUser } from './portal-auth.ts';
import { HTML, portalPage } from './portal-pages.ts';
import { PT } from './portal-text.ts';
import { salesTableBody } from './sales-table-page.ts';


/** The developer portal: its projects and their sales, contracts drafted from the model text and filed, and the filings' lives. */
export function registerDeveloperRoutes(app: FastifyInstance, d: DeveloperDeps): void {
  const { auth, stores, filings, pub } = d;
  const today = () => chinaDate(app.office.clock.now().toISOString());

  /**
   * The organisation's contracts, drafted and filed: buyers' names and prices, personal data the sales staff need and
   * an account that keeps the logins alone does not (《个人信息保护法》 第五十一条, access by role).
   */
  async function contracts(orgId: string) {
    const [drafts, filed] = await Promise.all([stores.filings.draftsOf(orgId, 'draft', 50), stores.filings.filingsOf(orgId, 50)]);
    return html`<h2>${PT.developer.drafts}</h2>${drafts.length === 0 ? html`<p>${PT.developer.none}</p>` : html`<table data-testid="dev-drafts"><thead><tr>${PT.developer.draftHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
${drafts.map((x) => html`<tr><td>${x.contractNumber}</td><td>${x.unitNumber}</td><td>${x.draft.buyers.map((b) => b.name).join('、')}</td><td>${x.updatedAt.slice(0, 16).replace('T', ' ')}</td><td><a href="/portal/developer/drafts/${x.id}">${PT.developer.edit}</a></td></tr>`)}</tbody></table>`}
<h2>${PT.developer.filings}</h2>${filed.length === 0 ? html`<p>${PT.developer.none}</p>` : html`<table data-testid="dev-filings"><thead><tr>${PT.developer.filingHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
${filed.map((f) => html`<tr><td>${f.contractNumber}</td><td>${f.unitNumber}</td><td>${formatYuanText(f.totalFen)}</td><td>${f.filedOn}</td><td data-status="${f.status}">${FILING_STATUS_TEXT[f.status]}</td><td><a href="/portal/developer/filings/${f.id}">${PT.developer.view}</a></td></tr>`)}</tbody></table>`}`;
  }

  app.get<{ Querystring: { msg?: string; err?: string } }>('/portal/developer', async (req, reply) => {
    const user = await auth.require(req, reply, 'developer');
    if (!user) return reply;
    const projects = await stores.table.projectsOf(user.orgId);
    const tables = await Promise.all(projects.map((p) => pub.salesTable(p.id)));
    const body = html`${flash(req)}<h2>${PT.developer.projects}</h2><table data-testid="dev-projects"><thead><tr>${PT.developer.projectHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
${tables.map((t) => (t ? html`<tr><td>${t.project.name}</td><td>${t.project.address}</td>${SALE_STATUSES.map((s) => html`<td>${t.summary.counts[s]}</td>`)}<td><a href="/portal/developer/projects/${t.project.id}">${PT.developer.open}</a></td></tr>` : ''))}</tbody></table>
${mayDo(user.roles, 'file') ? await contracts(user.orgId) : html`<p>${PT.developer.contractsForSales}</p>`}`;
    return reply.type(HTML).send(portalPage(PT.developer.title, body, user));
  });

  app.get<{ Params: { id: string } }>('/portal/developer/projects/:id', async (req, reply) => {
    const user = await auth.require(req, reply, 'developer');
    if (!user) return reply;
    const t = await pub.salesTable(req.params.id);
    if (t?.project.developerId !== user.orgId) return reply.code(404).type(HTML).send(portalPage(PT.developer.title, html`<p class="flag">${PT.developer.none}</p>`, user));
    const forSale = t.rows.filter((r) => r.status === 'for-sale');
    // Only an account that may file a contract gets the 签约 buttons: the draft page refuses the others.
    const body = html`<h2>${SALE_STATUS_TEXT['for-sale']}</h2><p class="actions">${(mayDo(user.roles, 'file') ? forSale : []).map((r) => html`<a class="button" data-sign="${r.unit.unitNumber}" href="/portal/developer/drafts/new?unit=${r.unit.unitNumber}">${PT.developer.sign} ${t.buildings.find((b) => b.id === r.unit.buildingId)?.name ?? ''} ${r.unit.room}</a>`)}</p>${salesTableBody(t)}`;
    return reply.type(HTML).send(portalPage(PT.developer.unitsTitle(t.project.name), body, user));
  });

  /** Renders the draft page for a unit: the form, the problems as filing would find them, and the contract text. */
  async function show(reply: FastifyReply, user: PortalUser, unitNumber: string, row: DraftRow | null, values: Record<string, string>, draft: ContractDraft | null, message: { msg?: string; err?: string }, status = 200) {
    const unit = await stores.table.unit(unitNumber);
    const project = unit && (await stores.table.project(unit.projectId));
    if (!unit || project?.developerId !== user.orgId) return reply.code(404).type(HTML).send(portalPage(PT.developer.newDraftTitle, html`<p class="flag">${PT.developer.none}</p>`, user));
    const [buildings, permits, stations, org] = await Promise.all([stores.table.buildingsOf(project.id), stores.table.permitsOf(project.id), d.reader.stationsOf(user.orgId), stores.table.org(user.orgId)]);
    const building = buildings.find((b) => b.id === unit.buildingId);
    const basis = saleBasisOf(unit, permits, today());
    const problems = !basis.ok ? [SALE_BASIS_TEXT[basis.error]] : draft ? checkDraft(draft, unit, basis.permit.kind, today()).map(draftProblemText) : [];
    const document =
      row && draft && basis.ok && building && org
        ? contractDocument(draft, { contractNumber: row.contractNumber, developer: { name: org.name, creditCode: org.creditCode }, project, building, unit, permit: basis.permit, buyers: draft.buyers })
        : null;
    const body = html`${notice(message)}${draftPage({
      action: row ? `/portal/developer/drafts/${row.id}` : '/portal/developer/drafts',
      unit,
      place: `${project.name} ${building?.name ?? ''}`,
      values,
      buyers: draft?.buyers ?? [],
      stations,
      problems,
      document,
      canFile: row !== null && basis.ok,
    })}`;
    return reply.code(status).type(HTML).send(portalPage(row ? PT.developer.draftTitle(row.contractNumber) : PT.developer.newDraftTitle, body, user));
  }

  app.get<{ Querystring: { unit?: string } }>('/portal/developer/drafts/new', async (req, reply) => {
    const user = await auth.require(req, reply, 'developer', 'file');
    if (!user) return reply;
    const unit = await stores.table.unit(String(req.query.unit ?? ''));
    const values = { signedOn: today(), fenPerM2: unit?.listFenPerM2 ? (unit.listFenPerM2 / 100).toFixed(2) : '', total: unit?.listFenPerM2 ? (Math.floor((unit.listFenPerM2 * unit.areaDm2 + 50) / 100) / 100).toFixed(2) : '' };
    return show(reply, user, String(req.query.unit ?? ''), null, values, null, {});
  });

  /**
   * Refuses a form the page would not have sent, saving nothing: the same form again, as typed, with what is wrong
   * above it (an existing draft keeps its buyers' cards), so that nothing typed is lost. Without a unit of this
   * developer's there is no form to show: only what is wrong.
   */
  async function refuse(user: PortalUser, reply: FastifyReply, row: DraftRow | null, body: unknown, issues: string) {
    const values = typedValues(body);
    const unitNumber = (values['unitNumber'] ?? '').trim();
    const unit = unitNumber === '' ? null : await stores.table.unit(unitNumber);
    const project = unit && (await stores.table.project(unit.projectId));
    if (!unit || project?.developerId !== user.orgId) return reply.code(400).type(HTML).send(portalPage(PT.developer.newDraftTitle, html`<p class="flag" data-testid="draft-refused">${PT.draft.badFormNoUnit(issues)}</p>`, user));
    return show(reply, user, unit.unitNumber, row, values, row?.draft ?? null, { err: PT.draft.badForm(issues) }, 400);
  }

  /** Saves the form into a draft (new or existing), then does what its button asked: read a card, file, discard. */
  async function save(user: PortalUser, reply: FastifyReply, row: DraftRow | null, body: unknown) {
    const form = parseDraftForm(body);
    if (!form.ok) return refuse(user, reply, row, body, form.message);
    const unit = await stores.table.unit(form.data.unitNumber);
    const project = unit && (await stores.table.project(unit.projectId));
    if (!unit || project?.developerId !== user.orgId) return reply.code(404).type(HTML).send(portalPage(PT.developer.newDraftTitle, html`<p class="flag">${PT.developer.none}</p>`, user));
    const basis = saleBasisOf(unit, await stores.table.permitsOf(project.id), today());
    const read = draftOf(form.data, unit.areaDm2, templateFor(basis.ok ? basis.permit.kind : 'presale'), row?.draft.buyers ?? []);
    const values = Object.fromEntries(Object.entries(form.data).map(([k, v]) => [k, String(v)]));
    if (!read.ok) return show(reply, user, unit.unitNumber, row, values, row?.draft ?? null, { err: read.message }, 400);
    let draft = read.draft;
    const actor = actorOf(user);
    const saved = row ? await filings.updateDraft(actor, row.id, draft) : await filings.createDraft(actor, draft);
    if (!saved.ok) return show(reply, user, unit.unitNumber, row, values, draft, { err: PT.developer.none }, 404);
    const action = form.data.action;
    if (action.startsWith('read:')) {
      const slot = Number(action.slice(5));
      // A slot of the form's buyer rows; anything else was not sent by the page (and `buyers[NaN]` would drop the card).
      if (!Number.isInteger(slot) || slot < 0 || slot >= BUYER_SLOTS) return reply.redirect(`/portal/developer/drafts/${saved.value.id}?err=${encodeURIComponent(PT.formInvalid)}`);
      const r = await d.reader.read(form.data.station, user.orgId, user.accountId);
      if (!r.ok) return reply.redirect(`/portal/developer/drafts/${saved.value.id}?err=${encodeURIComponent(PT.draft.cardFailed(r.message))}`);
      const buyers = [...draft.buyers];
      // Into the row asked for, or the first empty one before it: the draft lists its buyers without gaps.
      const at = Math.min(slot, buyers.length);
      buyers[at] = { name: r.identity.name, idType: r.identity.idType, idNumber: r.identity.idNumber, share: buyers[at]?.share ?? null, phone: buyers[at]?.phone ?? '', readOn: { stationId: r.stationId, at: r.at } };
      draft = { ...draft, buyers };
      await filings.updateDraft(actor, saved.value.id, draft);
      // The row, not the name: the URL is logged (PIPL art. 28/51, sync/server/log/personal-data.ts); the page names the buyer from the draft.
      return reply.redirect(`/portal/developer/drafts/${saved.value.id}?read=${at + 1}`);
    }
    if (action === 'discard') {
      await stores.filings.discardDraft(saved.value.id, app.office.clock.now().toISOString());
      return reply.redirect(`/portal/developer?msg=${encodeURIComponent(PT.draft.discarded)}`);
    }
    if (action === 'file') {
      if (!user.roles.some((r) => r === 'sales' || r === 'manager')) return reply.code(403).type(HTML).send(portalPage(PT.developer.title, html`<p class="flag">${PT.forbidden}</p>`, user));
      const filed = await filings.file(actor, saved.value.id);
      if (!filed.ok) {
        const message = filed.error.code === 'no-draft' ? PT.developer.none : newFilingRefusalText(filed.error);
        return reply.redirect(`/portal/developer/drafts/${saved.value.id}?err=${encodeURIComponent(PT.draft.refused + message)}`);
      }
      return reply.redirect(`/portal/developer/filings/${filed.value.id}?msg=${encodeURIComponent(PT.draft.filed(filed.value.contractNumber))}`);
    }
    return reply.redirect(`/portal/developer/drafts/${saved.value.id}?msg=${encodeURIComponent(PT.draft.saved)}`);
  }

  app.post('/portal/developer/drafts', async (req, reply) => {
    const user = await auth.require(req, reply, 'developer', 'file');
    return user ? save(user, reply, null, req.body) : reply;
  });

  app.get<{ Params: { id: string }; Querystring: { msg?: string; err?: string; read?: string } }>('/portal/developer/drafts/:id', async (req, reply) => {
    const user = await auth.require(req, reply, 'developer', 'file');
    if (!user) return reply;
    const row = await filings.ownDraft(actorOf(user), req.params.id);
    if (!row.ok || row.value.status !== 'draft') return reply.code(404).type(HTML).send(portalPage(PT.developer.title, html`<p class="flag">${PT.developer.none}</p>`, user));
    const readSlot = Number(req.query.read);
    const readBuyer = Number.isInteger(readSlot) && readSlot >= 1 ? row.value.draft.buyers[readSlot - 1] : undefined;
    const shown = readBuyer ? { msg: PT.draft.cardRead(readSlot, readBuyer.name) } : noticeOf(req);
    return show(reply, user, row.value.unitNumber, row.value, formOf(row.value.draft), row.value.draft, shown);
  });

  app.post<{ Params: { id: string } }>('/portal/developer/drafts/:id', async (req, reply) => {
    const user = await auth.require(req, reply, 'developer', 'file');
    if (!user) return reply;
    const row = await filings.ownDraft(actorOf(user), req.params.id);
    if (!row.ok || row.value.status !== 'draft') return reply.code(404).type(HTML).send(portalPage(PT.developer.title, html`<p class="flag">${PT.developer.none}</p>`, user));
    return save(user, reply, row.value, req.body);
  });

  registerDeveloperFilingRoutes(app, d);
}
