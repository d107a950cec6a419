import { type FastifyInstance, type FastifyReply } from 'fastify';
import { z } from 'zod';
import { CREDIT_CODE_ERROR_TEXT } from '#domain/identity/credit-code.ts';
import { PERMIT_ERROR_TEXT, PERMIT_KIND_TEXT } from '#domain/market/market-text.ts';
import { PORTAL_KIND_TEXT, PORTAL_KINDS, type PortalKind } from '#domain/market/portal-roles.ts';
import { CITY_DISTRICTS } from '#domain/units/service-area.ts';
import { requirePermission } from '#server/office/access.ts';
import { can } from '#server/office/permissions.ts';
import { type Staff } from '#server/office/session.ts';
import { type Html, html } from '#server/office/html.ts';
import { flash, page } from '#server/office/layout.ts';
import { type BuildingTableService, type OrgError, type ProjectError } from './building-table-service.ts';
import { formOf } from './form-of.ts';
import { typedFields } from '#domain/forms/typed-fields.ts';
import { UnitForm, unitCells, unitFormHtml } from './unit-form.ts';
import { type StationService } from '#server/office/stations/station-service.ts';
import { type MarketStores } from './market-store.ts';
import { registerSalesStationRoutes } from './sales-station-routes.ts';
import { OM } from './office-market-text.ts';
import { ACCOUNT_ERROR_TEXT, newAccount } from './portal-accounts.ts';
import { type PublicMarketService } from './public-market-service.ts';
import { districtName } from './public-market-text.ts';
import { MARKET_STYLE, salesTableBody } from './sales-table-page.ts';

const HTML = 'text/html; charset=utf-8';
const OrgForm = z.object({ kind: z.enum(PORTAL_KINDS as [PortalKind, ...PortalKind[]]), name: z.string().max(100).default(''), creditCode: z.string().max(30).default(''), adminLogin: z.string().max(64).default(''), adminName: z.string().max(100).default(''), adminPassword: z.string().max(256).default('') });
const ProjectForm = z.object({ developerId: z.string().max(100).default(''), name: z.string().max(100).default(''), districtCode: z.string().max(6).default(''), address: z.string().max(200).default(''), rows: z.string().max(500_000).default('') });
const PermitForm = z.object({ kind: z.enum(['presale', 'completion']).catch('presale'), number: z.string().max(100).default(''), authority: z.string().max(100).default(''), issuedOn: z.string().max(10).default(''), buildingIds: z.union([z.string(), z.array(z.string())]).default([]) });

type OrgField = 'kind' | 'name' | 'creditCode' | 'adminLogin' | 'adminName';
const ORG_TYPED: readonly OrgField[] = ['kind', 'name', 'creditCode', 'adminLogin', 'adminName'];

function orgErrorText(e: OrgError): string {
  switch (e.code) {
    case 'name':
      return OM.orgs.nameMissing;
    case 'credit-code':
      return CREDIT_CODE_ERROR_TEXT[e.error];
    case 'credit-code-taken':
      return OM.orgs.taken;
    case 'admin':
      return ACCOUNT_ERROR_TEXT[e.error];
  }
}

function projectErrorText(e: ProjectError): string {
  switch (e.code) {
    case 'rows':
      return e.problems.slice(0, 20).map((p) => OM.projects.row(p.row, p.column, p.message)).join('；');
    case 'units-exist':
      return OM.projects.unitsExist(e.unitNumbers.slice(0, 10).join('、'));
    case 'unit-district':
      return OM.projects.unitDistrict(e.unitNumber);
    case 'floors':
      return OM.projects.floors(e.building);
    case 'unknown-project':
      return OM.projects.notFound;
    case 'name':
    case 'address':
    case 'district':
    case 'developer':
      return OM.projects.errors[e.code];
  }
}

/** The office's building table pages: the portals' organisations, projects from the survey's table, and their permits. */
export function registerOfficeTableRoutes(app: FastifyInstance, d: { stores: MarketStores; table: BuildingTableService; pub: PublicMarketService; stations: StationService }): void {
  const { storage } = app.office;
  // The organisations' page is the administration's: the others do not get a link that answers 无权.
  const navFor = (staff: Staff) =>
    html`${MARKET_STYLE}<p class="market-nav"><a href="/office/market/projects">${OM.links.projects}</a>${can(staff, 'marketAdmin') ? html`<a href="/office/market/orgs">${OM.links.orgs}</a>` : ''}<a href="/office/market/listings">${OM.links.listings}</a><a href="/office/market/filings">${OM.links.filings}</a></p>`;
  const nav = html`${MARKET_STYLE}<p class="market-nav"><a href="/office/market/projects">${OM.links.projects}</a><a href="/office/market/orgs">${OM.links.orgs}</a><a href="/office/market/listings">${OM.links.listings}</a><a href="/office/market/filings">${OM.links.filings}</a></p>`;

  app.get('/office/market', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'market');
    return staff ? reply.type(HTML).send(page(OM.hub, navFor(staff), staff)) : reply;
  });

  /**
   * The organisations and the form that enters one with its first admin. `typed` is a refused form as it was sent, shown
   * again in its fields (all but the password, which is never sent back in a page).
   */
  async function showOrgs(reply: FastifyReply, staff: Staff, notice: Html | string, typed: Partial<Record<OrgField, string>> = {}, status = 200) {
    const orgs = (await Promise.all(PORTAL_KINDS.map((k) => d.stores.table.orgs(k)))).flat();
    const t = (name: OrgField) => typed[name] ?? '';
    const body = html`${nav}${notice}<table data-testid="orgs"><thead><tr>${OM.orgs.head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
${orgs.map((o) => html`<tr><td>${PORTAL_KIND_TEXT[o.kind]}</td><td>${o.name}</td><td>${o.creditCode}</td><td>${o.active ? '在用' : '已停用'}</td><td>${o.kind === 'developer' ? html`<a href="/office/market/orgs/${o.id}/stations">${OM.stations.open}</a>` : ''}</td></tr>`)}</tbody></table>
<h2>${OM.orgs.create}</h2><form method="post" action="/office/market/orgs" class="card search">
<label>${OM.orgs.kind}<select name="kind">${PORTAL_KINDS.map((k) => html`<option value="${k}"${t('kind') === k ? ' selected' : ''}>${PORTAL_KIND_TEXT[k]}</option>`)}</select></label>
<label>${OM.orgs.name}<input name="name" required value="${t('name')}"></label><label>${OM.orgs.creditCode}<input name="creditCode" required value="${t('creditCode')}"></label>
<label>${OM.orgs.adminLogin}<input name="adminLogin" required value="${t('adminLogin')}"></label><label>${OM.orgs.adminName}<input name="adminName" required value="${t('adminName')}"></label><label>${OM.orgs.adminPassword}<input name="adminPassword" type="password" autocomplete="new-password" required></label>
<button type="submit">${OM.orgs.create}</button></form>`;
    return reply.code(status).type(HTML).send(page(OM.orgs.title, body, staff));
  }

  app.get<{ Querystring: { msg?: string; err?: string } }>('/office/market/orgs', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'marketAdmin');
    return staff ? showOrgs(reply, staff, flash(req)) : reply;
  });

  app.post('/office/market/orgs', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'marketAdmin');
    if (!staff) return reply;
    const f = formOf(OrgForm, req.body);
    const r = f ? await d.table.createOrg(staff.id, f, (org) => newAccount(app.office, org, { login: f.adminLogin, name: f.adminName, roles: ['admin'], password: f.adminPassword })) : null;
    if (r?.ok) return reply.redirect(`/office/market/orgs?msg=${encodeURIComponent(OM.orgs.created)}`);
    // Refused: nothing was stored; the page again with the reason and the form as typed, under a 4xx.
    const why = r ? orgErrorText(r.error) : OM.orgs.formInvalid;
    return showOrgs(reply, staff, html`<p class="flag" role="alert">${why}</p>`, typedFields(req.body, ORG_TYPED, 200), 400);
  });

  /**
   * The projects and the form that enters one. `typed` is a refused form as it was sent, shown again in its fields: the
   * survey's table pasted into it may run to hundreds of rows, and is corrected, not pasted again.
   */
  async function showProjects(reply: FastifyReply, staff: Staff, notice: Html | string, typed: Record<string, string> = {}, status = 200) {
    const [projects, developers] = await Promise.all([d.pub.projects(null), d.stores.table.orgs('developer')]);
    const t = (name: string) => typed[name] ?? '';
    const body = html`${navFor(staff)}${notice}<table data-testid="office-projects"><thead><tr>${OM.projects.head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
${projects.map((p) => html`<tr><td>${p.name}</td><td>${developers.find((x) => x.id === p.developerId)?.name ?? ''}</td><td>${districtName(p.districtCode)}</td><td>${p.address}</td><td><a href="/office/market/projects/${p.id}">${OM.projects.open}</a></td></tr>`)}</tbody></table>
<h2>${OM.projects.create}</h2><form method="post" action="/office/market/projects" class="card">
<div class="search"><label>${OM.projects.developer}<select name="developerId">${developers.map((o) => html`<option value="${o.id}"${t('developerId') === o.id ? ' selected' : ''}>${o.name}</option>`)}</select></label><label>${OM.projects.name}<input name="name" required value="${t('name')}"></label>
<label>${OM.projects.district}<select name="districtCode">${CITY_DISTRICTS.map((x) => html`<option value="${x.code}"${t('districtCode') === x.code ? ' selected' : ''}>${x.name}</option>`)}</select></label><label>${OM.projects.address}<input name="address" required value="${t('address')}"></label></div>
<label>${OM.projects.rows}<textarea name="rows" rows="8" style="width:100%">${t('rows')}</textarea></label><button type="submit">${OM.projects.create}</button></form>`;
    return reply.code(status).type(HTML).send(page(OM.projects.title, body, staff));
  }

  app.get<{ Querystring: { msg?: string; err?: string } }>('/office/market/projects', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'market');
    if (!staff) return reply;
    return showProjects(reply, staff, flash(req));
  });

  app.post('/office/market/projects', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'marketAdmin');
    if (!staff) return reply;
    const f = formOf(ProjectForm, req.body);
    const r = f ? await d.table.createProject(staff.id, f) : null;
    if (r?.ok) return reply.redirect(`/office/market/projects/${r.value}?msg=${encodeURIComponent(OM.projects.created)}`);
    // Refused: the page again with the reason and the form as typed, under a 4xx (nothing was stored).
    const why = r ? projectErrorText(r.error) : OM.formInvalid;
    const typed = typedFields(req.body, ['developerId', 'name', 'districtCode', 'address', 'rows'], 500_000);
    return showProjects(reply, staff, html`<p class="flag" role="alert">${why}</p>`, typed, 400);
  });

  app.get<{ Params: { id: string }; Querystring: { msg?: string; err?: string } }>('/office/market/projects/:id', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'market');
    if (!staff) return reply;
    const t = await d.pub.salesTable(req.params.id);
    if (!t) return reply.code(404).type(HTML).send(page(OM.projects.title, html`${navFor(staff)}<p class="flag">${OM.projects.notFound}</p>`, staff));
    const base = `/office/market/projects/${t.project.id}`;
    const body = html`${navFor(staff)}${flash(req)}<h2>${OM.permits.add}</h2><form method="post" action="${base}/permits" class="card search">
<label>${OM.permits.kind}<select name="kind">${(['presale', 'completion'] as const).map((k) => html`<option value="${k}">${PERMIT_KIND_TEXT[k]}</option>`)}</select></label><label>${OM.permits.number}<input name="number" required></label>
<label>${OM.permits.authority}<input name="authority" value="佳木斯市住房和城乡建设局" required></label><label>${OM.permits.issuedOn}<input name="issuedOn" type="date" required></label>
<fieldset><legend>${OM.permits.buildings}</legend>${t.buildings.map((b) => html`<label><input type="checkbox" name="buildingIds" value="${b.id}" style="min-width:0"> ${b.name}</label>`)}</fieldset><button type="submit">${OM.permits.submit}</button></form>
${unitFormHtml(`${base}/units`, t.buildings)}
${t.permits.filter((p) => p.revokedOn === null).map((p) => html`<form class="inline" method="post" action="${base}/permits/${p.id}/revoke"><input name="on" type="date" required aria-label="${OM.permits.revokeOn}"><button class="danger" type="submit">${OM.permits.revoke} ${p.number}</button></form> `)}
${salesTableBody(t)}`;
    return reply.type(HTML).send(page(`${t.project.name} · ${OM.projects.title}`, body, staff));
  });

  app.post<{ Params: { id: string } }>('/office/market/projects/:id/units', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'marketAdmin');
    if (!staff) return reply;
    const f = formOf(UnitForm, req.body);
    // The id goes back into the address as a path segment: encoded, so that no id breaks the redirect.
    if (!f) return reply.redirect(`/office/market/projects/${encodeURIComponent(req.params.id)}?err=${encodeURIComponent(OM.formInvalid)}`);
    const r = await d.table.addUnit(req.params.id, unitCells(f));
    return reply.redirect(`/office/market/projects/${encodeURIComponent(req.params.id)}?${r.ok ? `msg=${encodeURIComponent(OM.units.added(r.value))}` : `err=${encodeURIComponent(projectErrorText(r.error))}`}`);
  });

  app.post<{ Params: { id: string } }>('/office/market/projects/:id/permits', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'marketAdmin');
    if (!staff) return reply;
    const f = formOf(PermitForm, req.body);
    if (!f) return reply.redirect(`/office/market/projects/${encodeURIComponent(req.params.id)}?err=${encodeURIComponent(OM.formInvalid)}`);
    const r = await d.table.addPermit(staff.id, { projectId: req.params.id, kind: f.kind, number: f.number, authority: f.authority, issuedOn: f.issuedOn, buildingIds: Array.isArray(f.buildingIds) ? f.buildingIds : [f.buildingIds] });
    const q = r.ok ? `msg=${encodeURIComponent(OM.permits.recorded)}` : `err=${encodeURIComponent(r.error === 'unknown-project' ? OM.projects.notFound : PERMIT_ERROR_TEXT[r.error])}`;
    return reply.redirect(`/office/market/projects/${encodeURIComponent(req.params.id)}?${q}`);
  });

  app.post<{ Params: { id: string; permit: string }; Body: { on?: string } | undefined }>('/office/market/projects/:id/permits/:permit/revoke', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'marketAdmin');
    if (!staff) return reply;
    const on = String(req.body?.on ?? '');
    const done = /^\d{4}-\d{2}-\d{2}$/.test(on) && (await d.table.revokePermit(staff.id, req.params.permit, on));
    return reply.redirect(`/office/market/projects/${encodeURIComponent(req.params.id)}?${done ? `msg=${encodeURIComponent(OM.permits.revoked)}` : `err=${encodeURIComponent(OM.permits.revokeOn)}`}`);
  });
  registerSalesStationRoutes(app, { stores: d.stores, stations: d.stations, nav });
}
