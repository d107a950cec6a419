import { OPEN_COLLECTIONS, now as rxdbNow } from 'rxdb';

/**
 * The test files a worker runs share its module cache (vitest.config.ts, `isolate: false`), and with it RxDB's
 * count of open collections, which RxDB's open-source build caps at 16 (its error COL23). A file that leaves a van
 * store open (a test that "kills" a van simply drops its store) would make the next file's store fail to open, so
 * whatever a file leaves open is closed after it (tests/support/close-van-stores.ts).
 *
 * RxDB's clock is shared the same way and never runs backwards within a process: a file that moved `Date.now`
 * ahead while RxDB wrote would leave the next files' writes stamped in the future. Such files are meant to run in a
 * process of their own (tests/support/own-modules.ts); one that slipped through fails here, by name. The message is
 * for whoever runs the suite, so in English like the rest of the test harness (staff never see it).
 */
const CLOCK_SLACK_MS = 1000;

/** Closes every van store left open, then fails if RxDB's clock was left ahead of the system clock. */
export async function closeLeftVanStores(): Promise<void> {
  const left = new Set([...OPEN_COLLECTIONS].map((c) => c.database));
  await Promise.all([...left].map((db) => db.close()));
  const ahead = rxdbNow() - Date.now();
  if (ahead > CLOCK_SLACK_MS) {
    throw new Error(`RxDB's clock is ${Math.round(ahead)} ms ahead of the system clock after this file: it moved the clock and must run in a process of its own (tests/support/own-modules.ts)`);
  }
}
