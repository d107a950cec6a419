import { afterEach, describe, expect, it, vi } from 'vitest';
import { now as rxdbNow } from 'rxdb';
import { closeLeftVanStores } from '../support/van-stores-left.ts';
import { openTestVan, writeCaseHeader } from '../sync/helpers.ts';

/**
 * The check run after every test file (tests/support/close-van-stores.ts). This file moves the clock, so it runs in a
 * process of its own (tests/support/own-modules.ts) and the RxDB clock it leaves ahead reaches no other file.
 */
afterEach(() => {
  vi.restoreAllMocks();
});

describe('after a test file, the van stores it left', () => {
  it('are closed, and with RxDB’s clock at the system’s the check passes', async () => {
    const db = await openTestVan();
    await writeCaseHeader(db, 'dev-left', 'case-left-1');
    await closeLeftVanStores();
    expect(db.closed).toBe(true);
  });

  it('are closed, then a file that left RxDB’s clock ahead is refused, by how far and where such a file belongs', async () => {
    const db = await openTestVan();
    // A write under a clock a minute ahead: RxDB keeps that time as its own, and never goes back within the process.
    const real = Date.now.bind(Date);
    vi.spyOn(Date, 'now').mockImplementation(() => real() + 60_000);
    await writeCaseHeader(db, 'dev-left', 'case-left-2');
    vi.restoreAllMocks();
    expect(rxdbNow() - Date.now()).toBeGreaterThan(50_000);

    const refused = closeLeftVanStores();
    await expect(refused).rejects.toThrow(/^RxDB's clock is \d+ ms ahead of the system clock after this file: it moved the clock and must run in a process of its own \(tests\/support\/own-modules\.ts\)$/);
    const ahead = Number(/is (\d+) ms/.exec(String(await refused.catch((e: unknown) => e)))?.[1]);
    expect(ahead).toBeGreaterThan(50_000);
    expect(ahead).toBeLessThanOrEqual(60_000);
    // The stores are closed before the refusal: the next file of the worker still opens its own.
    expect(db.closed).toBe(true);
  });
});
