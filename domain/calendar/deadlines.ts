import { BUSINESS_KINDS, type BusinessKind } from '#domain/business/business-kinds.ts';
import { type CaseProjection } from '#domain/case/lifecycle.ts';
import { type CaseStage, FINAL_STAGES } from '#domain/case/stages.ts';
import { type HolidayCalendar, type WorkingDate, CN_CALENDAR, addWorkingDays, chinaDate, workingDaysBetween } from '#domain/calendar/working-days.ts';

export type CaseDeadlines = {
  /** The day the time limit runs from: 受理, or the day the last 补正 was supplied (条例 第17条). */
  startDate: string;
  /** 法定时限: 条例 第20条 30 working days; 办法 第23条 shorter for 抵押/预告/更正/异议. */
  legal: WorkingDate & { workingDays: number };
  /** 承诺时限: the office's published promise. */
  promised: WorkingDate & { workingDays: number };
};

/**
 * A case's deadlines from when its clock started (`CaseProjection.clockStartedAt`, which 补正 restarts).
 * Time spent suspended (暂停) or in a 公告 period is not counted: pass those working days in `pausedWorkingDays`.
 */
export function caseDeadlines(
  kind: BusinessKind,
  clockStartedAt: string,
  options: { pausedWorkingDays?: number; calendar?: HolidayCalendar } = {},
): CaseDeadlines {
  const calendar = options.calendar ?? CN_CALENDAR;
  const paused = Math.max(0, Math.floor(options.pausedWorkingDays ?? 0));
  const startDate = chinaDate(clockStartedAt);
  const { legalDays, promisedDays } = BUSINESS_KINDS[kind];
  return {
    startDate,
    legal: { ...addWorkingDays(startDate, legalDays + paused, calendar), workingDays: legalDays },
    promised: { ...addWorkingDays(startDate, promisedDays + paused, calendar), workingDays: promisedDays },
  };
}

export type DeadlineState = 'on-time' | 'due-today' | 'overdue';

/** Where `today` stands against a deadline, and how many working days are left (negative when overdue). */
export function deadlineState(deadline: string, today: string, calendar: HolidayCalendar = CN_CALENDAR): { state: DeadlineState; workingDaysLeft: number } {
  if (today === deadline) return { state: 'due-today', workingDaysLeft: 0 };
  if (today < deadline) return { state: 'on-time', workingDaysLeft: workingDaysBetween(today, deadline, calendar) };
  return { state: 'overdue', workingDaysLeft: -workingDaysBetween(deadline, today, calendar) };
}

export type ProjectionDeadlines = CaseDeadlines & {
  /** False once the case is closed, or while it is suspended or waiting for corrections (the clock is stopped). */
  isRunning: boolean;
};

const STOPPED: ReadonlySet<CaseStage> = new Set<CaseStage>(['correction', 'suspended', 'registered', 'certificate-prepared', 'certificate-issued']);

/**
 * The deadlines of a projected case (lifecycle.ts), from its `clockStartedAt`, which 补正 restarts. Null before
 * 受理. The time limit ends at 登簿 (条例 第21条): from then on, and while stopped, `isRunning` is false.
 */
export function projectionDeadlines(
  p: Pick<CaseProjection, 'stage' | 'intake' | 'clockStartedAt'>,
  options: { pausedWorkingDays?: number; calendar?: HolidayCalendar } = {},
): ProjectionDeadlines | null {
  if (!p.intake || !p.clockStartedAt) return null;
  return { ...caseDeadlines(p.intake.businessKind, p.clockStartedAt, options), isRunning: !FINAL_STAGES.has(p.stage) && !STOPPED.has(p.stage) };
}
