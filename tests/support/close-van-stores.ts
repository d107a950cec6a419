import { afterAll } from 'vitest';
import { OPEN_COLLECTIONS, now as rxdbNow } from 'rxdb';

/**
 * The test files a worker runs share its module cache (vitest.config.ts, `isolate: false`), and with it RxDB's
 * count of open collections, which RxDB's open-source build caps at 16 (its error COL23). A file that leaves a van
 * store open (a test that "kills" a van simply drops its store) would make the next file's store fail to open, so
 * whatever a file leaves open is closed after it. A file's own `afterAll` runs first (vitest runs after-hooks in
 * reverse order of registration, and this one is registered before the file's).
 *
 * RxDB's clock is shared the same way and never runs backwards within a process: a file that moved `Date.now`
 * ahead while RxDB wrote would leave the next files' writes stamped in the future. Such files are meant to run in a
 * process of their own (tests/support/own-modules.ts); one that slipped through fails here, by name.
 */
const CLOCK_SLACK_MS = 1000;

afterAll(async () => {
  const left = new Set([...OPEN_COLLECTIONS].map((c) => c.database));
  await Promise.all([...left].map((db) => db.close()));
  const ahead = rxdbNow() - Date.now();
  if (ahead > CLOCK_SLACK_MS) {
    throw new Error(`RxDB's clock is ${Math.round(ahead)} ms ahead of the system clock after this file: it moved the clock and must run in a process of its own (tests/support/own-modules.ts)`);
  }
});
