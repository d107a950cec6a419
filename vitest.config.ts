import { defineConfig } from 'vitest/config';

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
 * Tests that replace modules (`vi.mock` of `electron`): they need a module cache of their own. Every other file
 * shares its worker's cache with the files that worker ran before (`isolate: false`): the office's module graph
 * then loads once per worker rather than once per file, which was a quarter of the suite's time.
 */
const OWN_MODULES = ['tests/electron/preload.test.ts', 'tests/electron/second-launch.test.ts', 'tests/electron/main.test.ts', 'tests/electron/app-protocol-office.test.ts'];
/** Closes the van stores a file left open, before the next file of its worker (RxDB caps open collections). */
const CLOSE_VAN_STORES = 'tests/support/close-van-stores.ts';
/** Tests of SQLite itself (its group commit and WAL fsync) or of nothing the database holds. */
const SQLITE_ONLY = ['tests/sync/group-commit.test.ts', 'tests/sync/contract-locks.test.ts', 'tests/integration/office-crash.test.ts', 'tests/office/drawing/draw-pool.test.ts'];

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
      { extends: true, test: { name: 'sqlite', include: ['tests/**/*.test.ts'], exclude: OWN_MODULES, env: { OFFICE_TEST_BACKEND: 'sqlite' }, setupFiles: [CLOSE_VAN_STORES] } },
      { extends: true, test: { name: 'own-modules', include: OWN_MODULES, isolate: true, env: { OFFICE_TEST_BACKEND: 'sqlite' } } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: OFFICE_SUITE,
          exclude: SQLITE_ONLY,
          env: { OFFICE_TEST_BACKEND: 'postgres' },
          globalSetup: ['tests/support/postgres-global-setup.ts'],
          setupFiles: [CLOSE_VAN_STORES, 'tests/support/postgres-file-cleanup.ts'],
        },
      },
    ],
  },
});
