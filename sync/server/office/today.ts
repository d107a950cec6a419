import { chinaDate } from '#domain/calendar/china-time.ts';
import { type Clock } from '#domain/clock.ts';

/**
 * Today's date in the office's time zone (Asia/Shanghai, UTC+8, no daylight saving), as YYYY-MM-DD.
 * Deadlines are counted in working days of the office's calendar, not of the server's zone. Routes pass
 * the office's clock (`app.office.clock`), so a test or a demo can run the office on another day.
 */
export function todayInOffice(clock: Clock = { now: () => new Date() }): string {
  return chinaDate(clock.now().toISOString());
}
