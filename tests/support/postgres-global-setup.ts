import { type TestProject } from 'vitest/node';
import { startPostgresServer } from './postgres-server.ts';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- vitest's provide/inject typing is an interface
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}

/**
 * A throwaway server needs no durability against a crash of the machine: without `fsync` (and the full-page images
 * that guard against torn pages when the machine loses power) a file's migrations of each new database, its
 * commits and its drops wait for no disk flush. A crash of the server itself loses nothing still: what a commit
 * wrote is in the kernel's cache, and recovery replays it (`synchronous_commit` stays on). Migrating a new database
 * took ~1.2 s with them and ~0.5 s without on the two-core CI machine, and the suite opens hundreds.
 */
const NO_DISK_FLUSH = { fsync: 'off', full_page_writes: 'off' };

/** One PostgreSQL server for the whole test run; each test file makes its own database on it. */
export function setup(project: TestProject): () => void {
  const server = startPostgresServer({ settings: NO_DISK_FLUSH });
  // Stopped even when the run is interrupted, so no postgres outlives the tests.
  const onExit = () => server.stop();
  process.once('exit', onExit);
  project.provide('postgresAdminUrl', server.adminUrl);
  return () => {
    process.off('exit', onExit);
    server.stop();
  };
}
