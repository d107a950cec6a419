import { describe, expect, it } from 'vitest';
import { coalesced, turns } from '#domain/one-at-a-time.ts';

/** A run that waits until released, counting the runs started. */
function gated() {
  let started = 0;
  const releases: (() => void)[] = [];
  const run = coalesced(() => {
    started++;
    return new Promise<void>((r) => releases.push(r));
  });
  const tick = () => new Promise((r) => setImmediate(r));
  return { run, started: () => started, release: async () => (releases.shift()?.(), await tick()), tick };
}

describe('coalesced runs (the scan index’s writes, the scanner folder’s looks, the sync’s drains and counts)', () => {
  it('runs one at a time; the calls made during a run share one run after it, which starts after every one of them', async () => {
    const g = gated();
    const settled: string[] = [];
    void g.run().then(() => settled.push('first'));
    await g.tick();
    expect(g.started()).toBe(1);
    const during = [g.run(), g.run(), g.run()];
    during.forEach((p, i) => void p.then(() => settled.push(`during ${i}`)));
    expect(during[1]).toBe(during[0]);
    await g.tick();
    expect(g.started()).toBe(1); // not while the first runs
    await g.release();
    expect(settled).toEqual(['first']);
    expect(g.started()).toBe(2); // one run for the three calls
    const afterStart = g.run(); // the second run has started: this call needs a third
    expect(afterStart).not.toBe(during[0]);
    await g.release();
    expect(settled).toEqual(['first', 'during 0', 'during 1', 'during 2']);
    expect(g.started()).toBe(3);
    await g.release();
    await afterStart;
    expect(g.started()).toBe(3);
  });

  it('goes on after a run that failed, and the failure reaches only the callers of that run', async () => {
    let calls = 0;
    const run = coalesced(() => (++calls === 1 ? Promise.reject(new Error('disk full')) : Promise.resolve()));
    await expect(run()).rejects.toThrow('disk full');
    await expect(run()).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});

describe('turns (the outbox’s moves, the vault’s writes, a device’s appends)', () => {
  it('starts each step once every step before it settled, failed or not, and gives each its own result', async () => {
    const turn = turns();
    const log: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const first = turn(() => new Promise<string>((r) => (releaseFirst = () => r('first')))).then((v) => (log.push(v), v));
    const second = turn(() => (log.push('second started'), Promise.reject(new Error('refused'))));
    const third = turn(() => (log.push('third started'), Promise.resolve(3)));
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual([]);
    releaseFirst();
    await expect(first).resolves.toBe('first');
    await expect(second).rejects.toThrow('refused');
    await expect(third).resolves.toBe(3);
    expect(log).toEqual(['first', 'second started', 'third started']);
  });
});
