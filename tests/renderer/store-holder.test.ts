import { describe, expect, it } from 'vitest';
import { holdStore, type StoreLocks } from '#renderer/db/store-holder.ts';

/** A lock manager in memory with the Web Locks semantics holdStore uses: exclusive, `ifAvailable`, held while the callback's promise is pending. */
function memoryLocks(): StoreLocks & { release(name: string): void } {
  const held = new Map<string, () => void>();
  const queue = new Map<string, (() => void)[]>();
  const grant = (name: string, callback: (lock: Lock | null) => unknown) => {
    held.set(name, () => {
      held.delete(name);
      queue.get(name)?.shift()?.();
    });
    void callback({ name, mode: 'exclusive' });
  };
  type Granted = (lock: Lock | null) => unknown;
  const request = (name: string, a: LockOptions | Granted, b?: Granted): Promise<unknown> => {
    const [options, callback] = typeof a === 'function' ? [{}, a] : [a, b!];
    if (!held.has(name)) return Promise.resolve(grant(name, callback));
    if (options.ifAvailable) return Promise.resolve(callback(null));
    return new Promise((resolve) => queue.set(name, [...(queue.get(name) ?? []), () => resolve(grant(name, callback))]));
  };
  return { request, release: (name) => held.get(name)?.() };
}

describe('holding the van store', () => {
  it('lets the first page open the store at once, and a second only when the first lets go, saying it waits', async () => {
    const locks = memoryLocks();
    const waits: string[] = [];
    await holdStore('van-1', () => waits.push('first'), locks);
    let second = false;
    const opened = holdStore('van-1', () => waits.push('second'), locks).then(() => (second = true));
    await Promise.resolve();
    expect({ waits, second }).toEqual({ waits: ['second'], second: false });
    locks.release('van-store:van-1');
    await opened;
    expect(second).toBe(true);
  });

  it('holds each store apart', async () => {
    const locks = memoryLocks();
    const waits: string[] = [];
    await holdStore('van-1', () => waits.push('van-1'), locks);
    await holdStore('van-2', () => waits.push('van-2'), locks);
    expect(waits).toEqual([]);
  });

  it('opens the store where the page has no Web Locks (not a secure context) rather than not at all', async () => {
    const waits: string[] = [];
    await holdStore('van-1', () => waits.push('van-1'), undefined);
    expect(waits).toEqual([]);
  });
});
