import { type FastifyInstance } from 'fastify';
import { chinaDateTime } from '#domain/calendar/china-time.ts';
import { LISTING_STATUS_TEXT, END_REASON_TEXT, wanYuanText } from '#domain/market/market-text.ts';
import { formatVerificationCode, LISTING_VERIFY_PATH } from '#domain/market/verification-code.ts';
import { GuessBudget } from '#server/guess-budget.ts';
import { html, type Html } from '#server/office/html.ts';
import { flash } from '#server/office/layout.ts';
import { ListingForm, listingFormHtml, listingOf, refusedListingForm, submitErrorText } from './listing-form.ts';
import { type ListingService } from './listing-service.ts';
import { type MarketStores } from './market-store.ts';
import { type PortalAuth, type PortalUser } from './portal-auth.ts';
import { HTML, portalPage } from './portal-pages.ts';
import { formOf } from './form-of.ts';
import { PT } from './portal-text.ts';

type AgencyDeps = { auth: PortalAuth; stores: MarketStores; listings: ListingService };

/**
 * A submission is checked against the register at once and its answer says which checks failed: whether the sellers
 * named are exactly the unit's holders, whether it is seized, filed or under an advance notice. That is the owner's
 * form's question (owner-routes.ts, 10 an hour per address), asked here by a signed-in agent: without a limit one
 * account could find whom a unit belongs to, or which unit a known ID number holds, at any rate. Per client address
 * (an agency's office, several agents behind one line) and per account (a stolen sign-in used from many addresses).
 */
const SUBMIT_LIMIT_ADDRESS = { max: 60, windowMs: 60 * 60_000 };
const SUBMIT_LIMIT_ACCOUNT = { max: 30, windowMs: 60 * 60_000 };

/** The agency portal: second-hand listings submitted, checked against the register at once, and followed to publication. */
export function registerAgencyRoutes(app: FastifyInstance, d: AgencyDeps): void {
  const { auth, stores, listings } = d;
  const byAddress = GuessBudget.of(app.office, 'agency-listing', SUBMIT_LIMIT_ADDRESS);
  const byAccount = GuessBudget.of(app.office, 'agency-listing-account', SUBMIT_LIMIT_ACCOUNT);

  async function home(user: PortalUser, notice: Html, values: Record<string, string>, status: number) {
    const mine = await stores.listings.ofSource(user.orgId, 100);
    const body = html`<p>${PT.agency.intro}</p>${notice}${listingFormHtml('/portal/agency/listings', values, 'agency')}
<h2>${PT.agency.mine}</h2><table data-testid="agency-listings"><thead><tr>${PT.agency.head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
${mine.map((l) => html`<tr data-listing="${l.id}" data-unit="${l.unitNumber}" data-status="${l.status}"><td>${chinaDateTime(l.submittedAt)}</td><td>${l.place}</td><td>${wanYuanText(l.priceFen)}</td><td>${LISTING_STATUS_TEXT[l.status]}${l.endReason ? `（${END_REASON_TEXT[l.endReason]}）` : ''}</td>
<td>${l.code ? html`<a href="/${LISTING_VERIFY_PATH}?code=${l.code}">${formatVerificationCode(l.code)}</a>` : ''}</td>
<td>${l.status === 'verifying' || l.status === 'published' ? html`<form class="inline" method="post" action="/portal/agency/listings/${l.id}/withdraw"><button type="submit" class="secondary">${PT.agency.withdraw}</button></form>` : ''}</td></tr>`)}</tbody></table>`;
    return { status, page: portalPage(PT.agency.title, body, user) };
  }

  app.get<{ Querystring: { msg?: string; err?: string } }>('/portal/agency', async (req, reply) => {
    const user = await auth.require(req, reply, 'agency');
    if (!user) return reply;
    const h = await home(user, flash(req), {}, 200);
    return reply.code(h.status).type(HTML).send(h.page);
  });

  app.post('/portal/agency/listings', async (req, reply) => {
    const user = await auth.require(req, reply, 'agency', 'list');
    if (!user) return reply;
    const form = formOf(ListingForm, req.body);
    if (!form) {
      const refused = refusedListingForm(req.body);
      const h = await home(user, html`<p class="flag" role="alert">${refused.message}</p>`, refused.values, 400);
      return reply.code(h.status).type(HTML).send(h.page);
    }
    const values = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, String(v)]));
    const read = form.commission ? listingOf(form) : { ok: false as const, message: PT.agency.commissionMissing };
    if (!read.ok) {
      const h = await home(user, html`<p class="flag" role="alert">${read.message}</p>`, values, 400);
      return reply.code(h.status).type(HTML).send(h.page);
    }
    // Counted only once the form is read: the register is asked from here on, and a typo costs nothing.
    if (!(await GuessBudget.takeEach([byAddress, auth.addressOf(req)], [byAccount, user.accountId]))) {
      const h = await home(user, html`<p class="flag" role="alert" data-refused="too-many-requests">${PT.agency.tooMany}</p>`, values, 429);
      return reply.code(h.status).type(HTML).send(h.page);
    }
    const r = await listings.submit({ kind: 'agency', orgId: user.orgId, orgName: user.orgName, agentName: user.name }, user.accountId, read.facts, read.sellers);
    if (r.ok) return reply.redirect(`/portal/agency?msg=${encodeURIComponent(PT.agency.accepted)}`);
    const h = await home(user, submitErrorText(r.error), values, r.error.code === 'refused' ? 422 : 400);
    return reply.code(h.status).type(HTML).send(h.page);
  });

  app.post<{ Params: { id: string } }>('/portal/agency/listings/:id/withdraw', async (req, reply) => {
    const user = await auth.require(req, reply, 'agency', 'list');
    if (!user) return reply;
    const done = await listings.withdraw(user.orgId, req.params.id);
    return reply.redirect(`/portal/agency?${done ? `msg=${encodeURIComponent(PT.agency.withdrawn)}` : `err=${encodeURIComponent(PT.forbidden)}`}`);
  });
}
