import { CASE_STAGE_TEXT, NOTICE_PENDING_TEXT } from '#domain/case/stages.ts';
import { type Queryable } from '#office/platform/db/db.ts';
import { sql, sqlList } from '#office/platform/db/sql.ts';
import { type OfficeContext } from '#server/context.ts';
import { CREATED_WORK, type StageCursor } from './case-stages.ts';
import { businessKindLabel, intakeOf, stageSinceOf } from './domain-adapter.ts';
import { type OfficeRecords } from './records.ts';
import { getParsed, parsedReads } from './office-data.ts';
import { caseStages, loadCase, NOTICE_PENDING_STAGE, type StatusDay } from './review-service.ts';

export type Dashboard = {
  today: string;
  byStage: { stage: string; label: string; count: number }[];
  /** `caseNumber`: the number printed on the 受理凭证, which staff know the case by (null for an intake without one). */
  overdue: { caseId: string; caseNumber: string | null; stageLabel: string; legalDue: string | null; promisedDue: string | null; daysOver: number }[];
  perStaff: { staffId: string; name: string; accepted: number; actions: Record<string, number> }[];
  perTrip: { tripId: string; date: string; vanId: string; appointments: number; cases: number; open: number; signedOff: boolean }[];
};

/** The dashboard's trips: the latest ones, newest first (older trips are on their own pages). */
export const DASHBOARD_TRIPS = 30;

export const stageLabel = (stage: string): string => (stage === NOTICE_PENDING_STAGE ? NOTICE_PENDING_TEXT : ((CASE_STAGE_TEXT as Record<string, string>)[stage] ?? stage));

/** What each person has done, from the running counts (`staff_work`), with their names by id. */
async function perStaff(q: Queryable): Promise<Dashboard['perStaff']> {
  const rows = await q.all<{ staff_id: string; kind: string; n: number }>(sql`SELECT staff_id, kind, n FROM staff_work WHERE n > 0 ORDER BY staff_id, kind`);
  const staff = new Map((await parsedReads(q).many('staff', rows.map((r) => r.staff_id))).map((s) => [s.id, s]));
  const out = new Map<string, Dashboard['perStaff'][number]>();
  for (const r of rows) {
    const s = staff.get(r.staff_id);
    if (!s) continue;
    const line = out.get(s.id) ?? { staffId: s.id, name: s.name, accepted: 0, actions: {} };
    if (r.kind === CREATED_WORK) line.accepted = Number(r.n);
    else line.actions[r.kind] = Number(r.n);
    out.set(s.id, line);
  }
  return [...out.values()];
}

/**
 * The overdue cases: those whose earlier due date, as last worked out, is before today (a paused clock only
 * moves a due date later, so no overdue case is missed), each then worked out for today by the domain.
 */
async function overdue(ctx: Pick<OfficeContext, 'storage'>, day: StatusDay): Promise<Dashboard['overdue']> {
  const rows = await ctx.storage.db.all<{ case_id: string }>(sql`SELECT case_id FROM case_stages WHERE due IS NOT NULL AND due < ${day.today} ORDER BY due, case_id`);
  const out: Dashboard['overdue'] = [];
  for (const r of rows) {
    const c = await loadCase(ctx, r.case_id, day);
    if (!c?.status.isOverdue) continue;
    const s = c.status;
    const worst = Math.min(s.legalDaysLeft ?? 0, s.promisedDaysLeft ?? 0, 0);
    out.push({ caseId: c.caseDoc.id, caseNumber: intakeOf(c.caseDoc, c.events)?.caseNumber ?? null, stageLabel: s.stageLabel, legalDue: s.legalDue, promisedDue: s.promisedDue, daysOver: -worst });
  }
  return out.sort((a, b) => b.daysOver - a.daysOver);
}

/**
 * 全程跟踪监控: cases by stage, the overdue list, work per staff member and the latest trips. Read from the
 * case index and its running counts (case-stages.ts), never from every case and event.
 */
export async function buildDashboard(ctx: Pick<OfficeContext, 'storage' | 'clock'>, records: OfficeRecords, day: StatusDay): Promise<Dashboard> {
  await caseStages(ctx).catchUp();
  const q = ctx.storage.db;
  const stages = await q.all<{ stage: string; n: number }>(sql`SELECT stage, n FROM stage_counts WHERE n > 0`);
  const trips = await parsedReads(q).tripsByDate(null, DASHBOARD_TRIPS);
  const counts = new Map(
    (
      await q.all<{ trip_id: string; n: number; open: number }>(
        sql`SELECT trip_id, count(*) AS n, sum(CASE WHEN closed = 0 THEN 1 ELSE 0 END) AS open FROM case_stages WHERE trip_id IN ${sqlList(trips.map((t) => t.id))} GROUP BY trip_id`,
      )
    ).map((r) => [r.trip_id, { cases: Number(r.n), open: Number(r.open) }]),
  );
  const perTrip = [];
  for (const t of trips) {
    const c = counts.get(t.id) ?? { cases: 0, open: 0 };
    perTrip.push({ tripId: t.id, date: t.date, vanId: t.vanId, appointments: t.appointmentIds.length, ...c, signedOff: (await records.signOffOf(t.id)) !== undefined });
  }
  return {
    today: day.today,
    byStage: stages.map((s) => ({ stage: s.stage, label: stageLabel(s.stage), count: Number(s.n) })).sort((a, b) => b.count - a.count || a.stage.localeCompare(b.stage)),
    overdue: await overdue(ctx, day),
    perStaff: await perStaff(q),
    perTrip,
  };
}

/** The case staff typed on the dashboard: by the number printed on its 受理凭证 (its intake event's index), or by its id. */
export async function findCaseId(ctx: Pick<OfficeContext, 'storage'>, typed: string): Promise<string | undefined> {
  if (await getParsed(ctx.storage, 'cases', typed)) return typed;
  const numbered = await parsedReads(ctx.storage.db).byRef('caseEvents', typed);
  return numbered[0]?.caseId;
}

/** The stages a dashboard card may name: the domain's, and an intake whose notice never followed. */
export const LISTED_STAGES: readonly string[] = [...Object.keys(CASE_STAGE_TEXT), NOTICE_PENDING_STAGE];

/** Cases on one page of a stage's list. */
export const STAGE_PAGE = 50;

export type StageListRow = {
  caseId: string;
  /** The number printed on the 受理凭证 (null for an intake without one). */
  caseNumber: string | null;
  firstApplicant: string;
  moreApplicants: number;
  business: string;
  /** When the case came to this stage (its last event that moved it). */
  since: string | null;
  acceptedAt: string | null;
};

/**
 * A page of the cases in one stage, oldest acceptance first, after `after`, with how many are in the stage and
 * where the next page starts (null on the last). Reads the stage's index and the page's cases, not every case.
 */
export async function stageList(ctx: Pick<OfficeContext, 'storage' | 'clock'>, stage: string, after: StageCursor | null, day: StatusDay): Promise<{ rows: StageListRow[]; total: number; next: StageCursor | null }> {
  // One more than the page: whether a next page exists, without counting.
  const { rows: keys, total } = await caseStages(ctx).inStage(stage, after, STAGE_PAGE + 1);
  const page = keys.slice(0, STAGE_PAGE);
  const rows: StageListRow[] = [];
  for (const k of page) {
    const c = await loadCase(ctx, k.caseId, day);
    if (!c) continue;
    const [first, ...more] = c.caseDoc.applicants;
    rows.push({
      caseId: c.caseDoc.id, caseNumber: intakeOf(c.caseDoc, c.events)?.caseNumber ?? null, firstApplicant: first?.name ?? '', moreApplicants: more.length,
      business: businessKindLabel(c.caseDoc.businessKind), since: stageSinceOf(c.caseDoc, c.events), acceptedAt: c.status.acceptedAt,
    });
  }
  const last = page.at(-1);
  return { rows, total, next: keys.length > STAGE_PAGE && last ? last : null };
}
