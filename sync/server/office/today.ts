/**
 * Today's date in the office's time zone (Asia/Shanghai, UTC+8, no daylight saving), as YYYY-MM-DD.
 * Deadlines are counted in working days of the office's calendar, not of the server's zone.
 */
export function todayInOffice(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
