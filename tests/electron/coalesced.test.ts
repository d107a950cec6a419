import { describe, expect, it } from 'vitest';
import { coalesced } from '#electron/scans/coalesced.ts';

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

describe('coalesced runs (the scan index’s writes, the scanner folder’s looks)', () => {
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
