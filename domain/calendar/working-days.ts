import { strictAssert } from '#domain/assert.ts';
import holidayData from '#domain/calendar/cn-holidays.json' with { type: 'json' };

/**
 * Working days under the Chinese public holiday calendar: Monday to Friday, minus the days off of the State
 * Council's yearly notice, plus its make-up working weekends (调休上班). The calendar is data
 * (cn-holidays.json), updated each year when the notice comes out; a file of our own rather than a package at
 * run time because domain/ imports nothing, and the packages lag the notice. Dates are `YYYY-MM-DD` China time.
 */
export type HolidayCalendar = {
  /** Days off that would otherwise be working days, and those within a break (weekends included). */
  holidays: ReadonlySet<string>;
  /** Weekend days worked to make up for a break. */
  workdays: ReadonlySet<string>;
  /** Years whose notice is entered; other years count weekends (and statutory days) only. */
  confirmedYears: ReadonlySet<number>;
  /** Years present at all, confirmed or provisional. */
  knownYears: ReadonlySet<number>;
};

type HolidayFile = { years: Record<string, { provisional: boolean; holidays: { days: string[] }[]; workdays: { days: string[] }[] }> };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Builds a calendar from the data file's shape.
 * @throws Error when a date is malformed or a make-up working day is not a weekend day: a bad data update is a bug.
 */
export function calendarFromData(data: HolidayFile): HolidayCalendar {
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  const confirmedYears = new Set<number>();
  const knownYears = new Set<number>();
  for (const [year, entry] of Object.entries(data.years)) {
    knownYears.add(Number(year));
    if (!entry.provisional) confirmedYears.add(Number(year));
    for (const group of entry.holidays) for (const d of group.days) holidays.add(d);
    for (const group of entry.workdays) for (const d of group.days) workdays.add(d);
  }
  for (const d of holidays) toDayNumber(d);
  for (const d of workdays) {
    const weekday = new Date(toDayNumber(d) * DAY_MS).getUTCDay();
    strictAssert(weekday === 0 || weekday === 6, `make-up working day ${d} is not a weekend day`);
    strictAssert(!holidays.has(d), `${d} is both a holiday and a working day`);
  }
  return { holidays, workdays, confirmedYears, knownYears };
}

const DAY_MS = 86_400_000;

function toDayNumber(date: string): number {
  const m = DATE.exec(date);
  strictAssert(m, `not a YYYY-MM-DD date: ${date}`);
  const n = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  strictAssert(new Date(n).toISOString().slice(0, 10) === date, `not a real date: ${date}`);
  return n / DAY_MS;
}

const fromDayNumber = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

export const CN_CALENDAR: HolidayCalendar = calendarFromData(holidayData);

export function isWorkingDay(date: string, calendar: HolidayCalendar = CN_CALENDAR): boolean {
  if (calendar.holidays.has(date)) return false;
  if (calendar.workdays.has(date)) return true;
  const weekday = new Date(toDayNumber(date) * DAY_MS).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** A computed date, `provisional` when it relied on a year whose holiday notice is not entered yet. */
export type WorkingDate = { date: string; provisional: boolean };

const isProvisional = (date: string, calendar: HolidayCalendar) => !calendar.confirmedYears.has(Number(date.slice(0, 4)));

/**
 * Whether a date lies in a year whose State Council holiday notice is not entered: working days counted into it
 * may move when the notice comes out, so such a date is printed and shown as provisional (暂定).
 */
export const isProvisionalDate = (date: string, calendar: HolidayCalendar = CN_CALENDAR): boolean => isProvisional(date, calendar);

/** The last year whose notice is entered. */
export const lastOfficialYear = (calendar: HolidayCalendar = CN_CALENDAR): number => Math.max(...calendar.confirmedYears);

/** Ten years of working days: far beyond any time limit, small enough that a bad count cannot hang a screen. */
export const MAX_WORKING_DAYS = 2500;

/**
 * The `n`-th working day after `date` (the start day itself is not counted, as for any 期间 counted in days).
 * `n` = 0 gives `date` itself.
 * @throws Error for a malformed date or an `n` that is negative, fractional or above MAX_WORKING_DAYS: callers
 * pass validated values.
 */
export function addWorkingDays(date: string, n: number, calendar: HolidayCalendar = CN_CALENDAR): WorkingDate {
  strictAssert(Number.isInteger(n) && n >= 0 && n <= MAX_WORKING_DAYS, `working days must be a whole number 0..${MAX_WORKING_DAYS}: ${n}`);
  let day = toDayNumber(date);
  let provisional = false;
  for (let left = n; left > 0; ) {
    day += 1;
    const d = fromDayNumber(day);
    provisional ||= isProvisional(d, calendar);
    if (isWorkingDay(d, calendar)) left -= 1;
  }
  return { date: fromDayNumber(day), provisional };
}

/** Working days after `from` up to and including `to` (0 when `to` is not later). */
export function workingDaysBetween(from: string, to: string, calendar: HolidayCalendar = CN_CALENDAR): number {
  let count = 0;
  for (let day = toDayNumber(from) + 1, end = toDayNumber(to); day <= end; day += 1) {
    if (isWorkingDay(fromDayNumber(day), calendar)) count += 1;
  }
  return count;
}
