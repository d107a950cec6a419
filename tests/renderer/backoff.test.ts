import { describe, expect, it } from 'vitest';
import { Backoff } from '#renderer/db/backoff.ts';

describe('the backoff between tries of an office that cannot be reached', () => {
  it('wake() ends every wait under way at once and starts the schedule over', async () => {
    const backoff = new Backoff(600_000, 600_000);
    backoff.fail();
    backoff.fail();
    let ended = 0;
    const waits = [backoff.sleep().then(() => ended++), backoff.sleep().then(() => ended++)];
    await new Promise((r) => setTimeout(r, 20));
    expect(ended).toBe(0);

    backoff.wake();
    await Promise.all(waits);
    expect(ended).toBe(2);
    expect(backoff.attempts).toBe(0);
    expect(backoff.delayMs()).toBe(0);
  });

});
