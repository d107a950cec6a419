/**
 * Calendar periods counted the way the civil law counts them. Dates are `YYYY-MM-DD` in the office's own
 * time zone (UTC+8), compared as strings.
 *
 * 《中华人民共和国民法典》第二百零一条: a period counted in years, months or days starts the day after the
 * day it begins; 第二百零二条: a period in years or months ends on the corresponding day of the last month,
 * or on that month's last day when it has no corresponding day.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * The last day of a period of `months` months that begins on `start` (民法典 第二百零一条、第二百零二条):
 * 2024-03-01 + 36 months ends 2027-03-01; 2024-01-31 + 1 month ends 2024-02-29.
 */
export function periodEnd(start: string, months: number): string {
  const m = DATE.exec(start);
  if (!m || !Number.isInteger(months) || months < 0) throw new Error(`periodEnd(${start}, ${months})`);
  const total = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const day = Math.min(Number(m[3]), daysInMonth(year, month));
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}
