import { inject, describe, expect, it } from 'vitest';
import { listMigrations, migrate, MIGRATIONS_ROOT } from '#office/platform/db/migrate.ts';
import { openPostgresDb } from '#office/platform/db/postgres-db.ts';
import { openSqliteDb } from '#office/platform/db/sqlite-db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { type Db } from '#office/platform/db/db.ts';
import { openTestDb, testBackend } from '../support/backend.ts';
import { createDatabase } from '../support/postgres-server.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';

const backend = testBackend();

async function columns(db: Db): Promise<Record<string, string[]>> {
  const rows =
    db.dialect === 'sqlite'
      ? await db.all<{ t: string; c: string }>(sql`SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`)
      : await db.all<{ t: string; c: string }>(sql`SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'public'`);
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.t] ??= []).push(r.c);
  for (const t of Object.keys(out)) out[t]?.sort();
  return out;
}

describe(`migrations on ${backend}`, () => {
  it('applies every migration to a new database once, and nothing the second time', async () => {
    const dir = tempDir('office-migrate');
    // Naming the migrations gets an empty database, not a copy of the run's migrated template.
    const { db, drop } = await openTestDb(dir, backend, { migrations: MIGRATIONS_ROOT });
    try {
      const applied = (await db.all<{ name: string }>(sql`SELECT name FROM schema_migrations ORDER BY name`)).map((r) => r.name);
      expect(applied).toEqual(listMigrations(backend));
      expect(await migrate(db)).toEqual([]);
    } finally {
      await drop();
      removeDir(dir);
    }
  });
});

describe.runIf(backend === 'postgres')('migrations on PostgreSQL and SQLite side by side', () => {
  it('give both backends the same tables with the same columns', async () => {
    const dir = tempDir('office-schema');
    const lite = openSqliteDb(`${dir}/office.sqlite`);
    const { db, drop } = await openTestDb(dir, 'postgres');
    try {
      expect(await columns(db)).toEqual(await columns(lite));
    } finally {
      await lite.close();
      await drop();
      removeDir(dir);
    }
  });

  it('migrate a new database once when several office servers start on it at the same moment', async () => {
    const database = await createDatabase(inject('postgresAdminUrl'));
    const servers = await Promise.all([1, 2, 3].map(() => openPostgresDb(database.url, { poolSize: 2 })));
    try {
      const rows = await servers[0]!.all<{ name: string }>(sql`SELECT name FROM schema_migrations ORDER BY name`);
      expect(rows.map((r) => r.name)).toEqual(listMigrations('postgres'));
    } finally {
      await Promise.all(servers.map((s) => s.close()));
      await database.drop();
    }
  });
});
