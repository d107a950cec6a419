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
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['tests/**/*.test.ts'], env: { OFFICE_TEST_BACKEND: 'sqlite' } } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: OFFICE_SUITE,
          exclude: SQLITE_ONLY,
          env: { OFFICE_TEST_BACKEND: 'postgres' },
          globalSetup: ['tests/support/postgres-global-setup.ts'],
          setupFiles: ['tests/support/postgres-file-cleanup.ts'],
        },
      },
    ],
  },
});
