import { chinaDateTime } from '#domain/calendar/china-time.ts';
import { fen, formatYuanGrouped } from '#domain/money.ts';

/** Fen as yuan for the office pages, e.g. 8000 → "80.00 元", 12345600 → "123,456.00 元"; a difference may be negative. */
export function formatFen(amount: number): string {
  return `${amount < 0 ? '-' : ''}${formatYuanGrouped(fen(Math.abs(amount)))} 元`;
}

/** An instant as the office reads it: Beijing time (UTC+8, no daylight saving), "2026-11-30 09:05". */
export function beijingTime(iso: string | null): string {
  if (iso === null || Number.isNaN(Date.parse(iso))) return '—';
  return chinaDateTime(iso);
}
