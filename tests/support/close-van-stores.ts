import { afterAll } from 'vitest';
import { OPEN_COLLECTIONS } from 'rxdb';

/**
 * The test files a worker runs share its module cache (vitest.config.ts, `isolate: false`), and with it RxDB's
 * count of open collections, which RxDB's open-source build caps at 16 (its error COL23). A file that leaves a van
 * store open (a test that "kills" a van simply drops its store) would make the next file's store fail to open, so
 * whatever a file leaves open is closed after it. A file's own `afterAll` runs first (vitest runs after-hooks in
 * reverse order of registration, and this one is registered before the file's).
 */
afterAll(async () => {
  const left = new Set([...OPEN_COLLECTIONS].map((c) => c.database));
  await Promise.all([...left].map((db) => db.close()));
});
