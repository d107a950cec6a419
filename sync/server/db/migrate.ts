import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));
const NAME = /^\d{4}_[a-z0-9-_]+\.sql$/;

/** The migration files in order. Their names are `NNNN_short-name.sql` and they are never edited once merged. */
export function listMigrations(dir = MIGRATIONS_DIR): string[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  for (const f of files) if (!NAME.test(f)) throw new Error(`badly named migration: ${f}`);
  return files;
}

/** Applies every migration not applied yet, each in its own transaction. Returns the names applied. */
export function migrate(db: Database.Database, dir = MIGRATIONS_DIR): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set(
    (db.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((r) => r.name),
  );
  const applied: string[] = [];
  for (const name of listMigrations(dir)) {
    if (done.has(name)) continue;
    const text = readFileSync(`${dir}/${name}`, 'utf8');
    db.transaction(() => {
      db.exec(text);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(name, new Date().toISOString());
    })();
    applied.push(name);
  }
  return applied;
}
