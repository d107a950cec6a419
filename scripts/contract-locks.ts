import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

export const PROTOCOL_DIR = root('sync/protocol');
export const MIGRATIONS_DIR = root('office/platform/migrations');
export const DIALECTS = ['sqlite', 'postgres'] as const;
export const PROTOCOL_LOCK_PATH = root('sync/protocol-lock.json');
export const MIGRATIONS_LOCK_PATH = root('sync/migrations-lock.json');

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/**
 * A TypeScript file as the compiler sees it: comments removed and layout normalised by the printer, so a
 * comment or a line break can be mended without a protocol bump while any change of code still shows.
 */
export function codeOnly(fileName: string, source: string): string {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return ts.createPrinter({ removeComments: true }).printFile(file);
}

/** One hash over the code of every file of sync/protocol (path and content without comments), in a stable order. */
export function protocolHash(): string {
  const files = readdirSync(PROTOCOL_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).sort();
  return sha256(files.map((f) => `${f}\n${codeOnly(f, readFileSync(`${PROTOCOL_DIR}/${f}`, 'utf8'))}`).join('\n'));
}

/**
 * A migration's statements: whole-line `--` comments and blank lines dropped (a `--` inside a statement is
 * kept, since it may sit in a string), so a merged migration's comment can be mended but not its SQL.
 */
export function sqlOnly(sql: string): string {
  return sql
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('--'))
    .join('\n');
}

/** One migration file: its dialect folder, its `NNNN_name.sql`, and its key in the lock. */
export type MigrationFile = { dialect: (typeof DIALECTS)[number]; name: string; key: string; path: string };

/**
 * The lock keys a SQLite migration by its bare name, as it was keyed before the PostgreSQL twins existed, so
 * every merged hash stays exactly where it was; a PostgreSQL twin is keyed `postgres/NNNN_name.sql`.
 */
export const migrationKey = (dialect: MigrationFile['dialect'], name: string): string => (dialect === 'sqlite' ? name : `${dialect}/${name}`);

/** Every migration of every dialect, each dialect in its own folder, in order. */
export function migrationFiles(): MigrationFile[] {
  return DIALECTS.flatMap((dialect) =>
    readdirSync(`${MIGRATIONS_DIR}/${dialect}`)
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((name) => ({ dialect, name, key: migrationKey(dialect, name), path: `${MIGRATIONS_DIR}/${dialect}/${name}` })),
  );
}

export function migrationHashes(): Record<string, string> {
  return Object.fromEntries(migrationFiles().map((f) => [f.key, sha256(sqlOnly(readFileSync(f.path, 'utf8')))]));
}

export function readLock(path: string): Record<string, string> {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>) : {};
}
