import { type FastifyInstance, type FastifyReply } from 'fastify';
import { z } from 'zod';
import { type Consent, type FilingCommand } from '#domain/market/filing.ts';
import { FILING_REFUSAL_TEXT } from '#domain/market/market-text.ts';
import { parseYuan } from '#domain/money.ts';
import { html } from '#server/office/html.ts';
import { flash } from '#server/office/layout.ts';
import { actorOf, type DeveloperDeps } from './developer-deps.ts';
import { filingSummary } from './filing-view.ts';
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

/** A filing on the developer portal: its summary and history, and what the developer may ask of it. */
export function registerDeveloperFilingRoutes(app: FastifyInstance, d: DeveloperDeps): void {
  const { auth, stores, filings } = d;

  async function own(user: PortalUser, id: string) {
    const v = await filings.view(id);
    return v && v.row.developerId === user.orgId ? v : undefined;
  }

  app.get<{ Params: { id: string }; Querystring: { msg?: string; err?: string } }>('/portal/developer/filings/:id', async (req, reply) => {
    const user = await auth.require(req, reply, 'developer');
    if (!user) return reply;
    const v = await own(user, req.params.id);
    if (!v) return reply.code(404).type(HTML).send(portalPage(PT.developer.title, html`<p class="flag">${PT.developer.none}</p>`, user));
    const unit = await stores.table.unit(v.row.unitNumber);
    const project = unit ? await stores.table.project(unit.projectId) : undefined;
    const stations = await d.reader.stationsOf(user.orgId);
    const active = v.state.status === 'active';
    const manager = user.roles.includes('manager');
    const base = `/portal/developer/filings/${v.row.id}`;
    const actions = !active
      ? ''
      : html`<div class="actions">
${manager && !v.state.pendingCancellation ? html`<form method="post" action="${base}/change"><b>${PT.filing.change}</b><label>${PT.filing.changeDelivery}<input name="deliveryOn" type="date" value="${v.state.terms.deliveryOn}"></label><label>${PT.filing.changeTotal}<input name="total"></label><label>${PT.filing.reason}<input name="reason" required></label>
${stations.length > 0 ? html`<label>${PT.draft.readFrom}<select name="station">${stations.map((s) => html`<option value="${s.id}">${s.name}</option>`)}</select></label><p class="note">${PT.filing.consentCards(v.state.buyers.length)}</p><button type="submit">${PT.filing.submitChange}</button>` : html`<p class="note">${PT.filing.needStation}</p>`}</form>` : ''}
${manager && !v.state.pendingCancellation ? html`<form method="post" action="${base}/cancel"><b>${PT.filing.requestCancel}</b><label>${PT.filing.reason}<input name="reason" required></label><button type="submit" class="danger">${PT.filing.submitCancel}</button></form>` : ''}
${manager && v.state.pendingCancellation ? html`<form method="post" action="${base}/withdraw"><label>${PT.filing.reason}<input name="reason" required></label><button type="submit" class="secondary">${PT.filing.withdrawCancel}</button></form>` : ''}
${v.state.pendingCancellation && stations.length > 0 ? html`<form method="post" action="${base}/consent"><label>${PT.draft.readFrom}<select name="station">${stations.map((s) => html`<option value="${s.id}">${s.name}</option>`)}</select></label><button type="submit">${PT.filing.consentByCard}</button></form>` : ''}</div>`;
    const body = html`${flash(req)}${filingSummary(v, project ? `${project.name} ${unit?.room ?? ''}` : '')}${actions}`;
    return reply.type(HTML).send(portalPage(PT.filing.title(v.row.contractNumber), body, user));
  });

  async function act(user: PortalUser, reply: FastifyReply, id: string, command: FilingCommand) {
    const v = await own(user, id);
    if (!v) return reply.code(404).type(HTML).send(portalPage(PT.developer.title, html`<p class="flag">${PT.developer.none}</p>`, user));
    const r = await filings.act(command.kind === 'consent-cancel' ? { kind: 'buyer', id: user.accountId, name: user.name, orgId: null, orgName: null } : actorOf(user), id, command);
    return reply.redirect(r.ok ? filingPage(id, 'msg', PT.filing.done) : filingPage(id, 'err', r.error === 'not-found' || r.error === 'busy' ? PT.developer.none : FILING_REFUSAL_TEXT[r.error]));
  }

  app.post<{ Params: { id: string } }>('/portal/developer/filings/:id/change', async (req, reply) => {
    const user = await auth.require(req, reply, 'developer', 'amend');
    if (!user) return reply;
    const f = formOf(ChangeForm, req.body);
    if (!f) return reply.redirect(filingPage(req.params.id, 'err', PT.formInvalid));
    const after: { deliveryOn?: string; pricing?: { basis: 'per-set'; fenPerM2: null; totalFen: number } } = {};
    if (f.deliveryOn !== '') after.deliveryOn = f.deliveryOn;
    if (f.total !== '') {
      const t = parseYuan(f.total);
      if (!t.ok) return reply.redirect(filingPage(req.params.id, 'err', PT.draft.badField(PT.filing.changeTotal)));
      after.pricing = { basis: 'per-set', fenPerM2: null, totalFen: t.value };
    }
    // Every buyer agrees by placing their own ID card on the sales office's reader, one after another.
    const v = await own(user, req.params.id);
    const consents: Consent[] = [];
    for (let i = 0; v && i < v.state.buyers.length; i++) {
      const r = await d.reader.read(f.station, user.orgId, user.accountId);
      if (!r.ok) return reply.redirect(filingPage(req.params.id, 'err', PT.draft.cardFailed(r.message)));
      consents.push({ idNumber: r.identity.idNumber, via: 'card-reader', stationId: r.stationId, readAt: r.at });
    }
    return act(user, reply, req.params.id, { kind: 'change', after, reason: f.reason, consents });
  });

  app.post<{ Params: { id: string } }>('/portal/developer/filings/:id/cancel', async (req, reply) => {
    const user = await auth.require(req, reply, 'developer', 'amend');
    if (!user) return reply;
    const f = formOf(ReasonForm, req.body);
    if (!f) return reply.redirect(filingPage(req.params.id, 'err', PT.formInvalid));
    return act(user, reply, req.params.id, { kind: 'request-cancel', reason: f.reason });
  });

  app.post<{ Params: { id: string } }>('/portal/developer/filings/:id/withdraw', async (req, reply) => {
    const user = await auth.require(req, reply, 'developer', 'amend');
    if (!user) return reply;
    const f = formOf(ReasonForm, req.body);
    if (!f) return reply.redirect(filingPage(req.params.id, 'err', PT.formInvalid));
    return act(user, reply, req.params.id, { kind: 'withdraw-cancel', reason: f.reason });
  });

  /** A buyer consents to the cancellation by placing their ID card on the sales office's reader. */
  app.post<{ Params: { id: string } }>('/portal/developer/filings/:id/consent', async (req, reply) => {
    const user = await auth.require(req, reply, 'developer');
    if (!user) return reply;
    const f = formOf(StationForm, req.body);
    if (!f) return reply.redirect(filingPage(req.params.id, 'err', PT.formInvalid));
    const r = await d.reader.read(f.station, user.orgId, user.accountId);
    if (!r.ok) return reply.redirect(filingPage(req.params.id, 'err', PT.draft.cardFailed(r.message)));
    return act(user, reply, req.params.id, { kind: 'consent-cancel', consent: { idNumber: r.identity.idNumber, via: 'card-reader', stationId: r.stationId, readAt: r.at } });
  });
}
