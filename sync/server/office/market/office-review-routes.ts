import { type FastifyInstance, type FastifyReply } from 'fastify';
import { z } from 'zod';
import { chinaDateTime } from '#domain/calendar/china-time.ts';
import { parsedReads } from '#server/office/office-data.ts';
import { type Actor } from '#domain/market/filing.ts';
import { AUTO_CHECK_TEXT, COURT_DOCUMENT_TEXT, FILING_REFUSAL_TEXT, VERIFY_ITEM_TEXT, VERIFY_REFUSAL_TEXT, wanYuanText, areaText } from '#domain/market/market-text.ts';
import { type AutoCheckItem, VERIFY_ITEMS } from '#domain/market/listing.ts';
import { formatVerificationCode } from '#domain/market/verification-code.ts';
import { requirePermission } from '#server/office/access.ts';
import { can } from '#server/office/permissions.ts';
import { type Html, html } from '#server/office/html.ts';
import { flash, page } from '#server/office/layout.ts';
import { type Staff } from '#server/office/session.ts';
import { type FilingService } from './filing-service.ts';
import { filingPlace, filingSummary } from './filing-view.ts';
import { type ListingService } from './listing-service.ts';
import { type MarketStores } from './market-store.ts';
import { formOf } from './form-of.ts';
import { typedFields } from '#domain/forms/typed-fields.ts';
import { OM } from './office-market-text.ts';
import { MARKET_STYLE } from './sales-table-page.ts';

const HTML = 'text/html; charset=utf-8';
const VerifyForm = z.object({ item: z.enum(VERIFY_ITEMS), ok: z.enum(['1', '0']), note: z.string().max(500).default('') });
const CourtForm = z.object({ court: z.string().trim().max(100).default(''), documentKind: z.enum(['judgment', 'ruling', 'mediation', 'assistance-notice']), documentNumber: z.string().trim().max(100).default(''), reason: z.string().trim().max(500).default('') });
const ConsentForm = z.object({ buyerId: z.string().trim().max(30).default('') });

/** A refused form of the filing page, as typed. */
type Typed = { form: 'court' | 'consent'; fields: Record<string, string> };

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
    // Each item says who checked it, as the office's other records do: the name, not the account's id.
    const checkers = await parsedReads(storage.db).many('staff', [...new Set(checks.flatMap((c) => (c.staffId ? [c.staffId] : [])))]);
    const checker = (id: string | null) => (id ? (checkers.find((x) => x.id === id)?.name ?? id) : '');
    const mayVerify = can(staff, 'marketVerify') && l.status === 'verifying';
    const body = html`${MARKET_STYLE}${flash(req)}<table><tbody><tr><th>${OM.listings.head[2]}</th><td>${l.unitNumber}</td></tr><tr><th>${OM.listings.head[3]}</th><td>${l.place} · ${areaText(l.areaDm2)} · ${wanYuanText(l.priceFen)}</td></tr>
<tr><th>${OM.listings.sellers}</th><td>${l.sellers.map((s) => `${s.name}（${s.idNumber}）`).join('；')}</td></tr>${l.code ? html`<tr><th>核验码</th><td>${formatVerificationCode(l.code)}</td></tr>` : ''}</tbody></table>
<h2>${OM.listings.auto}</h2><ul>${checks.filter((c) => c.source === 'auto').map((c) => html`<li>${c.ok ? '✓' : '✗'} ${AUTO_CHECK_TEXT[c.item as AutoCheckItem].name}</li>`)}</ul>
<h2>${OM.listings.staff}</h2><table data-testid="verify-items"><tbody>${VERIFY_ITEMS.map((item) => {
      const c = checks.find((x) => x.source === 'staff' && x.item === item);
      return html`<tr data-item="${item}"><th>${VERIFY_ITEM_TEXT[item]}</th><td>${c ? html`${c.ok ? OM.listings.pass : OM.listings.fail} ${c.note} · ${checker(c.staffId)} · ${chinaDateTime(c.at)}` : mayVerify && !done.has(item) ? html`<form method="post" action="/office/market/listings/${l.id}/verify" class="search"><input type="hidden" name="item" value="${item}"><input name="note" placeholder="${OM.listings.note}"><button type="submit" name="ok" value="1">${OM.listings.pass}</button><button type="submit" name="ok" value="0" class="danger">${OM.listings.fail}</button></form>` : ''}</td></tr>`;
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

  /**
   * The filing of contract or unit `q` with the office's actions on it. `typed` is a refused form as it was typed,
   * shown again in its fields, so the reviewer corrects one field rather than typing the court's document again.
   */
  async function showFilings(reply: FastifyReply, staff: Staff, q: string, notice: Html | string, typed: Typed | null = null, status = 200) {
    const row = q === '' ? undefined : ((await d.stores.filings.filingByContract(q)) ?? (await d.stores.filings.activeFilingOf(q)));
    const v = row ? await d.filings.view(row.id) : undefined;
    const base = v ? `/office/market/filings/${v.row.id}` : '';
    const t = (form: Typed['form'], name: string) => (typed?.form === form ? (typed.fields[name] ?? '') : '');
    const actions =
      v?.state.status === 'active'
        ? html`<div class="actions">${can(staff, 'marketCourt') ? html`<form method="post" action="${base}/court"><b>${OM.filings.court}</b><label>${OM.filings.courtName}<input name="court" required maxlength="100" value="${t('court', 'court')}"></label>
<label>${OM.filings.documentKind}<select name="documentKind">${Object.entries(COURT_DOCUMENT_TEXT).map(([k, text]) => html`<option value="${k}"${t('court', 'documentKind') === k ? ' selected' : ''}>${text}</option>`)}</select></label><label>${OM.filings.documentNumber}<input name="documentNumber" required maxlength="100" value="${t('court', 'documentNumber')}"></label><label>${OM.filings.reason}<input name="reason" required maxlength="500" value="${t('court', 'reason')}"></label><button type="submit" class="danger">${OM.filings.submitCourt}</button></form>` : ''}
${v.state.pendingCancellation && can(staff, 'marketConsent') ? html`<form method="post" action="${base}/consent"><b>${OM.filings.consent}</b><label>${OM.filings.buyerId}<input name="buyerId" required maxlength="30" autocomplete="off" value="${t('consent', 'buyerId')}"></label><button type="submit">${OM.filings.submitConsent}</button></form>` : ''}</div>`
        : '';
    // The home as the building table names it (project and room), beside its unit number: the number alone twice said nothing.
    const place = v ? await filingPlace(d.stores.table, v.row.unitNumber) : '';
    const body = html`${MARKET_STYLE}${notice}<form method="get" action="/office/market/filings" class="card search"><label>${OM.filings.search}<input name="q" value="${q}" required></label><button type="submit">${OM.filings.find}</button></form>
${q === '' ? '' : v ? html`<h2>${v.row.contractNumber}</h2>${filingSummary(v, place)}${actions}` : html`<p class="flag">${OM.filings.none}</p>`}`;
    return reply.code(status).type(HTML).send(page(OM.filings.title, body, staff));
  }

  app.get<{ Querystring: { q?: string | string[]; msg?: string; err?: string } }>('/office/market/filings', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'market');
    if (!staff) return reply;
    // A query string naming q twice asks for no one filing: the page shows none.
    const q = (typeof req.query.q === 'string' ? req.query.q : '').trim().toUpperCase();
    return showFilings(reply, staff, q, flash(req));
  });

  /**
   * Does `command` on filing `id`: done, to the filing's page with the notice; refused, the filing's page again with
   * the reason and the form as typed, under a 4xx (nothing was done).
   */
  async function act(reply: FastifyReply, staff: Staff, id: string, command: Parameters<FilingService['act']>[2] | null, typed: Typed) {
    const contract = (await d.stores.filings.filing(id))?.contractNumber ?? '';
    const r = command ? await d.filings.act(officeActor(staff), id, command) : null;
    if (r?.ok) return reply.redirect(`/office/market/filings?q=${encodeURIComponent(contract)}&msg=${encodeURIComponent(OM.filings.done)}`);
    const message = !r ? OM.formInvalid : r.error === 'not-found' || r.error === 'busy' ? OM.filings.none : FILING_REFUSAL_TEXT[r.error];
    return showFilings(reply, staff, contract, html`<p class="flag" role="alert">${message}</p>`, typed, 400);
  }

  app.post<{ Params: { id: string } }>('/office/market/filings/:id/court', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'marketCourt');
    if (!staff) return reply;
    const f = formOf(CourtForm, req.body);
    const typed: Typed = { form: 'court', fields: typedFields(req.body, ['court', 'documentKind', 'documentNumber', 'reason']) };
    return act(reply, staff, req.params.id, f ? { kind: 'court-cancel', court: { court: f.court, documentKind: f.documentKind, documentNumber: f.documentNumber }, reason: f.reason } : null, typed);
  });

  app.post<{ Params: { id: string } }>('/office/market/filings/:id/consent', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'marketConsent');
    if (!staff) return reply;
    const f = formOf(ConsentForm, req.body);
    const typed: Typed = { form: 'consent', fields: typedFields(req.body, ['buyerId']) };
    return act(reply, staff, req.params.id, f ? { kind: 'consent-cancel', consent: { idNumber: f.buyerId, via: 'counter', staffId: staff.id } } : null, typed);
  });
}
