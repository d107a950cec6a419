import pg from 'pg';
import { type TestProject } from 'vitest/node';
import { openPostgresDb } from '#office/platform/db/postgres-db.ts';
import { createDatabase, startPostgresServer } from './postgres-server.ts';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- vitest's provide/inject typing is an interface
  export interface ProvidedContext {
    postgresAdminUrl: string;
    /** A database holding every migration, to copy (tests/support/backend.ts). */
    postgresTemplate: string;
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

const TEMPLATE = 'office_template';

/**
 * Migrates one database for the whole run, which each test database then copies (`CREATE DATABASE … TEMPLATE`):
 * a copy took 0.1–0.4 s against 0.5–0.7 s to make and migrate an empty one, on the loaded two-core machine. The
 * office finds a copy migrated, since what it has applied is its `schema_migrations` table, copied with the rest.
 * Copying needs the template to have no connections (postgresql.org/docs/15/manage-ag-templatedbs.html): closed,
 * then `ALLOW_CONNECTIONS false`, which keeps everything else out too, autovacuum included. The default strategy,
 * WAL_LOG, stays: FILE_COPY checkpoints before and after each copy, and the office tests took longer with it
 * (77–84 s against 73 s).
 */
async function migrateTemplate(adminUrl: string): Promise<string> {
  const { url } = await createDatabase(adminUrl, TEMPLATE);
  await (await openPostgresDb(url, { poolSize: 1 })).close();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`ALTER DATABASE "${TEMPLATE}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  } finally {
    await admin.end();
  }
  return TEMPLATE;
}

/** One PostgreSQL server for the whole test run; each test file makes its own databases on it. */
export async function setup(project: TestProject): Promise<() => void> {
  const server = startPostgresServer({ settings: NO_DISK_FLUSH });
  // Stopped even when the run is interrupted, so no postgres outlives the tests.
  const onExit = () => server.stop();
  process.once('exit', onExit);
  const teardown = () => {
    process.off('exit', onExit);
    // The template goes with the server's folder.
    server.stop();
  };
  try {
    project.provide('postgresTemplate', await migrateTemplate(server.adminUrl));
  } catch (error) {
    teardown();
    throw error;
  }
  project.provide('postgresAdminUrl', server.adminUrl);
  return teardown;
}
