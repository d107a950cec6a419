import { describe, expect, it } from 'vitest';
import { NO_ATTEMPTS, afterFailure, freeAttemptsLeft, secondsToWait, waitAfter } from '#domain/staff/login-backoff.ts';

const at = (s: number) => new Date(Date.UTC(2026, 11, 4, 2, 0, s)).toISOString();

describe('the wait after wrong passwords', () => {
  it('lets five slips pass, then waits 30 s, doubling to a ceiling of 15 min', () => {
    expect([0, 1, 4, 5, 6, 7, 8, 9, 10, 11, 40].map(waitAfter)).toEqual([0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900]);
  });

  it('counts the wait from the last wrong password, to the second', () => {
    let a = NO_ATTEMPTS;
    for (let i = 0; i < 4; i++) a = afterFailure(a, at(i));
    expect(secondsToWait(a, at(4))).toBe(0);
    expect(freeAttemptsLeft(a)).toBe(1);
    a = afterFailure(a, at(10));
    expect(freeAttemptsLeft(a)).toBe(0);
    expect(secondsToWait(a, at(10))).toBe(30);
    expect(secondsToWait(a, at(39))).toBe(1);
    expect(secondsToWait(a, at(40))).toBe(0);
    a = afterFailure(a, at(40));
    expect(secondsToWait(a, at(41))).toBe(59);
  });
});
