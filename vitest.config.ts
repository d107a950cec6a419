import { defineConfig } from 'vitest/config';

/**
 * The office's tests, which run once more against a real PostgreSQL server the run starts itself
 * (tests/support/postgres-global-setup.ts); every other test runs once, on SQLite where it needs an office.
 */
const OFFICE_SUITE = ['tests/office-platform/**/*.test.ts', 'tests/sync/case-owners-migration.test.ts', 'tests/security/staff-scope-migration.test.ts'];

// Node environment everywhere: RxDB attachments and serialport need real Node (see reference/rxdb.md §5).
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
        test: { name: 'postgres', include: OFFICE_SUITE, env: { OFFICE_TEST_BACKEND: 'postgres' }, globalSetup: ['tests/support/postgres-global-setup.ts'] },
      },
    ],
  },
});
