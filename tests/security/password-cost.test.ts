import { describe, expect, it } from 'vitest';
import { DEFAULT_PBKDF2_ITERATIONS, MIN_PBKDF2_ITERATIONS, hashIterations, verifyPassword } from '#protocol/password-hash.ts';
import { belowCost, hashAtCost, passwordCost } from '#server/auth/password-cost.ts';

describe('the office’s password cost', () => {
  it('is the standard 600,000 iterations unless an office is built with another', () => {
    expect(passwordCost(undefined)).toBe(DEFAULT_PBKDF2_ITERATIONS);
    expect(DEFAULT_PBKDF2_ITERATIONS).toBe(600_000);
    expect(passwordCost(MIN_PBKDF2_ITERATIONS)).toBe(1_000);
  });

  it('refuses a count a stored hash could not carry', () => {
    for (const bad of [999, 0, -1, 1_500.5, Number.NaN, 10_000_001]) expect(() => passwordCost(bad)).toThrow(/passwordIterations/);
  });

  it('hashes at the count given, with a fresh salt, and tells a hash below it', async () => {
    const a = await hashAtCost('jms-demo-2026', 2_000);
    const b = await hashAtCost('jms-demo-2026', 2_000);
    expect(hashIterations(a)).toBe(2_000);
    expect(a).not.toBe(b);
    expect(await verifyPassword('jms-demo-2026', a)).toBe(true);
    expect(belowCost(a, 2_000)).toBe(false);
    expect(belowCost(a, 2_001)).toBe(true);
    expect(belowCost('not-a-hash', 1_000)).toBe(true);
  });
});
