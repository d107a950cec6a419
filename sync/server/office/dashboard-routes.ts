import { type FastifyInstance } from 'fastify';
import { API_BASE } from '#protocol/version.ts';
import { requirePermission } from './access.ts';
import { eventKindLabel, intakeOf, promisedLimitsFrom } from './domain-adapter.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { listParsed } from './office-data.ts';
import { type OfficeDeps } from './deps.ts';
import { loadCases, statusDay } from './review-service.ts';
import { todayInOffice } from './today.ts';

export type Dashboard = {
  today: string;
  byStage: { stage: string; label: string; count: number }[];
  overdue: { caseId: string; stageLabel: string; legalDue: string | null; promisedDue: string | null; daysOver: number }[];
  perStaff: { staffId: string; name: string; accepted: number; actions: Record<string, number> }[];
  perTrip: { tripId: string; date: string; vanId: string; appointments: number; cases: number; open: number; signedOff: boolean }[];
};

/** 全程跟踪监控: cases by stage, the overdue list, work per staff member and per trip. */
export async function buildDashboard(app: FastifyInstance, deps: OfficeDeps, today: string): Promise<Dashboard> {
  const ctx = app.office;
  const cases = await loadCases(ctx, { today, promisedLimits: promisedLimitsFrom(await deps.records.promisedLimits()) });
  const staff = await listParsed(ctx.storage, 'staff');
  const trips = await listParsed(ctx.storage, 'trips');

  const stages = new Map<string, { label: string; count: number }>();
  for (const c of cases) {
    const s = stages.get(c.status.stage) ?? { label: c.status.stageLabel, count: 0 };
    s.count += 1;
    stages.set(c.status.stage, s);
  }

  // Overdue only while the clock is open: it stops at 登簿 (条例 第二十一条), and paused days do not count.
  const overdue = cases.flatMap((c) => {
    if (!c.status.isOverdue) return [];
    const worst = Math.min(c.status.legalDaysLeft ?? 0, c.status.promisedDaysLeft ?? 0, 0);
    return [{ caseId: c.caseDoc.id, stageLabel: c.status.stageLabel, legalDue: c.status.legalDue, promisedDue: c.status.promisedDue, daysOver: -worst }];
  });

  const perStaff = staff.map((s) => {
    const actions: Record<string, number> = {};
    for (const c of cases) for (const e of c.events) if (e.actor === s.id) actions[e.kind] = (actions[e.kind] ?? 0) + 1;
    return { staffId: s.id, name: s.name, accepted: cases.filter((c) => c.caseDoc.createdBy === s.id).length, actions };
  });

  const perTrip = [];
  for (const t of trips.sort((a, b) => b.date.localeCompare(a.date))) {
    const mine = cases.filter((c) => c.caseDoc.tripId === t.id);
    perTrip.push({ tripId: t.id, date: t.date, vanId: t.vanId, appointments: t.appointmentIds.length, cases: mine.length, open: mine.filter((c) => !c.status.isClosed).length, signedOff: (await deps.records.signOffOf(t.id)) !== undefined });
  }

  return {
    today,
    byStage: [...stages.entries()].map(([stage, s]) => ({ stage, ...s })).sort((a, b) => b.count - a.count),
    overdue: overdue.sort((a, b) => b.daysOver - a.daysOver),
    perStaff,
    perTrip,
  };
}

export function registerDashboardRoutes(app: FastifyInstance, deps: OfficeDeps): void {
  const { storage } = app.office;

  app.get(`${API_BASE}/office/dashboard`, async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'view'))) return reply;
    return buildDashboard(app, deps, todayInOffice(app.office.clock));
  });

  app.get<{ Querystring: { caseId?: string } }>('/office/dashboard', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'view');
    if (!staff) return reply;
    if (req.query.caseId) {
      // Staff type the number printed on the 受理凭证; the internal id works too.
      const q = req.query.caseId.trim();
      const byNumber = (await loadCases(app.office, await statusDay(app.office, deps.records))).find((c) => c.caseDoc.id === q || intakeOf(c.caseDoc, c.events)?.caseNumber === q);
      return reply.redirect(`/office/cases/${encodeURIComponent(byNumber?.caseDoc.id ?? q)}`);
    }
    const d = await buildDashboard(app, deps, todayInOffice(app.office.clock));
    const body = html`<form method="get" action="/office/dashboard" class="card"><label for="caseId">查看任一案件的审计记录（输入案件号）</label><input id="caseId" name="caseId"> <button type="submit">查看</button></form>
<h2>按阶段</h2><div class="grid" id="by-stage">${d.byStage.map((s) => html`<div class="card"><small>${s.label}</small><div class="big">${s.count}</div></div>`)}</div>
<h2>超期案件（${d.overdue.length}）</h2>${d.overdue.length === 0 ? html`<p>无超期案件。</p>` : html`<table id="overdue"><thead><tr><th>案件号</th><th>阶段</th><th>法定期限</th><th>承诺期限</th><th>超期（工作日）</th></tr></thead><tbody>${d.overdue.map(
      (o) => html`<tr class="overdue"><td><a href="/office/cases/${encodeURIComponent(o.caseId)}">${o.caseId}</a></td><td>${o.stageLabel}</td><td>${o.legalDue ?? ''}</td><td>${o.promisedDue ?? ''}</td><td>${o.daysOver}</td></tr>`,
    )}</tbody></table>`}
<h2>按工作人员</h2><table><thead><tr><th>姓名</th><th>受理案件</th><th>办理事项</th></tr></thead><tbody>${d.perStaff.map(
      (s) => html`<tr><td>${s.name}</td><td>${s.accepted}</td><td>${Object.entries(s.actions).map(([k, n]) => `${eventKindLabel(k)} ${n}`).join('，')}</td></tr>`,
    )}</tbody></table>
<h2>按出车任务</h2><table><thead><tr><th>日期</th><th>服务车</th><th>预约</th><th>案件</th><th>在办</th><th>对账</th></tr></thead><tbody>${d.perTrip.map(
      (t) => html`<tr><td>${t.date}</td><td>${t.vanId}</td><td>${t.appointments}</td><td>${t.cases}</td><td>${t.open}</td><td><a href="/office/trips/${encodeURIComponent(t.tripId)}/reconciliation">${t.signedOff ? '已签认' : '待对账'}</a></td></tr>`,
    )}</tbody></table>`;
    return reply.type('text/html; charset=utf-8').send(page(`全程跟踪 · ${d.today}`, body, staff));
  });
}
