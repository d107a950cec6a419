import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { type Db } from './db.ts';
import { sql, type Dialect } from './sql.ts';

/**
 * Versioned migrations, one folder per dialect: `migrations/sqlite/NNNN_name.sql` and
 * `migrations/postgres/NNNN_name.sql`. Every migration exists in both folders under the same name
 * (tests/office-platform/migrations.test.ts checks it), so both backends always have the same tables.
 * A merged migration is never edited (`sync/migrations-lock.json`); a change is a new number.
 */
export const MIGRATIONS_ROOT = fileURLToPath(new URL('../migrations/', import.meta.url));
const NAME = /^\d{4}_[a-z0-9-_]+\.sql$/;

/** The migration files of a dialect, in order. */
export function listMigrations(dialect: Dialect, root = MIGRATIONS_ROOT): string[] {
  const files = readdirSync(`${root}/${dialect}`).filter((f) => f.endsWith('.sql')).sort();
  for (const f of files) if (!NAME.test(f)) throw new Error(`badly named migration: ${dialect}/${f}`);
  return files;
}

const CREATE_LEDGER = 'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)';

/** Applies every SQLite migration not applied yet, each in its own transaction. Returns the names applied. */
export function migrateSqlite(db: Database.Database, root = MIGRATIONS_ROOT): string[] {
  db.exec(CREATE_LEDGER);
  const done = new Set((db.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((r) => r.name));
  const applied: string[] = [];
  for (const name of listMigrations('sqlite', root)) {
    if (done.has(name)) continue;
    const text = readFileSync(`${root}/sqlite/${name}`, 'utf8');
    db.transaction(() => {
      db.exec(text);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(name, new Date().toISOString());
    })();
    applied.push(name);
  }
  return applied;
}

/**
 * Applies every migration of the database's dialect not applied yet, each in its own transaction, under a
 * lock every office server honours (several servers may start at once on one PostgreSQL).
 */
export async function migrate(db: Db, root = MIGRATIONS_ROOT): Promise<string[]> {
  return db.withLock('schema-migrations', async () => {
    await db.transaction((tx) => tx.exec(CREATE_LEDGER));
    const done = new Set((await db.all<{ name: string }>(sql`SELECT name FROM schema_migrations`)).map((r) => r.name));
    const applied: string[] = [];
    for (const name of listMigrations(db.dialect, root)) {
      if (done.has(name)) continue;
      const text = readFileSync(`${root}/${db.dialect}/${name}`, 'utf8');
      await db.transaction(async (tx) => {
        await tx.exec(text);
        await tx.run(sql`INSERT INTO schema_migrations (name, applied_at) VALUES (${name}, ${new Date().toISOString()})`);
      });
      applied.push(name);
    }
    return applied;
  });
}
