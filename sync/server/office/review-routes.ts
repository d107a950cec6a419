import { createReadStream } from 'node:fs';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { API_BASE } from '#protocol/version.ts';
import { requirePermission } from './access.ts';
import { caseDetail } from './case-detail.ts';
import { HeldDecision, resolveHeldEvent } from './chain-holds.ts';
import { renderCasePage, type TypedAction } from './case-page.ts';
import { renderCaseFiling } from './market/case-filing.ts';
import { businessKindLabel } from './domain-adapter.ts';
import { beijingTime } from './format.ts';
import { type Html, html } from './html.ts';
import { type Staff } from './session.ts';
import { flash, page } from './layout.ts';
import { T } from './office-text.ts';
import { type OfficeDeps } from './deps.ts';
import { actOnCase, caseStages, QUEUE_PAGE, queuePosition, reviewQueue, statusDay, type QueueRow } from './review-service.ts';
import { isOfficeAction, REVIEW_LEVELS, type ReviewLevel } from './review-model.ts';
import { todayInOffice } from './today.ts';
import { documentReads } from '#office/replication/document-store.ts';

const ActionBody = z.object({
  action: z.string().refine(isOfficeAction, '未知的操作'),
  reason: z.string().max(2000).default(''),
  outOfOrderReason: z.string().max(2000).default(''),
  /** Keys of the materials found missing (补正); a form posts one value or several. */
  missing: z.preprocess((v): unknown[] => (v === undefined || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v]), z.array(z.string().max(100)).max(50)),
});

const MAX_QUEUE_PAGE = 200;
const QueuePage = z.object({
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_QUEUE_PAGE).default(QUEUE_PAGE),
});

const levelOf = (raw: string): ReviewLevel | undefined => REVIEW_LEVELS.find((l) => String(l) === raw);

const queueJson = (r: QueueRow) => ({
  caseId: r.caseDoc.id,
  caseNumber: r.caseNumber,
  position: r.position,
  businessKind: r.caseDoc.businessKind,
  acceptedAt: r.status.acceptedAt,
  legalDue: r.status.legalDue,
  promisedDue: r.status.promisedDue,
  legalDaysLeft: r.legalDaysLeft,
  promisedDaysLeft: r.promisedDaysLeft,
  isOverdue: r.isOverdue,
  stage: r.status.stage,
});

/** The three review queues, the case page and the review actions. */
export function registerReviewRoutes(app: FastifyInstance, deps: OfficeDeps): void {
  const ctx = app.office;
  const { storage } = ctx;

  app.get<{ Params: { level: string }; Querystring: Record<string, string> }>(`${API_BASE}/office/queues/:level`, async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'view'))) return reply;
    const level = levelOf(req.params.level);
    if (!level) return reply.code(404).send({ code: 'not-found', message: '审查级别只有 1、2、3' });
    const paging = QueuePage.safeParse(req.query);
    if (!paging.success) return reply.code(400).send({ code: 'malformed', message: `分页参数不合格：offset 为 0 起的整数，limit 为 1–${MAX_QUEUE_PAGE}` });
    const { rows, total } = await reviewQueue(ctx, level, await statusDay(ctx, deps.records), paging.data);
    return { level, total, offset: paging.data.offset, cases: rows.map(queueJson) };
  });

  app.get<{ Params: { id: string } }>(`${API_BASE}/office/cases/:id`, async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'view'))) return reply;
    const detail = await caseDetail(ctx, deps.records, req.params.id);
    if (!detail) return reply.code(404).send({ code: 'not-found', message: T.notFound });
    return detail;
  });

  app.post<{ Params: { id: string } }>(`${API_BASE}/office/cases/:id/actions`, async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'view');
    if (!staff) return reply;
    const body = ActionBody.safeParse(req.body);
    if (!body.success || !isOfficeAction(body.data.action)) return reply.code(400).send({ code: 'malformed', message: '需要 action（pass / return-for-correction / refuse / withdraw / register）' });
    const out = await actOnCase(ctx, deps.records, staff, { caseId: req.params.id, action: body.data.action, reason: body.data.reason, outOfOrderReason: body.data.outOfOrderReason, today: todayInOffice(ctx.clock), missing: body.data.missing });
    if (out.ok) return reply.code(201).send({ event: out.event });
    const status = out.code === 'not-found' ? 404 : out.code === 'refused' ? 403 : 409;
    return reply.code(status).send({ code: out.code, message: out.message, olderCaseIds: out.olderCaseIds ?? [] });
  });

  // An event held for a broken hash chain: a supervisor accepts it (it counts) or rejects it (evidence only).
  app.post<{ Params: { id: string } }>(`${API_BASE}/office/cases/:id/held`, async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'resolveChain');
    if (!staff) return reply;
    const body = HeldDecision.safeParse(req.body);
    if (!body.success) return reply.code(400).send({ code: 'malformed', message: T.caseView.held.noteRequired });
    const out = await resolveHeldEvent(ctx, staff.id, req.params.id, body.data);
    if (out.ok) await caseStages(ctx).refresh(req.params.id);
    return out.ok ? reply.code(201).send({ resolved: body.data.eventId }) : reply.code(409).send(out);
  });
  app.post<{ Params: { id: string } }>('/office/cases/:id/held', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'resolveChain');
    if (!staff) return reply;
    const back = `/office/cases/${encodeURIComponent(req.params.id)}`;
    const body = HeldDecision.safeParse(req.body);
    if (!body.success) return reply.redirect(`${back}?err=${encodeURIComponent(T.caseView.held.noteRequired)}#held`);
    const out = await resolveHeldEvent(ctx, staff.id, req.params.id, body.data);
    if (out.ok) await caseStages(ctx).refresh(req.params.id);
    return reply.redirect(out.ok ? `${back}?msg=${encodeURIComponent(T.caseView.held.done)}` : `${back}?err=${encodeURIComponent(out.message)}`);
  });

  // A verified scan file, for the case page (the office re-hashed it on arrival; nothing unverified is served):
  // the page's link rides on the session cookie, the API's on the bearer token.
  const serveScan = async (req: FastifyRequest<{ Params: { sha256: string } }>, reply: FastifyReply) => {
    if (!(await requirePermission(storage, req, reply, 'view'))) return reply;
    if (!/^[0-9a-f]{64}$/.test(req.params.sha256)) return reply.code(400).send({ code: 'malformed', message: 'sha256 不合格' });
    const blob = await storage.scanBlob(req.params.sha256);
    const [doc] = await documentReads(storage.db).byRef('scans', req.params.sha256);
    if (!blob) return reply.code(404).send({ code: 'not-found', message: T.notFound });
    const mime = typeof doc?.body['mime'] === 'string' ? doc.body['mime'] : 'application/octet-stream';
    return reply.type(mime).send(createReadStream(blob.path));
  };
  app.get<{ Params: { sha256: string } }>(`${API_BASE}/office/scans/:sha256`, serveScan);
  app.get<{ Params: { sha256: string } }>('/office/scans/:sha256', serveScan);

  app.get<{ Querystring: Record<string, string> }>('/office/queues', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'view');
    if (!staff) return reply;
    const day = await statusDay(ctx, deps.records);
    const sections = [];
    for (const level of REVIEW_LEVELS) {
      // Each level pages on its own (`from1`, `from2`, `from3`).
      const from = QueuePage.shape.offset.safeParse(req.query[`from${level}`]).data ?? 0;
      const { rows, total } = await reviewQueue(ctx, level, day, { offset: from, limit: QUEUE_PAGE });
      sections.push(html`<h2 id="level-${level}">${T.queue.title(T.levels[level])}（${total}）</h2>${queuePager(req.query, level, from, rows.length, total)}${
        rows.length === 0
          ? html`<p>${T.queue.empty}</p>`
          : html`<table data-level="${level}"><thead><tr>${T.queue.head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows.map(
              (r) => html`<tr class="${r.isOverdue ? 'overdue' : ''}" data-case="${r.caseDoc.id}"><td>${r.position}</td><td>${r.caseNumber ?? r.caseDoc.id}</td><td>${businessKindLabel(r.caseDoc.businessKind)}</td>
<td>${r.caseDoc.applicants[0]?.name ?? ''}</td><td>${beijingTime(r.status.acceptedAt)}</td>
<td>${r.status.legalDue ?? ''}${r.legalDaysLeft === null ? '' : html`<br><small>${T.queue.workingDaysLeft(r.legalDaysLeft)}</small>`}</td>
<td>${r.status.promisedDue ?? ''}${r.promisedDaysLeft === null ? '' : html`<br><small>${T.queue.workingDaysLeft(r.promisedDaysLeft)}</small>`}</td>
<td>${r.isOverdue ? html`<span class="tag bad">${T.queue.overdue}</span>` : html`<span class="tag">${r.status.stageLabel}</span>`}</td>
<td><a class="button" href="/office/cases/${encodeURIComponent(r.caseDoc.id)}">${r.position === 1 ? T.queue.open : T.queue.openOutOfOrder}</a></td></tr>`,
            )}</tbody></table>`
      }`);
    }
    return reply.type('text/html; charset=utf-8').send(page(T.nav.queues, sections, staff));
  });

  app.get<{ Params: { id: string }; Querystring: { msg?: string; err?: string } }>('/office/cases/:id', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'view');
    if (!staff) return reply;
    const shown = await casePage(staff, req.params.id, flash(req));
    if (shown === null) return reply.code(404).type('text/html; charset=utf-8').send(page(T.notFound, html``, staff));
    return reply.type('text/html; charset=utf-8').send(shown);
  });

  app.post<{ Params: { id: string } }>('/office/cases/:id/actions', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'view');
    if (!staff) return reply;
    const back = `/office/cases/${encodeURIComponent(req.params.id)}`;
    const body = ActionBody.safeParse(req.body);
    if (!body.success || !isOfficeAction(body.data.action)) return reply.redirect(`${back}?err=${encodeURIComponent('未知的操作')}`);
    const out = await actOnCase(ctx, deps.records, staff, { caseId: req.params.id, action: body.data.action, reason: body.data.reason, outOfOrderReason: body.data.outOfOrderReason, today: todayInOffice(ctx.clock), missing: body.data.missing });
    if (out.ok) return reply.redirect(`${back}?msg=${encodeURIComponent(T.caseView.done)}`);
    // Refused: the case page again with the reason and the form as typed (opinion, reason for going ahead, materials ticked).
    const shown = await casePage(staff, req.params.id, html`<p class="flag">${out.message}</p>`, { action: body.data.action, reason: body.data.reason, outOfOrderReason: body.data.outOfOrderReason, missing: body.data.missing });
    if (!shown) return reply.redirect(`${back}?err=${encodeURIComponent(out.message)}`);
    return reply.code(out.code === 'not-found' ? 404 : out.code === 'chain-busy' ? 409 : 400).type('text/html; charset=utf-8').send(shown);
  });

  /** The case page as its viewer sees it, with a notice above it and, after a refused action, that form as typed. */
  async function casePage(staff: Staff, caseId: string, notice: Html, typed: TypedAction | null = null): Promise<string | null> {
    const detail = await caseDetail(ctx, deps.records, caseId);
    if (!detail) return null;
    const position = await queuePosition(ctx, detail.status);
    const filing = deps.filings ? await renderCaseFiling(detail.caseDoc, deps.filings) : html``;
    return page(`案件 ${detail.caseNumber ?? detail.caseDoc.id}`, [notice, renderCasePage(detail, staff, position, ctx.clock.now().toISOString(), filing, typed)], staff);
  }
}

/** Where a level's page of the queue starts and the links to the pages either side (the other levels keep theirs). */
function queuePager(query: Record<string, string>, level: ReviewLevel, from: number, shown: number, total: number) {
  if (total <= QUEUE_PAGE) return html``;
  const link = (to: number, text: string) => {
    const params = new URLSearchParams({ ...query, [`from${level}`]: String(to) });
    return html` <a href="/office/queues?${params.toString()}#level-${level}">${text}</a>`;
  };
  return html`<p class="pager">${T.queue.shown(from + 1, from + shown, total)}${from > 0 ? link(Math.max(0, from - QUEUE_PAGE), T.queue.previous) : html``}${
    from + shown < total ? link(from + QUEUE_PAGE, T.queue.next) : html``
  }</p>`;
}
