import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { testsNeedingOwnModules } from './tests/support/own-modules.ts';

/**
 * The office's tests, which run once more against a real PostgreSQL server the run starts itself
 * (tests/support/postgres-global-setup.ts); every other test runs once, on SQLite where it needs an office.
 */
const OFFICE_SUITE = [
  'tests/office-platform/**/*.test.ts',
  'tests/office/**/*.test.ts',
  'tests/sync/**/*.test.ts',
  'tests/integration/**/*.test.ts',
  'tests/security/**/*.test.ts',
  'tests/e2e-office/**/*.test.ts',
  'tests/archive/**/*.test.ts',
];
/**
 * Every file shares its worker's module cache with the files that worker ran before (`isolate: false`): the
 * office's module graph then loads once per worker rather than once per file (loading was 779 s of the ~4,260 s
 * summed over files; the whole run fell from 2,210 s to ~1,450 s). The files that replace a module or move the
 * clock, found by reading them, run in a process of their own instead (on SQLite only).
 */
const OWN_MODULES = testsNeedingOwnModules(fileURLToPath(new URL('.', import.meta.url)));
/** Closes the van stores a file left open, before the next file of its worker (RxDB caps open collections). */
const CLOSE_VAN_STORES = 'tests/support/close-van-stores.ts';
/**
 * Tests of SQLite itself (its group commit and WAL fsync) or of nothing the database holds; and blank-fields, which
 * reads ~1,200 pages and sends ~700 forms: ~30 s on SQLite but ~135 s on PostgreSQL on a two-core machine (it
 * passed there when added).
 */
const SQLITE_ONLY = ['tests/sync/group-commit.test.ts', 'tests/sync/slow-plugin-start.test.ts', 'tests/sync/contract-locks.test.ts', 'tests/integration/office-crash.test.ts', 'tests/office/drawing/draw-pool.test.ts', 'tests/security/blank-fields.test.ts'];

// Node environment everywhere: RxDB attachments and serialport need real Node (jsdom lacks the Node APIs they use).
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    isolate: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['tests/**/*.test.ts'],
          exclude: OWN_MODULES,
          env: { OFFICE_TEST_BACKEND: 'sqlite' },
          // The temp-folder guard first: its teardown, run last, sees what every other part of the run left.
          globalSetup: ['tests/support/tmp-guard-global-setup.ts', 'tests/support/renderer-builds-global-setup.ts'],
          setupFiles: [CLOSE_VAN_STORES],
        },
      },
      { extends: true, test: { name: 'own-modules', include: OWN_MODULES, isolate: true, env: { OFFICE_TEST_BACKEND: 'sqlite' } } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: OFFICE_SUITE,
          exclude: [...SQLITE_ONLY, ...OWN_MODULES],
          env: { OFFICE_TEST_BACKEND: 'postgres' },
          globalSetup: ['tests/support/postgres-global-setup.ts'],
          setupFiles: [CLOSE_VAN_STORES, 'tests/support/postgres-file-cleanup.ts'],
        },
      },
    ],
  },
});
