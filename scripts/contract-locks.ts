import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

export const PROTOCOL_DIR = root('sync/protocol');
export const MIGRATIONS_DIR = root('office/platform/migrations');
export const DIALECTS = ['sqlite', 'postgres'] as const;
export const PROTOCOL_LOCK_PATH = root('sync/protocol-lock.json');
export const MIGRATIONS_LOCK_PATH = root('sync/migrations-lock.json');

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/** One hash over every file of sync/protocol (path and content), in a stable order. */
export function protocolHash(): string {
  const files = readdirSync(PROTOCOL_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).sort();
  return sha256(files.map((f) => `${f}\n${readFileSync(`${PROTOCOL_DIR}/${f}`, 'utf8')}`).join('\n'));
}

/** Every migration as `<dialect>/NNNN_name.sql`: each dialect has a folder of its own. */
export function migrationFiles(): string[] {
  return DIALECTS.flatMap((d) => readdirSync(`${MIGRATIONS_DIR}/${d}`).filter((f) => f.endsWith('.sql')).sort().map((f) => `${d}/${f}`));
}

export function migrationHashes(): Record<string, string> {
  return Object.fromEntries(migrationFiles().map((f) => [f, sha256(readFileSync(`${MIGRATIONS_DIR}/${f}`))]));
}

export function readLock(path: string): Record<string, string> {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>) : {};
}
