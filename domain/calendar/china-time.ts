import { strictAssert } from '#domain/assert.ts';

/**
 * China Standard Time (UTC+8 all year; China has kept no daylight saving since 1991): the one place an
 * instant becomes the date and time a person in Jiamusi reads. Van screens, receipts, notices and the office
 * all show Beijing time whatever the computer's own time zone, so every conversion goes through here.
 */
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function shifted(iso: string): string {
  const t = Date.parse(iso);
  strictAssert(!Number.isNaN(t), `not an ISO time: ${iso}`);
  return new Date(t + OFFSET_MS).toISOString();
}

/** The China calendar date of an instant, `YYYY-MM-DD`: a case accepted at 23:30 UTC is the next day. */
export function chinaDate(iso: string): string {
  return shifted(iso).slice(0, 10);
}

/** `HH:mm` in China time. */
export function chinaTime(iso: string): string {
  return shifted(iso).slice(11, 16);
}

/** `YYYY-MM-DD HH:mm` in China time, for screens and the office pages. */
export function chinaDateTime(iso: string): string {
  const s = shifted(iso);
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}

/** `YYYY-MM-DD HH:mm:ss` in China time (event logs, where seconds tell two steps apart). */
export function chinaDateTimeSeconds(iso: string): string {
  const s = shifted(iso);
  return `${s.slice(0, 10)} ${s.slice(11, 19)}`;
}

/** A `YYYY-MM-DD` date as printed on paper: `2026年11月30日`. */
export function chineseDateText(date: string): string {
  strictAssert(DATE.test(date.slice(0, 10)), `not a YYYY-MM-DD date: ${date}`);
  return `${date.slice(0, 4)}年${date.slice(5, 7)}月${date.slice(8, 10)}日`;
}

/** An instant as printed on paper, China time: `2026年11月30日 09:05`. */
export function chineseDateTimeText(iso: string): string {
  return `${chineseDateText(chinaDate(iso))} ${chinaTime(iso)}`;
}

/** The instant written with China's offset, `2026-11-30T09:05:00+08:00` (seconds kept, milliseconds dropped). */
export function chinaIso(instant: Date): string {
  return `${new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** `date` moved by `days` calendar days (negative moves back). */
export function addDays(date: string, days: number): string {
  strictAssert(DATE.test(date), `not a YYYY-MM-DD date: ${date}`);
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  strictAssert(DATE.test(from) && DATE.test(to), `not YYYY-MM-DD dates: ${from}, ${to}`);
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
