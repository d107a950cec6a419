import { chinaDateTime } from '#domain/calendar/china-time.ts';

/** An instant as the office reads it: Beijing time (UTC+8, no daylight saving), "2026-11-30 09:05". */
export function beijingTime(iso: string | null): string {
  if (iso === null || Number.isNaN(Date.parse(iso))) return '—';
  return chinaDateTime(iso);
}
