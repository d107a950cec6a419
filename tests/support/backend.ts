import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { listMigrations, MIGRATIONS_ROOT } from '#office/platform/db/migrate.ts';
import { type Db } from '#office/platform/db/db.ts';
import { openPostgresDb } from '#office/platform/db/postgres-db.ts';
import { openSqliteDb } from '#office/platform/db/sqlite-db.ts';
import { createDatabase } from './postgres-server.ts';

/** Which database the office tests run on: each office test file runs once per backend (vitest projects). */
export type Backend = 'sqlite' | 'postgres';
export const testBackend = (): Backend => (process.env['OFFICE_TEST_BACKEND'] === 'postgres' ? 'postgres' : 'sqlite');

/** A fresh office database on the run's backend: SQLite in `dataDir`, or a new PostgreSQL database. */
export async function openTestDb(
  dataDir: string,
  backend: Backend = testBackend(),
  opts: { migrations?: string } = {},
): Promise<{ db: Db; url: string | null; drop: () => Promise<void> }> {
  if (backend === 'sqlite') {
    const db = openSqliteDb(`${dataDir}/office.sqlite`, opts);
    return { db, url: null, drop: () => db.close() };
  }
  const database = await createDatabase(inject('postgresAdminUrl'));
  const db = await openPostgresDb(database.url, { poolSize: 4, ...opts });
  return {
    db,
    url: database.url,
    drop: async () => {
      await db.close();
      await database.drop();
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
