/**
 * When a 接入 message that could not be delivered is tried again: exponential back-off from `baseMs`, doubling
 * with each failed attempt up to `capMs`, so a province platform that is down for a day is not hammered and one
 * back within minutes is reached within minutes. After `maxAttempts` failed deliveries the message waits for staff.
 */
export type SendSchedule = { baseMs: number; capMs: number; maxAttempts: number };

export const DEFAULT_SCHEDULE: SendSchedule = { baseMs: 30_000, capMs: 3_600_000, maxAttempts: 12 };

/** Delay before the next try after `failedAttempts` (≥ 1) failed deliveries. */
export const retryDelayMs = (failedAttempts: number, s: SendSchedule = DEFAULT_SCHEDULE): number =>
  Math.min(s.capMs, s.baseMs * 2 ** Math.max(0, failedAttempts - 1));

/** What a failed delivery leads to: another try at `retryAt`, or giving up (the message is shown as failed). */
export function afterFailure(failedAttempts: number, nowMs: number, s: SendSchedule = DEFAULT_SCHEDULE): { next: 'retry'; retryAt: number } | { next: 'give-up' } {
  return failedAttempts >= s.maxAttempts ? { next: 'give-up' } : { next: 'retry', retryAt: nowMs + retryDelayMs(failedAttempts, s) };
}
