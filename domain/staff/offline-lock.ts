/**
 * A van that has not reached its office for too long locks itself: its clerks cannot log in until
 * it has synced again. A laptop lost in the field stops opening applicants' data after a bounded
 * time even if nobody marks it lost; a van on a long trip without a link is told in advance.
 */

/** The default number of days a van may go without reaching the office (a configuration overrides it). */
export const DEFAULT_OFFLINE_LOCK_DAYS = 14;

const DAY_MS = 24 * 3600_000;

export type OfflineLock =
  | { locked: false; daysOffline: number; daysLeft: number }
  | { locked: true; daysOffline: number };

/**
 * Where the van stands, from when it last reached the office (ISO time; null when it never has) and now.
 * A van that never reached its office is not locked: it has no staff list to log in with anyway.
 */
export function offlineLock(lastContactAt: string | null, nowIso: string, lockDays: number): OfflineLock {
  if (lastContactAt === null) return { locked: false, daysOffline: 0, daysLeft: lockDays };
  const elapsed = Math.max(0, Date.parse(nowIso) - Date.parse(lastContactAt));
  const daysOffline = Math.floor(elapsed / DAY_MS);
  if (elapsed >= lockDays * DAY_MS) return { locked: true, daysOffline };
  return { locked: false, daysOffline, daysLeft: lockDays - daysOffline };
}
