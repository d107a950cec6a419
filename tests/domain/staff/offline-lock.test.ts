import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFLINE_LOCK_DAYS, offlineLock } from '#domain/staff/offline-lock.ts';

describe('a van locks itself after too long without its office', () => {
  // The same rule at several dates: a month end, the Spring Festival, a leap day.
  for (const last of ['2026-11-30T17:45:00+08:00', '2027-02-05T09:00:00+08:00', '2028-02-28T12:00:00+08:00']) {
    const plus = (days: number, ms = 0) => new Date(Date.parse(last) + days * 86_400_000 + ms).toISOString();
    it(`counts whole days since ${last} and locks at the configured number`, () => {
      expect(offlineLock(last, plus(0), 14)).toEqual({ locked: false, daysOffline: 0, daysLeft: 14 });
      expect(offlineLock(last, plus(13, 86_399_999), 14)).toEqual({ locked: false, daysOffline: 13, daysLeft: 1 });
      expect(offlineLock(last, plus(14), 14)).toEqual({ locked: true, daysOffline: 14 });
      expect(offlineLock(last, plus(3), 3)).toEqual({ locked: true, daysOffline: 3 });
    });
  }

  it('does not lock a van that never reached its office, nor go negative when the clock is behind', () => {
    expect(offlineLock(null, '2026-12-01T00:00:00Z', DEFAULT_OFFLINE_LOCK_DAYS)).toEqual({ locked: false, daysOffline: 0, daysLeft: 14 });
    expect(offlineLock('2026-12-01T00:00:00Z', '2026-11-20T00:00:00Z', 14)).toEqual({ locked: false, daysOffline: 0, daysLeft: 14 });
  });
});
