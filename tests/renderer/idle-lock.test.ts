import { describe, expect, it } from 'vitest';
import { DEFAULT_IDLE_LOCK_MS, idleLockMs } from '#renderer/app/use-idle-lock.ts';

describe('the idle lock time', () => {
  it('is ten minutes unless the browser host is told otherwise', () => {
    expect(DEFAULT_IDLE_LOCK_MS).toBe(600_000);
    expect(idleLockMs('http', '')).toBe(DEFAULT_IDLE_LOCK_MS);
    expect(idleLockMs('http', '?idleLockSeconds=5')).toBe(5_000);
    expect(idleLockMs('http', '?x=1&idleLockSeconds=3600')).toBe(3_600_000);
  });

  it('ignores the address in the Electron app, so nobody can stretch the lock there', () => {
    expect(idleLockMs('electron', '?idleLockSeconds=5')).toBe(DEFAULT_IDLE_LOCK_MS);
  });

  it('ignores values that are not whole seconds between 5 and 3600', () => {
    for (const bad of ['0', '4', '3601', '99999', '-5', '5.5', 'abc', '']) expect(idleLockMs('http', `?idleLockSeconds=${bad}`)).toBe(DEFAULT_IDLE_LOCK_MS);
  });
});
