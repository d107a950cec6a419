import { describe, expect, it } from 'vitest';
import { addDays, chinaDate, chinaDateTime, chinaDateTimeSeconds, chinaIso, chinaTime, chineseDateText, chineseDateTimeText, daysBetween } from '#domain/calendar/china-time.ts';
import { fixedClock, shiftedClock } from '#domain/clock.ts';

describe('China time', () => {
  it('reads an instant as Beijing time whatever zone it was written in', () => {
    expect(chinaDateTime('2026-11-30T01:16:00Z')).toBe('2026-11-30 09:16');
    expect(chinaDateTime('2026-11-30T09:16:00+08:00')).toBe('2026-11-30 09:16');
    expect(chinaTime('2026-11-29T17:00:00Z')).toBe('01:00');
    expect(chinaDateTimeSeconds('2026-11-30T01:16:07.250Z')).toBe('2026-11-30 09:16:07');
  });

  it('turns the date over at midnight Beijing time, not UTC', () => {
    expect(chinaDate('2026-11-30T15:59:59Z')).toBe('2026-11-30');
    expect(chinaDate('2026-11-30T16:00:00Z')).toBe('2026-12-01');
    expect(chineseDateTimeText('2026-12-31T16:30:00Z')).toBe('2027年01月01日 00:30');
    expect(chineseDateText('2026-11-30')).toBe('2026年11月30日');
  });

  it('writes an instant with the +08:00 offset', () => {
    expect(chinaIso(new Date('2026-11-29T10:00:00Z'))).toBe('2026-11-29T18:00:00+08:00');
  });

  it('counts and moves calendar days across months, years and 29 February', () => {
    expect(addDays('2026-11-30', 7)).toBe('2026-12-07');
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-04', -5)).toBe('2026-11-29');
    expect(daysBetween('2026-11-30', '2027-11-30')).toBe(365);
    expect(daysBetween('2026-12-04', '2026-11-30')).toBe(-4);
  });

  it('refuses what is not a date or an instant', () => {
    expect(() => chinaDate('tomorrow')).toThrow(/not an ISO time/);
    expect(() => addDays('2026/11/30', 1)).toThrow(/not a YYYY-MM-DD date/);
  });
});

describe('a shifted clock', () => {
  it('runs its base clock moved by the offset', () => {
    let t = Date.parse('2026-12-04T00:00:00Z');
    const base = { now: () => new Date(t) };
    const inAWeek = shiftedClock(base, 7 * 86_400_000);
    expect(inAWeek.now().toISOString()).toBe('2026-12-11T00:00:00.000Z');
    t += 90_000;
    expect(inAWeek.now().toISOString()).toBe('2026-12-11T00:01:30.000Z');
    expect(shiftedClock(fixedClock('2026-12-04T00:00:00Z'), 0).now().toISOString()).toBe('2026-12-04T00:00:00.000Z');
  });
});
