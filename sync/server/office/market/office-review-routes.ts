import { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { chinaDateTime } from '#domain/calendar/china-time.ts';
import { type Actor } from '#domain/market/filing.ts';
import { AUTO_CHECK_TEXT, COURT_DOCUMENT_TEXT, FILING_REFUSAL_TEXT, VERIFY_ITEM_TEXT, VERIFY_REFUSAL_TEXT, wanYuanText, areaText } from '#domain/market/market-text.ts';
import { type AutoCheckItem, VERIFY_ITEMS } from '#domain/market/listing.ts';
import { formatVerificationCode } from '#domain/market/verification-code.ts';
import { requirePermission } from '#server/office/access.ts';
import { can } from '#server/office/permissions.ts';
import { html } from '#server/office/html.ts';
import { flash, page } from '#server/office/layout.ts';
import { type Staff } from '#server/office/session.ts';
import { type FilingService } from './filing-service.ts';
import { filingSummary } from './filing-view.ts';
import { type ListingService } from './listing-service.ts';
import { type MarketStores } from './market-store.ts';
import { formOf } from './form-of.ts';
import { OM } from './office-market-text.ts';
import { MARKET_STYLE } from './sales-table-page.ts';

const HTML = 'text/html; charset=utf-8';
const VerifyForm = z.object({ item: z.enum(VERIFY_ITEMS), ok: z.enum(['1', '0']), note: z.string().max(500).default('') });
const CourtForm = z.object({ court: z.string().trim().max(100).default(''), documentKind: z.enum(['judgment', 'ruling', 'mediation', 'assistance-notice']), documentNumber: z.string().trim().max(100).default(''), reason: z.string().trim().max(500).default('') });
const ConsentForm = z.object({ buyerId: z.string().trim().max(30).default('') });

const officeActor = (s: Staff): Actor => ({ kind: 'office', id: s.id, name: s.name, orgId: null, orgName: null });

/** The office's verification of listings item by item, and its work on filings: a court's document, a buyer's consent at the counter. */
export function registerOfficeReviewRoutes(app: FastifyInstance, d: { stores: MarketStores; listings: ListingService; filings: FilingService }): void {
  const { storage } = app.office;

  app.get<{ Querystring: { msg?: string; err?: string } }>('/office/market/listings', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'market');
    if (!staff) return reply;
    const queue = await d.stores.listings.queue(200);
    const body = html`${MARKET_STYLE}${flash(req)}<h2>${OM.listings.queue}</h2>${queue.length === 0 ? html`<p>${OM.listings.none}</p>` : html`<table data-testid="listing-queue"><thead><tr>${OM.listings.head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
${queue.map((l) => html`<tr><td>${chinaDateTime(l.submittedAt)}</td><td>${l.source.kind === 'owner' ? OM.listings.owner : l.source.kind === 'agency' ? `${l.source.orgName} ${l.source.agentName}` : l.source.orgName}</td><td>${l.unitNumber}</td><td>${l.place}</td><td>${wanYuanText(l.priceFen)}</td><td><a href="/office/market/listings/${l.id}">${OM.listings.open}</a></td></tr>`)}</tbody></table>`}`;
    return reply.type(HTML).send(page(OM.listings.title, body, staff));
  });

  app.get<{ Params: { id: string }; Querystring: { msg?: string; err?: string } }>('/office/market/listings/:id', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'market');
    if (!staff) return reply;
    const l = await d.stores.listings.listing(req.params.id);
    if (!l) return reply.code(404).type(HTML).send(page(OM.listings.title, html`<p class="flag">${OM.listings.notFound}</p>`, staff));
    const checks = await d.stores.listings.checks(l.id);
    const done = new Set(checks.filter((c) => c.source === 'staff').map((c) => c.item));
    const mayVerify = can(staff, 'marketVerify') && l.status === 'verifying';
    const body = html`${MARKET_STYLE}${flash(req)}<table><tbody><tr><th>${OM.listings.head[2]}</th><td>${l.unitNumber}</td></tr><tr><th>${OM.listings.head[3]}</th><td>${l.place} · ${areaText(l.areaDm2)} · ${wanYuanText(l.priceFen)}</td></tr>
<tr><th>${OM.listings.sellers}</th><td>${l.sellers.map((s) => `${s.name}（${s.idNumber}）`).join('；')}</td></tr>${l.code ? html`<tr><th>核验码</th><td>${formatVerificationCode(l.code)}</td></tr>` : ''}</tbody></table>
<h2>${OM.listings.auto}</h2><ul>${checks.filter((c) => c.source === 'auto').map((c) => html`<li>${c.ok ? '✓' : '✗'} ${AUTO_CHECK_TEXT[c.item as AutoCheckItem].name}</li>`)}</ul>
<h2>${OM.listings.staff}</h2><table data-testid="verify-items"><tbody>${VERIFY_ITEMS.map((item) => {
      const c = checks.find((x) => x.source === 'staff' && x.item === item);
      return html`<tr data-item="${item}"><th>${VERIFY_ITEM_TEXT[item]}</th><td>${c ? html`${c.ok ? OM.listings.pass : OM.listings.fail} ${c.note} · ${chinaDateTime(c.at)}` : mayVerify && !done.has(item) ? html`<form method="post" action="/office/market/listings/${l.id}/verify" class="search"><input type="hidden" name="item" value="${item}"><input name="note" placeholder="${OM.listings.note}"><button type="submit" name="ok" value="1">${OM.listings.pass}</button><button type="submit" name="ok" value="0" class="danger">${OM.listings.fail}</button></form>` : ''}</td></tr>`;
    })}</tbody></table>`;
    return reply.type(HTML).send(page(OM.listings.title, body, staff));
  });

  app.post<{ Params: { id: string } }>('/office/market/listings/:id/verify', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'marketVerify');
    if (!staff) return reply;
    const f = VerifyForm.safeParse(req.body ?? {});
    if (!f.success) return reply.redirect(`/office/market/listings/${encodeURIComponent(req.params.id)}`);
    const r = await d.listings.verify(staff.id, req.params.id, f.data.item, f.data.ok === '1', f.data.note);
    if (!r.ok) return reply.redirect(`/office/market/listings/${encodeURIComponent(req.params.id)}?err=${encodeURIComponent(r.error === 'not-found' ? OM.listings.notFound : r.error === 'busy' ? OM.listings.busy : VERIFY_REFUSAL_TEXT[r.error])}`);
    const msg = r.value.status === 'published' ? OM.listings.published(formatVerificationCode(r.value.code ?? '')) : r.value.status === 'rejected' ? OM.listings.rejected : OM.listings.verified;
    return reply.redirect(`/office/market/listings/${encodeURIComponent(req.params.id)}?msg=${encodeURIComponent(msg)}`);
  });

  app.get<{ Querystring: { q?: string | string[]; msg?: string; err?: string } }>('/office/market/filings', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'market');
    if (!staff) return reply;
    // A query string naming q twice asks for no one filing: the page shows none.
    const q = (typeof req.query.q === 'string' ? req.query.q : '').trim().toUpperCase();
    const row = q === '' ? undefined : ((await d.stores.filings.filingByContract(q)) ?? (await d.stores.filings.activeFilingOf(q)));
    const v = row ? await d.filings.view(row.id) : undefined;
    const base = v ? `/office/market/filings/${v.row.id}` : '';
    const actions =
      v?.state.status === 'active'
        ? html`<div class="actions">${can(staff, 'marketCourt') ? html`<form method="post" action="${base}/court"><b>${OM.filings.court}</b><label>${OM.filings.courtName}<input name="court" required></label>
<label>${OM.filings.documentKind}<select name="documentKind">${Object.entries(COURT_DOCUMENT_TEXT).map(([k, t]) => html`<option value="${k}">${t}</option>`)}</select></label><label>${OM.filings.documentNumber}<input name="documentNumber" required></label><label>${OM.filings.reason}<input name="reason" required></label><button type="submit" class="danger">${OM.filings.submitCourt}</button></form>` : ''}
${v.state.pendingCancellation && can(staff, 'marketConsent') ? html`<form method="post" action="${base}/consent"><b>${OM.filings.consent}</b><label>${OM.filings.buyerId}<input name="buyerId" required autocomplete="off"></label><button type="submit">${OM.filings.submitConsent}</button></form>` : ''}</div>`
        : '';
    const body = html`${MARKET_STYLE}${flash(req)}<form method="get" action="/office/market/filings" class="card search"><label>${OM.filings.search}<input name="q" value="${q}" required></label><button type="submit">${OM.filings.find}</button></form>
${q === '' ? '' : v ? html`<h2>${v.row.contractNumber}</h2>${filingSummary(v, v.row.unitNumber)}${actions}` : html`<p class="flag">${OM.filings.none}</p>`}`;
    return reply.type(HTML).send(page(OM.filings.title, body, staff));
  });

  async function act(staffId: Staff, id: string, command: Parameters<FilingService['act']>[2]): Promise<string> {
    const r = await d.filings.act(officeActor(staffId), id, command);
    const contract = (await d.stores.filings.filing(id))?.contractNumber ?? '';
    return `/office/market/filings?q=${encodeURIComponent(contract)}&${r.ok ? `msg=${encodeURIComponent(OM.filings.done)}` : `err=${encodeURIComponent(r.error === 'not-found' || r.error === 'busy' ? OM.filings.none : FILING_REFUSAL_TEXT[r.error])}`}`;
  }

  app.post<{ Params: { id: string } }>('/office/market/filings/:id/court', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'marketCourt');
    if (!staff) return reply;
    const f = formOf(CourtForm, req.body);
    if (!f) return reply.redirect(`/office/market/filings?err=${encodeURIComponent(OM.formInvalid)}`);
    return reply.redirect(await act(staff, req.params.id, { kind: 'court-cancel', court: { court: f.court, documentKind: f.documentKind, documentNumber: f.documentNumber }, reason: f.reason }));
  });

  app.post<{ Params: { id: string } }>('/office/market/filings/:id/consent', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'marketConsent');
    if (!staff) return reply;
    const f = formOf(ConsentForm, req.body);
    if (!f) return reply.redirect(`/office/market/filings?err=${encodeURIComponent(OM.formInvalid)}`);
    return reply.redirect(await act(staff, req.params.id, { kind: 'consent-cancel', consent: { idNumber: f.buyerId, via: 'counter', staffId: staff.id } }));
  });
}
