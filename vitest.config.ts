import { defineConfig } from 'vitest/config';

// Node environment everywhere: RxDB attachments and serialport need real Node (see reference/rxdb.md §5).
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
