import { type FastifyInstance, type FastifyReply } from 'fastify';
import { z } from 'zod';
import { type Consent, type FilingCommand } from '#domain/market/filing.ts';
import { FILING_REFUSAL_TEXT } from '#domain/market/market-text.ts';
import { parseYuan } from '#domain/money.ts';
import { typedFields } from '#domain/forms/typed-fields.ts';
import { html, type Html } from '#server/office/html.ts';
import { flash } from '#server/office/layout.ts';
import { actorOf, type DeveloperDeps } from './developer-deps.ts';
import { filingPlace, filingSummary } from './filing-view.ts';
import { type PortalUser } from './portal-auth.ts';
import { HTML, portalPage } from './portal-pages.ts';
import { formOf } from './form-of.ts';
import { PT } from './portal-text.ts';

const ChangeForm = z.object({ deliveryOn: z.string().trim().max(10).default(''), total: z.string().trim().max(20).default(''), reason: z.string().trim().max(500).default(''), station: z.string().trim().max(100).default('') });
const ReasonForm = z.object({ reason: z.string().trim().max(500).default('') });
const StationForm = z.object({ station: z.string().trim().max(100).default('') });

/**
 * The filing's page with a notice for flash(), so every redirect here writes its address the same way. The id is
 * encoded so no id breaks the path; encodeURIComponent, not URLSearchParams, keeps the addresses byte for byte.
 */
function filingPage(id: string, kind: 'msg' | 'err', text: string): string {
  return `/portal/developer/filings/${encodeURIComponent(id)}?${kind}=${encodeURIComponent(text)}`;
}

/** Which form was refused and what it had typed in, to show it again as typed (not an empty form to fill again). */
type Typed = { form: 'change' | 'cancel' | 'withdraw'; fields: Record<string, string> };

/** A filing on the developer portal: its summary and history, and what the developer may ask of it. */
export function registerDeveloperFilingRoutes(app: FastifyInstance, d: DeveloperDeps): void {
  const { auth, stores, filings } = d;

  async function own(user: PortalUser, id: string) {
    const v = await filings.view(id);
    return v && v.row.developerId === user.orgId ? v : undefined;
  }

  const notFound = (reply: FastifyReply, user: PortalUser) => reply.code(404).type(HTML).send(portalPage(PT.developer.title, html`<p class="flag">${PT.developer.none}</p>`, user));

  /** The filing's page with a notice above it and, after a refused form, that form as typed. */
  async function show(reply: FastifyReply, user: PortalUser, id: string, notice: Html, typed: Typed | null = null, status = 200) {
    const v = await own(user, id);
    if (!v) return notFound(reply, user);
    const place = await filingPlace(stores.table, v.row.unitNumber);
    const stations = await d.reader.stationsOf(user.orgId);
    const active = v.state.status === 'active';
    const manager = user.roles.includes('manager');
    const base = `/portal/developer/filings/${v.row.id}`;
    const t = (form: Typed['form'] | null, name: string, otherwise = '') => (typed !== null && typed.form === form ? (typed.fields[name] ?? otherwise) : otherwise);
    /** The card reader's station to read at; the form refused is given to keep its pick (none for the consent, which redirects). */
    const stationSelect = (form: Typed['form'] | null) => html`<label>${PT.draft.readFrom}<select name="station">${stations.map((s) => html`<option value="${s.id}"${t(form, 'station') === s.id ? ' selected' : ''}>${s.name}</option>`)}</select></label>`;
    const actions = !active
      ? ''
      : html`<div class="actions">
${manager && !v.state.pendingCancellation ? html`<form method="post" action="${base}/change" data-testid="filing-change"><b>${PT.filing.change}</b><label>${PT.filing.changeDelivery}<input name="deliveryOn" type="date" value="${t('change', 'deliveryOn', v.state.terms.deliveryOn)}"></label><label>${PT.filing.changeTotal}<input name="total" value="${t('change', 'total')}"></label><label>${PT.filing.reason}<input name="reason" required value="${t('change', 'reason')}"></label>
${stations.length > 0 ? html`${stationSelect('change')}<p class="note">${PT.filing.consentCards(v.state.buyers.length)}</p><button type="submit">${PT.filing.submitChange}</button>` : html`<p class="note">${PT.filing.needStation}</p>`}</form>` : ''}
${manager && !v.state.pendingCancellation ? html`<form method="post" action="${base}/cancel" data-testid="filing-cancel"><b>${PT.filing.requestCancel}</b><label>${PT.filing.reason}<input name="reason" required value="${t('cancel', 'reason')}"></label><button type="submit" class="danger">${PT.filing.submitCancel}</button></form>` : ''}
${manager && v.state.pendingCancellation ? html`<form method="post" action="${base}/withdraw" data-testid="filing-withdraw"><label>${PT.filing.reason}<input name="reason" required value="${t('withdraw', 'reason')}"></label><button type="submit" class="secondary">${PT.filing.withdrawCancel}</button></form>` : ''}
${v.state.pendingCancellation && stations.length > 0 ? html`<form method="post" action="${base}/consent">${stationSelect(null)}<button type="submit">${PT.filing.consentByCard}</button></form>` : ''}</div>`;
    const body = html`${notice}${filingSummary(v, place)}${actions}`;
    return reply.code(status).type(HTML).send(portalPage(PT.filing.title(v.row.contractNumber), body, user));
  }

  /** Refused: the filing's page again with the reason and the form as typed, under a 4xx (nothing was done). */
  const refuse = (reply: FastifyReply, user: PortalUser, id: string, message: string, typed: Typed | null) =>
    show(reply, user, id, html`<p class="flag" role="alert">${message}</p>`, typed, 400);

  app.get<{ Params: { id: string }; Querystring: { msg?: string; err?: string } }>('/portal/developer/filings/:id', async (req, reply) => {
    // The buyers' names and ID numbers are the sales staff's to read, not those of an account that keeps the logins.
    const user = await auth.require(req, reply, 'developer', 'file');
    if (!user) return reply;
    return show(reply, user, req.params.id, flash(req));
  });

  async function act(user: PortalUser, reply: FastifyReply, id: string, command: FilingCommand, typed: Typed | null) {
    const v = await own(user, id);
    if (!v) return notFound(reply, user);
    const r = await filings.act(command.kind === 'consent-cancel' ? { kind: 'buyer', id: user.accountId, name: user.name, orgId: null, orgName: null } : actorOf(user), id, command);
    if (r.ok) return reply.redirect(filingPage(id, 'msg', PT.filing.done));
    if (r.error === 'not-found') return notFound(reply, user);
    return refuse(reply, user, id, r.error === 'busy' ? PT.developer.none : FILING_REFUSAL_TEXT[r.error], typed);
  }

  app.post<{ Params: { id: string } }>('/portal/developer/filings/:id/change', async (req, reply) => {
    const user = await auth.require(req, reply, 'developer', 'amend');
    if (!user) return reply;
    const typed: Typed = { form: 'change', fields: typedFields(req.body, ['deliveryOn', 'total', 'reason', 'station']) };
    const f = formOf(ChangeForm, req.body);
    if (!f) return refuse(reply, user, req.params.id, PT.formInvalid, typed);
    const after: { deliveryOn?: string; pricing?: { basis: 'per-set'; fenPerM2: null; totalFen: number } } = {};
    if (f.deliveryOn !== '') after.deliveryOn = f.deliveryOn;
    if (f.total !== '') {
      const t = parseYuan(f.total);
      if (!t.ok) return refuse(reply, user, req.params.id, PT.draft.badField(PT.filing.changeTotal), typed);
      after.pricing = { basis: 'per-set', fenPerM2: null, totalFen: t.value };
    }
    // Every buyer agrees by placing their own ID card on the sales office's reader, one after another.
    const v = await own(user, req.params.id);
    const consents: Consent[] = [];
    for (let i = 0; v && i < v.state.buyers.length; i++) {
      const r = await d.reader.read(f.station, user.orgId, user.accountId);
      if (!r.ok) return refuse(reply, user, req.params.id, PT.draft.cardFailed(r.message), typed);
      consents.push({ idNumber: r.identity.idNumber, via: 'card-reader', stationId: r.stationId, readAt: r.at });
    }
    return act(user, reply, req.params.id, { kind: 'change', after, reason: f.reason, consents }, typed);
  });

  app.post<{ Params: { id: string } }>('/portal/developer/filings/:id/cancel', async (req, reply) => {
    const user = await auth.require(req, reply, 'developer', 'amend');
    if (!user) return reply;
    const typed: Typed = { form: 'cancel', fields: typedFields(req.body, ['reason']) };
    const f = formOf(ReasonForm, req.body);
    if (!f) return refuse(reply, user, req.params.id, PT.formInvalid, typed);
    return act(user, reply, req.params.id, { kind: 'request-cancel', reason: f.reason }, typed);
  });

  app.post<{ Params: { id: string } }>('/portal/developer/filings/:id/withdraw', async (req, reply) => {
    const user = await auth.require(req, reply, 'developer', 'amend');
    if (!user) return reply;
    const typed: Typed = { form: 'withdraw', fields: typedFields(req.body, ['reason']) };
    const f = formOf(ReasonForm, req.body);
    if (!f) return refuse(reply, user, req.params.id, PT.formInvalid, typed);
    return act(user, reply, req.params.id, { kind: 'withdraw-cancel', reason: f.reason }, typed);
  });

  /**
   * A buyer consents to the cancellation by placing their ID card on the sales office's reader, which the sales office's
   * staff run (`file`, as for the card read into a draft); the organisation's 本单位管理员 keeps its logins only.
   */
  app.post<{ Params: { id: string } }>('/portal/developer/filings/:id/consent', async (req, reply) => {
    const user = await auth.require(req, reply, 'developer', 'file');
    if (!user) return reply;
    // Nothing typed to keep here (a station picked, a card placed): a refusal goes back to the page with its reason.
    const f = formOf(StationForm, req.body);
    if (!f) return reply.redirect(filingPage(req.params.id, 'err', PT.formInvalid));
    const r = await d.reader.read(f.station, user.orgId, user.accountId);
    if (!r.ok) return reply.redirect(filingPage(req.params.id, 'err', PT.draft.cardFailed(r.message)));
    return act(user, reply, req.params.id, { kind: 'consent-cancel', consent: { idNumber: r.identity.idNumber, via: 'card-reader', stationId: r.stationId, readAt: r.at } }, null);
  });
}
