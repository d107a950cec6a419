import { type FastifyInstance } from 'fastify';
import { serviceGuide } from '#domain/guide/service-guide.ts';
import { PUBLIC_STATUS_PATH } from '#domain/case/status-link.ts';
import { API_BASE } from '#protocol/version.ts';
import { promisedLimitsFrom } from './domain-adapter.ts';
import { clientAddress } from '#server/auth/routes.ts';
import { GuessBudget } from '#server/guess-budget.ts';
import { type OfficeDeps } from './deps.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { lookUpStatus, type PublicStatus, StatusQuery } from './status-service.ts';
import { renderGuide } from './guide-page.ts';
import { PUB } from './public-text.ts';
import { todayInOffice } from './today.ts';

/** Per client address: enough for a person at a kiosk, far too few to guess query codes. */
const STATUS_LIMIT = { max: 20, windowMs: 60_000 };

/**
 * Public pages: the status query (case number + query code → stage and expected date, nothing
 * personal), usable on a touch kiosk and rate-limited per address; the service guide (办事公开).
 * An unknown case and a wrong code get the same answer, so the query does not reveal which case
 * numbers exist.
 */
export function registerPublicRoutes(app: FastifyInstance, deps: OfficeDeps): void {
  const limits = async () => promisedLimitsFrom(await deps.records.promisedLimits());
  // The page and the JSON API (and HEAD on either) are one query: one budget of guesses per address for all (guess-budget.ts).
  const budget = GuessBudget.of(app.office, 'status-query', STATUS_LIMIT);
  const tooManyPage = () => page(PUB.status.title, html`<p class="flag">${PUB.status.tooMany}</p>`, null, { kiosk: true });

  async function lookUp(raw: unknown): Promise<{ ok: true; status: PublicStatus } | { ok: false; status: 400 | 404; message: string }> {
    const q = StatusQuery.safeParse(raw);
    if (!q.success) {
      // Both typed in, but no number or code could be of that shape (a code of 2 characters, a number of 500): wrong, not missing.
      const typed = (k: string) => { const v = (raw as Record<string, unknown> | null)?.[k]; return typeof v === 'string' && v.trim() !== ''; };
      return { ok: false, status: 400, message: typed('caseNo') && typed('code') ? PUB.status.notFound : PUB.status.invalid };
    }
    const r = await lookUpStatus(app.office, deps.records, q.data);
    return r.ok ? r : { ok: false, status: 404, message: r.message };
  }

  app.get(`${API_BASE}/public/status`, async (req, reply) => {
    if (!(await budget.take(clientAddress(req)))) return reply.code(429).send({ code: 'too-many-requests', message: PUB.status.tooMany });
    const r = await lookUp(req.query);
    return r.ok ? r.status : reply.code(r.status).send({ code: r.status === 400 ? 'malformed' : 'not-found', message: r.message });
  });

  app.get<{ Querystring: { caseNo?: string; code?: string } }>(`/${PUBLIC_STATUS_PATH}`, async (req, reply) => {
    const asked = req.query.caseNo !== undefined;
    if (asked && !(await budget.take(clientAddress(req)))) return reply.code(429).type('text/html; charset=utf-8').send(tooManyPage());
    const r = asked ? await lookUp(req.query) : null;
    const result = !r
      ? ''
      : r.ok
        ? html`<div class="okbox" id="status-result" role="status"><p>${PUB.status.caseNo}：<b>${r.status.caseNo}</b></p><p>${PUB.status.stage}：<b class="big">${r.status.stageLabel}</b></p>
${r.status.expectedDate ? html`<p>${PUB.status.expected}：<b>${r.status.expectedDate}</b></p>` : ''}</div>`
        : html`<p class="flag" id="status-result" role="alert">${r.message}</p>`;
    const body = html`<p>${PUB.status.intro}</p>
<form method="get" action="/${PUBLIC_STATUS_PATH}" class="card">
<label for="caseNo">${PUB.status.caseNo}</label><input id="caseNo" name="caseNo" value="${req.query.caseNo ?? ''}" autocomplete="off" required>
<label for="code">${PUB.status.code}</label><input id="code" name="code" autocomplete="off" required>
<button type="submit">${PUB.status.submit}</button></form>${result}<p><a href="/public/guide">${PUB.guide.title}</a></p>`;
    return reply.code(r && !r.ok ? r.status : 200).type('text/html; charset=utf-8').send(page(PUB.status.title, body, null, { kiosk: true }));
  });

  app.get(`${API_BASE}/public/guide`, async (_req, reply) => {
    const g = serviceGuide(todayInOffice(app.office.clock), undefined, await limits());
    return g.ok ? g.value : reply.code(503).send({ code: 'no-fee-rules', message: PUB.guide.noRules });
  });

  app.get('/public/guide', async (_req, reply) => {
    const g = serviceGuide(todayInOffice(app.office.clock), undefined, await limits());
    return reply
      .code(g.ok ? 200 : 503)
      .type('text/html; charset=utf-8')
      .send(page(PUB.guide.title, g.ok ? renderGuide(g.value) : html`<p class="flag">${PUB.guide.noRules}</p>`, null));
  });

  // A client the router's per-route limits refuse (the kiosk, the verification, owners' listings) gets the reason in Chinese, on the kiosk too.
  app.setErrorHandler((error: Error & { statusCode?: number }, req, reply) => {
    if (error.statusCode === 429) {
      return req.url.startsWith('/api/')
        ? reply.code(429).send({ code: 'too-many-requests', message: PUB.status.tooMany })
        : reply.code(429).type('text/html; charset=utf-8').send(tooManyPage());
    }
    throw error;
  });
}
