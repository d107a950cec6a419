import { type FastifyInstance } from 'fastify';
import { clientAddress } from '#server/auth/routes.ts';
import { GuessBudget } from '#server/guess-budget.ts';
import { html, type Html } from '#server/office/html.ts';
import { page } from '#server/office/layout.ts';
import { ListingForm, listingFormHtml, listingOf, refusedListingForm, submitErrorText } from './listing-form.ts';
import { type ListingService } from './listing-service.ts';
import { formOf } from './form-of.ts';
import { PM } from './public-market-text.ts';
import { MARKET_STYLE, marketNav } from './sales-table-page.ts';

const HTML = 'text/html; charset=utf-8';
/** Per client address: an owner lists a home or two, not dozens. */
const SUBMIT_LIMIT = { max: 10, windowMs: 60 * 60_000 };

/**
 * An owner lists their own home without an agency. The same automatic checks run at once; the owner then
 * brings their ID card and certificate to the counter, where the office verifies each item as for an agency.
 */
export function registerOwnerRoutes(app: FastifyInstance, listings: ListingService): void {
  const show = (notice: Html, values: Record<string, string>) =>
    page(PM.owner.title, html`${MARKET_STYLE}${marketNav()}<p>${PM.owner.intro}</p>${notice}${listingFormHtml('/public/listings/submit', values, 'owner')}`, null);

  app.get('/public/listings/submit', async (_req, reply) => reply.type(HTML).send(show(html``, {})));

  // Counted here rather than by the router's limiter, so that the owner is told in Chinese, on the form's page.
  const budget = GuessBudget.of(app.office, 'owner-listing', SUBMIT_LIMIT);
  app.post('/public/listings/submit', async (req, reply) => {
    if (!(await budget.take(clientAddress(req)))) return reply.code(429).type(HTML).send(show(html`<p class="flag" role="alert" data-refused="too-many-requests">${PM.owner.tooMany}</p>`, {}));
    const form = formOf(ListingForm, req.body);
    if (!form) {
      // What the owner typed stays on the form, and the reason names the field that is too long.
      const refused = refusedListingForm(req.body);
      return reply.code(400).type(HTML).send(show(html`<p class="flag" role="alert">${refused.message}</p>`, refused.values));
    }
    const values = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, String(v)]));
    const read = listingOf(form);
    if (!read.ok) return reply.code(400).type(HTML).send(show(html`<p class="flag" role="alert">${read.message}</p>`, values));
    const r = await listings.submit({ kind: 'owner' }, 'owner', read.facts, read.sellers);
    if (!r.ok) return reply.code(r.error.code === 'refused' ? 422 : 400).type(HTML).send(show(submitErrorText(r.error), values));
    return reply.type(HTML).send(show(html`<p class="okbox" role="status" data-testid="owner-accepted">${PM.owner.accepted(r.value.id.slice(-8).toUpperCase())}</p>`, {}));
  });
}
