import { BUSINESS_KINDS, type BusinessKind } from '#domain/business/business-kinds.ts';
import { type CaseProjection } from '#domain/case/lifecycle.ts';
import { chinaDate } from '#domain/calendar/china-time.ts';
import { type HolidayCalendar, type WorkingDate, CN_CALENDAR, addWorkingDays, workingDaysBetween } from '#domain/calendar/working-days.ts';
import { DEFAULT_PROMISED_LIMITS, type PromisedLimits } from '#domain/calendar/promised-limits.ts';

export type CaseDeadlines = {
  /** The day the time limit runs from: 受理 (条例 第二十条). */
  startDate: string;
  /** 法定时限: 《不动产登记暂行条例》第二十条, 30 working days. */
  legal: WorkingDate & { workingDays: number };
  /** 承诺时限: the office's published promise (promised-limits.ts). */
  promised: WorkingDate & { workingDays: number };
};

export type DeadlineOptions = {
  /** Working days of the promise; the office's table decides, DEFAULT_PROMISED_LIMITS otherwise. */
  promisedDays?: number;
  /** Working days that do not count (补正 during review, 暂停, 公告). */
  pausedWorkingDays?: number;
  calendar?: HolidayCalendar;
};

/**
 * A case's deadlines from when its clock started. The start day is not counted; a day reached through a year
 * whose holiday notice is not entered yet is `provisional` and must be printed as such.
 */
export function caseDeadlines(kind: BusinessKind, clockStartedAt: string, options: DeadlineOptions = {}): CaseDeadlines {
  const calendar = options.calendar ?? CN_CALENDAR;
  const paused = Math.max(0, Math.floor(options.pausedWorkingDays ?? 0));
  const startDate = chinaDate(clockStartedAt);
  const legalDays = BUSINESS_KINDS[kind].legalDays;
  const promisedDays = Math.min(legalDays, options.promisedDays ?? DEFAULT_PROMISED_LIMITS[kind]);
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

export type ClockState = 'running' | 'paused' | 'done' | 'closed';

export type ProjectionDeadlines = CaseDeadlines & {
  /**
   * `running`: the days count; `paused`: 补正, 暂停 or 公告 (the deadline moves on with every paused day);
   * `done`: registered (条例 第二十一条), so the limit was met or missed on `endDate`; `closed`: withdrawn or refused.
   */
  clock: ClockState;
  /** The day the clock stopped for good (登簿 or closing), or null while it is open. */
  endDate: string | null;
  pausedWorkingDays: number;
  /** Where the case stands against each limit: on `endDate` once stopped, else on `today`. */
  legalState: { state: DeadlineState; workingDaysLeft: number };
  promisedState: { state: DeadlineState; workingDaysLeft: number };
};

/** Working days inside the pauses; an open pause counts up to `until`. */
export function pausedWorkingDaysOf(pauses: CaseProjection['pauses'], until: string, calendar: HolidayCalendar = CN_CALENDAR): number {
  return pauses.reduce((n, x) => n + workingDaysBetween(chinaDate(x.from), x.to === null ? until : chinaDate(x.to), calendar), 0);
}

/**
 * The deadlines of a projected case, from its `clockStartedAt`, with the days spent paused added on. Null
 * before 受理. `today` (YYYY-MM-DD, China time) comes in: an open pause grows until it ends. The promise the
 * notice printed (`intake.promisedDays`) is the one the case is held to; the office's current table is used
 * only for intakes written before the promise was recorded.
 */
export function projectionDeadlines(
  p: Pick<CaseProjection, 'intake' | 'clockStartedAt' | 'pauses' | 'registeredAt' | 'closedAt'>,
  today: string,
  options: { promisedLimits?: PromisedLimits; calendar?: HolidayCalendar } = {},
): ProjectionDeadlines | null {
  if (!p.intake || !p.clockStartedAt) return null;
  const calendar = options.calendar ?? CN_CALENDAR;
  const stoppedAt = p.registeredAt ?? p.closedAt;
  const endDate = stoppedAt === null ? null : chinaDate(stoppedAt);
  const asOf = endDate ?? today;
  const pausedWorkingDays = pausedWorkingDaysOf(p.pauses, asOf, calendar);
  const kind = p.intake.businessKind;
  const promisedDays = p.intake.promisedDays ?? (options.promisedLimits ?? DEFAULT_PROMISED_LIMITS)[kind];
  const d = caseDeadlines(kind, p.clockStartedAt, { promisedDays, pausedWorkingDays, calendar });
  const clock: ClockState = p.registeredAt !== null ? 'done' : p.closedAt !== null ? 'closed' : p.pauses.some((x) => x.to === null) ? 'paused' : 'running';
  return {
    ...d, clock, endDate, pausedWorkingDays,
    legalState: deadlineState(d.legal.date, asOf, calendar),
    promisedState: deadlineState(d.promised.date, asOf, calendar),
  };
}

/**
 * Working days an applicant has to supply what a one-time 补正 notice lists before the application lapses. The
 * 条例 (第十七条第一款第（三）项) sets no period for this; it is the office's own published rule, printed on the
 * notice so the applicant knows it, and the van shows it when the materials come.
 */
export const CORRECTION_SUPPLY_WORKING_DAYS = 15;

/** The last day to supply the materials of a 补正 told on `notifiedAt` (the day itself not counted). */
export function correctionSupplyBy(notifiedAt: string, calendar: HolidayCalendar = CN_CALENDAR): WorkingDate & { workingDays: number } {
  return { ...addWorkingDays(chinaDate(notifiedAt), CORRECTION_SUPPLY_WORKING_DAYS, calendar), workingDays: CORRECTION_SUPPLY_WORKING_DAYS };
}
