import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { listMigrations, MIGRATIONS_ROOT } from '#office/platform/db/migrate.ts';
import { type Db } from '#office/platform/db/db.ts';
import { openPostgresDb } from '#office/platform/db/postgres-db.ts';
import { openSqliteDb } from '#office/platform/db/sqlite-db.ts';
import { createDatabase } from './postgres-server.ts';
import { DbStorage } from '#server/storage/db-storage.ts';
import { type Clock } from '#domain/clock.ts';

/** Which database the office tests run on: each office test file runs once per backend (vitest projects). */
export type Backend = 'sqlite' | 'postgres';
export const testBackend = (): Backend => (process.env['OFFICE_TEST_BACKEND'] === 'postgres' ? 'postgres' : 'sqlite');

/**
 * The PostgreSQL database of each office data folder in this test file: an office restarted on the same
 * folder finds its data again, as it does on SQLite. Whatever is left is dropped after the file
 * (tests/support/postgres-file-cleanup.ts).
 */
const databases = new Map<string, { url: string; drop: () => Promise<void> }>();

/** Drops every database this test file made and did not drop itself. */
export async function dropTestDatabases(): Promise<void> {
  const left = [...databases.values()];
  databases.clear();
  for (const d of left) await d.drop();
}

/**
 * An office database on the run's backend: SQLite in `dataDir`, or the PostgreSQL database of `dataDir` (new the
 * first time). A new PostgreSQL one is a copy of the run's migrated template (postgres-global-setup.ts), or empty
 * when the test brings its own `migrations` and so migrates from nothing.
 */
export async function openTestDb(
  dataDir: string,
  backend: Backend = testBackend(),
  opts: { migrations?: string } = {},
): Promise<{ db: Db; url: string | null; drop: () => Promise<void> }> {
  if (backend === 'sqlite') {
    const db = openSqliteDb(`${dataDir}/office.sqlite`, opts);
    return { db, url: null, drop: () => db.close() };
  }
  let database = databases.get(dataDir);
  if (!database) {
    database = await createDatabase(inject('postgresAdminUrl'), undefined, opts.migrations === undefined ? { template: inject('postgresTemplate') } : {});
    databases.set(dataDir, database);
  }
  const db = await openPostgresDb(database.url, { poolSize: 4, ...opts });
  const { drop } = database;
  return {
    db,
    url: database.url,
    drop: async () => {
      await db.close();
      databases.delete(dataDir);
      await drop();
    },
  };
}

/**
 * A migrations folder holding only the migrations numbered below `before`, of both dialects: open a test
 * database with it, store rows the way an older office did, then `migrate` the rest and check what it did.
 */
export function migrationsBefore(dir: string, before: string): string {
  const root = join(dir, `migrations-before-${before}`);
  for (const dialect of ['sqlite', 'postgres'] as const) {
    mkdirSync(join(root, dialect), { recursive: true });
    for (const name of listMigrations(dialect).filter((n) => n < before)) copyFileSync(join(MIGRATIONS_ROOT, dialect, name), join(root, dialect, name));
  }
  return root;
}

/**
 * The office's storage on the run's backend, for a test office: `dispose()` after the office (which closes
 * the storage) removes the PostgreSQL database.
 */
export async function openTestStorage(dataDir: string, opts: { clock?: Clock; backend?: Backend } = {}): Promise<{ storage: DbStorage; url: string | null; dispose: () => Promise<void> }> {
  const { db, url, drop } = await openTestDb(dataDir, opts.backend ?? testBackend());
  return { storage: new DbStorage(db, opts.clock), url, dispose: drop };
}
