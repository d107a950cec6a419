/**
 * Wrong passwords on the van's login and unlock screen slow down, as phones and OWASP ASVS 2.2.1 (anti-automation
 * of authentication) ask: a few slips are free, then each further wrong password makes the next try wait twice as
 * long, up to a ceiling, so guessing a colleague's password on an unattended laptop takes years, while the right
 * person is never shut out for good. The count is per login and ends with a right password.
 */

/** Wrong passwords in a row that cost nothing. */
export const FREE_ATTEMPTS = 5;
const FIRST_WAIT_S = 30;
const MAX_WAIT_S = 15 * 60;

export type LoginAttempts = { failures: number; lastFailureAt: string | null };

export const NO_ATTEMPTS: LoginAttempts = { failures: 0, lastFailureAt: null };

/** How long (seconds) the wait after `failures` wrong passwords in a row is: 0 for the free ones, then 30 s doubling to 15 min. */
export function waitAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_WAIT_S, FIRST_WAIT_S * 2 ** Math.min(failures - FREE_ATTEMPTS, 10));
}

/** Seconds left before the next try is taken (0: now), counted from the last wrong password. */
export function secondsToWait(a: LoginAttempts, nowIso: string): number {
  if (a.lastFailureAt === null) return 0;
  const until = Date.parse(a.lastFailureAt) + waitAfter(a.failures) * 1000;
  return Math.max(0, Math.ceil((until - Date.parse(nowIso)) / 1000));
}

/** The count after a wrong password at `atIso`. */
export const afterFailure = (a: LoginAttempts, atIso: string): LoginAttempts => ({ failures: a.failures + 1, lastFailureAt: atIso });

/** Wrong passwords still free before the next one makes the screen wait. */
export const freeAttemptsLeft = (a: LoginAttempts): number => Math.max(0, FREE_ATTEMPTS - a.failures);
