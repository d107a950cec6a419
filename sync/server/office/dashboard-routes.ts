import { type FastifyInstance } from 'fastify';
import { API_BASE } from '#protocol/version.ts';
import { requirePermission } from './access.ts';
import { can } from './permissions.ts';
import { eventKindLabel } from './domain-adapter.ts';
import { buildDashboard, findCaseId, LISTED_STAGES, stageLabel, stageList } from './dashboard-service.ts';
import { type StageCursor } from './case-stages.ts';
import { beijingTime } from './format.ts';
import { type Html, html } from './html.ts';
import { T } from './office-text.ts';
import { page } from './layout.ts';
import { type OfficeDeps } from './deps.ts';
import { statusDay } from './review-service.ts';

export function registerDashboardRoutes(app: FastifyInstance, deps: OfficeDeps): void {
  const { storage } = app.office;

  app.get(`${API_BASE}/office/dashboard`, async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'view'))) return reply;
    return buildDashboard(app.office, deps.records, await statusDay(app.office, deps.records));
  });

  app.get<{ Querystring: { caseId?: string } }>('/office/dashboard', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'view');
    if (!staff) return reply;
    let notice: Html = html``;
    const typed = typeof req.query.caseId === 'string' ? req.query.caseId.trim() : '';
    if (typed !== '') {
      // Staff type the number printed on the 受理凭证; the internal id works too. One that names no case is said here, the number kept.
      const found = await findCaseId(app.office, typed);
      if (found !== undefined) return reply.redirect(`/office/cases/${encodeURIComponent(found)}`);
      notice = html`<p class="flag" role="alert">${T.dashboard.caseNotFound(typed)}</p>`;
      reply.code(404);
    }
    const d = await buildDashboard(app.office, deps.records, await statusDay(app.office, deps.records));
    const body = html`${notice}<form method="get" action="/office/dashboard" class="card"><label for="caseId">查看任一案件的审计记录（输入案件号）</label><input id="caseId" name="caseId" value="${typed}"> <button type="submit">查看</button></form>
<h2>按阶段</h2><div class="grid" id="by-stage">${d.byStage.map((s) => html`<a class="card" href="/office/stages/${encodeURIComponent(s.stage)}" data-stage="${s.stage}" title="${T.dashboard.stageLink(s.label)}"><small>${s.label}</small><div class="big">${s.count}</div></a>`)}</div>
<h2>超期案件（${d.overdue.length}）</h2>${d.overdue.length === 0 ? html`<p>无超期案件。</p>` : html`<table id="overdue"><thead><tr><th>案件号</th><th>阶段</th><th>法定期限</th><th>承诺期限</th><th>超期（工作日）</th></tr></thead><tbody>${d.overdue.map(
      (o) => html`<tr class="overdue"><td><a href="/office/cases/${encodeURIComponent(o.caseId)}">${o.caseNumber ?? o.caseId}</a></td><td>${o.stageLabel}</td><td>${o.legalDue ?? ''}</td><td>${o.promisedDue ?? ''}</td><td>${o.daysOver}</td></tr>`,
    )}</tbody></table>`}
<h2>按工作人员</h2><table><thead><tr><th>姓名</th><th>受理案件</th><th>办理事项</th></tr></thead><tbody>${d.perStaff.map(
      (s) => html`<tr><td>${s.name}</td><td>${s.accepted}</td><td>${Object.entries(s.actions).map(([k, n]) => `${eventKindLabel(k)} ${n}`).join('，')}</td></tr>`,
    )}</tbody></table>
<h2>按出车任务</h2><table><thead><tr><th>日期</th><th>服务车</th><th>预约</th><th>案件</th><th>在办</th><th>对账</th></tr></thead><tbody>${d.perTrip.map(
      (t) => html`<tr><td>${t.date}</td><td>${t.vanId}</td><td>${t.appointments}</td><td>${t.cases}</td><td>${t.open}</td><td>${can(staff, 'reconcile') ? html`<a href="/office/trips/${encodeURIComponent(t.tripId)}/reconciliation">${t.signedOff ? '已签认' : '待对账'}</a>` : t.signedOff ? '已签认' : '待对账'}</td></tr>`,
    )}</tbody></table>`;
    return reply.type('text/html; charset=utf-8').send(page(`全程跟踪 · ${d.today}`, body, staff));
  });

  app.get<{ Params: { stage: string }; Querystring: Record<string, unknown> }>(`${API_BASE}/office/stages/:stage`, async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'view'))) return reply;
    if (!LISTED_STAGES.includes(req.params.stage)) return reply.code(404).send({ code: 'not-found', message: T.stageList.unknownStage });
    const after = cursorOf(req.query['after']);
    if (after === 'bad') return reply.code(400).send({ code: 'malformed', message: T.stageList.badCursor });
    const list = await stageList(app.office, req.params.stage, after, await statusDay(app.office, deps.records));
    return { stage: req.params.stage, label: stageLabel(req.params.stage), total: list.total, cases: list.rows, next: list.next && cursorText(list.next) };
  });

  app.get<{ Params: { stage: string }; Querystring: Record<string, unknown> }>('/office/stages/:stage', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'view');
    if (!staff) return reply;
    const L = T.stageList;
    const stage = req.params.stage;
    const back = html`<p><a href="/office/dashboard">${L.back}</a></p>`;
    if (!LISTED_STAGES.includes(stage)) return reply.code(404).type('text/html; charset=utf-8').send(page(T.notFound, html`<p class="flag" role="alert">${L.unknownStage}</p>${back}`, staff));
    const after = cursorOf(req.query['after']);
    const label = stageLabel(stage);
    if (after === 'bad') return reply.code(400).type('text/html; charset=utf-8').send(page(L.title(label), html`<p class="flag" role="alert">${L.badCursor}</p><p><a href="/office/stages/${encodeURIComponent(stage)}">${L.first}</a></p>`, staff));
    const { rows, total, next } = await stageList(app.office, stage, after, await statusDay(app.office, deps.records));
    const here = `/office/stages/${encodeURIComponent(stage)}`;
    const pager = html`<p class="pager">${total > 0 ? L.shown(rows.length, total) : ''}${after ? html` <a href="${here}">${L.first}</a>` : ''}${
      next ? html` <a data-testid="next-page" href="${here}?after=${encodeURIComponent(cursorText(next))}">${L.next}</a>` : ''
    }</p>`;
    const table = rows.length === 0
      ? html`<p>${L.empty}</p>`
      : html`<table id="stage-cases" data-stage="${stage}"><thead><tr>${L.head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows.map(
          (r) => html`<tr data-case="${r.caseId}"><td>${r.caseNumber ?? r.caseId}</td><td>${L.applicants(r.firstApplicant, r.moreApplicants)}</td><td>${r.business}</td>
<td>${beijingTime(r.since)}</td><td>${beijingTime(r.acceptedAt)}</td><td><a class="button" href="/office/cases/${encodeURIComponent(r.caseId)}">${L.open}</a></td></tr>`,
        )}</tbody></table>`;
    return reply.type('text/html; charset=utf-8').send(page(`${L.title(label)}（${total}）`, html`${back}${pager}${table}`, staff));
  });
}

/** A page cursor in an address: the acceptance time (ISO, or empty for a case never accepted), `~`, the case id. */
const cursorText = (c: StageCursor): string => `${c.acceptedAt}~${c.caseId}`;

const CURSOR = /^([0-9T:.+Z-]{0,40})~([^\p{Cc}]{1,200})$/u;

/** The cursor a page's address names: none on the first page, `bad` for one no page of this list wrote. */
function cursorOf(raw: unknown): StageCursor | null | 'bad' {
  if (raw === undefined || raw === '') return null;
  const m = typeof raw === 'string' ? CURSOR.exec(raw) : null;
  return m ? { acceptedAt: m[1] ?? '', caseId: m[2] ?? '' } : 'bad';
}
