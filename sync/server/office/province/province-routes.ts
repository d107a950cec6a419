import { type FastifyInstance } from 'fastify';
import { JIAMUSI_CITY_AREA } from '#domain/units/service-area.ts';
import { createLogger } from '#office/platform/logger.ts';
import { type ProvinceReport } from '#server/office/archive/register-service.ts';
import { type RegisterStore } from '#server/office/archive/register-store.ts';
import { requirePermission } from '#server/office/access.ts';
import { beijingTime } from '#server/office/format.ts';
import { html } from '#server/office/html.ts';
import { flash, page } from '#server/office/layout.ts';
import { ProvinceReporter } from './province-reporter.ts';
import { ProvinceSender } from './province-sender.ts';
import { dbProvinceStore, type ProvinceStore, type QueuedMessage } from './province-store.ts';
import { P } from './province-text.ts';

const log = createLogger('province');

/** The city's 行政区划代码, the messages' 登记机构代码 unless the office is configured with its own. */
const CITY_ORG = '230800';

function messageRow(m: QueuedMessage) {
  const reason = m.state === 'invalid' ? m.problems.join('；') : m.lastError;
  const retry = m.state === 'failed'
    ? html`<form class="inline" method="post" action="/office/province/messages/${String(m.id)}/resend"><button type="submit">${P.page.retry}</button></form>`
    : html``;
  return html`<tr data-message="${m.bizMsgId}" data-state="${m.state}"><td><code>${m.bizMsgId}</code></td><td>${m.caseNumber}</td><td><code>${m.unitNumber}</code></td><td>${m.recType}</td>
<td>${P.page.states[m.state] ?? m.state}</td><td>${String(m.attempts)}</td><td>${m.state === 'queued' && m.nextAttemptAt ? beijingTime(m.nextAttemptAt) : ''}</td><td class="reason">${reason}</td><td>${retry}</td></tr>`;
}

/**
 * The province exchange at the office: the reporter the archive hands each 登簿 to, the sender working the queue
 * when a platform is configured, and the page listing queued, sent, failed and invalid messages with the reason.
 * Answers the archive's hook (give it the register store the archive writes through).
 */
export function registerProvinceRoutes(app: FastifyInstance): (register: RegisterStore) => ProvinceReport {
  const ctx = app.office;
  const store: ProvinceStore = dbProvinceStore(ctx.storage.db);
  const link = ctx.province;
  if (link) {
    const sender = new ProvinceSender(ctx.storage.db, store, { url: link.url, timeoutMs: link.timeoutMs ?? 15_000 }, ctx.clock, link.schedule);
    let running: Promise<void> | null = null;
    const tick = () => {
      running ??= sender
        .round()
        .then(() => undefined, (error: unknown) => log.error({ err: error }, 'province round failed; retried next round'))
        .finally(() => (running = null));
    };
    const timer = setInterval(tick, link.intervalMs ?? 5000);
    ctx.onClose(() => {
      clearInterval(timer);
      return running ?? undefined;
    });
  }

  app.get<{ Querystring: { msg?: string; err?: string } }>('/office/province', async (req, reply) => {
    const staff = await requirePermission(ctx.storage, req, reply, 'province');
    if (!staff) return reply;
    const messages = await store.list(200);
    const entries = await store.log(100);
    const rows = messages.length > 0 ? messages.map(messageRow) : [html`<tr><td colspan="9">${P.page.none}</td></tr>`];
    const logRows = entries.map((e) => html`<tr><td>${beijingTime(e.at)}</td><td><code>${e.bizMsgId}</code></td><td>${String(e.attempt)}</td><td>${P.page.outcomes[e.outcome] ?? e.outcome}</td><td>${e.detail}</td></tr>`);
    const body = html`${flash(req)}<p>${P.page.intro}</p>${link ? html`` : html`<p class="error" role="alert">${P.page.notConfigured}</p>`}
<table id="province-messages"><thead><tr>${P.page.columns.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>${rows}</tbody></table>
<h2>${P.page.log}</h2><table id="province-log"><thead><tr>${P.page.logColumns.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>${logRows}</tbody></table>`;
    return reply.type('text/html; charset=utf-8').send(page(P.page.title, body, staff));
  });

  app.post<{ Params: { id: string } }>('/office/province/messages/:id/resend', async (req, reply) => {
    const staff = await requirePermission(ctx.storage, req, reply, 'provinceResend');
    if (!staff) return reply;
    // Message ids are integers: another id names no message (PostgreSQL would refuse it as a query, not answer none).
    const id = Number(req.params.id);
    const done = Number.isSafeInteger(id) && (await store.requeue(id, ctx.clock.now().toISOString()));
    return reply.redirect(`/office/province?${done ? 'msg' : 'err'}=${encodeURIComponent(done ? P.page.requeued : P.page.notFailed)}`);
  });

  const office = { regOrgId: link?.regOrgId ?? CITY_ORG, regOrgName: JIAMUSI_CITY_AREA.officeName };
  return (register) => {
    const reporter = new ProvinceReporter(ctx, register, store, office, ctx.clock);
    return (unitNumber, eventId, caseId) => reporter.report(unitNumber, eventId, caseId);
  };
}
