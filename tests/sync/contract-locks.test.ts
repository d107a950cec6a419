import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '#protocol/version.ts';
import { DIALECTS, MIGRATIONS_LOCK_PATH, PROTOCOL_LOCK_PATH, codeOnly, migrationFiles, migrationHashes, protocolHash, readLock, sqlOnly } from '#scripts/contract-locks.ts';

const HOW = 'run `npx tsx scripts/lock-contracts.ts` after bumping PROTOCOL_VERSION or adding a migration';

describe('the van ⇄ office contract (additive, versioned)', () => {
  it('does not change sync/protocol without a PROTOCOL_VERSION bump', () => {
    const locked = readLock(PROTOCOL_LOCK_PATH)[String(PROTOCOL_VERSION)];
    expect(locked, `protocol v${PROTOCOL_VERSION} is not locked: ${HOW}`).toBeDefined();
    expect(protocolHash(), `sync/protocol changed but PROTOCOL_VERSION is still ${PROTOCOL_VERSION}: bump it, keep the change additive, then ${HOW}`).toBe(locked);
  });

  it('lets a comment be mended without a bump, but not a schema', () => {
    const schema = "/** Why. */\nexport const A = z.object({ n: z.number() }); // trailing\n";
    expect(codeOnly('a.ts', schema)).toBe(codeOnly('a.ts', '/* Why, better cited. */\nexport const A = z.object({ n: z.number() });\n'));
    expect(codeOnly('a.ts', schema)).not.toBe(codeOnly('a.ts', 'export const A = z.object({ n: z.number().int() });\n'));
    const sql = "-- Why.\nCREATE TABLE t (a TEXT DEFAULT '--');\n\n";
    expect(sqlOnly(sql)).toBe(sqlOnly("-- Why, better cited.\nCREATE TABLE t (a TEXT DEFAULT '--');\n"));
    expect(sqlOnly(sql)).not.toBe(sqlOnly("CREATE TABLE t (a TEXT DEFAULT '-');\n"));
  });

  it('names migrations NNNN_short-name.sql, numbered from 0001 without gaps, in each dialect', () => {
    for (const dialect of DIALECTS) {
      const names = migrationFiles().filter((f) => f.dialect === dialect).map((f) => f.name);
      names.forEach((name, i) => expect(name, `${dialect}/${name}`).toMatch(new RegExp(`^${String(i + 1).padStart(4, '0')}_[a-z0-9-]+\\.sql$`)));
    }
  });

  it('has every migration in both dialects under the same name, so both backends hold the same tables', () => {
    const names = (dialect: string) => migrationFiles().filter((f) => f.dialect === dialect).map((f) => f.name);
    expect(names('postgres'), 'add the PostgreSQL twin of each SQLite migration (office/platform/migrations/postgres/)').toEqual(names('sqlite'));
  });

  it('never edits or removes a migration once it is locked', () => {
    const locked = readLock(MIGRATIONS_LOCK_PATH);
    const current = migrationHashes();
    for (const [file, hash] of Object.entries(locked)) expect(current[file], `${file} was edited or removed; add a new migration instead`).toBe(hash);
    for (const file of Object.keys(current)) expect(locked[file], `${file} is new: ${HOW}`).toBeDefined();
  });

  it('flags DROP and RENAME in migrations, which old vans and readers may still need', () => {
    for (const file of migrationFiles()) {
      const sql = readFileSync(file.path, 'utf8').toUpperCase();
      expect(sql, `${file.key} drops or renames`).not.toMatch(/\bDROP\s+(TABLE|COLUMN)\b|\bRENAME\s+(TO|COLUMN)\b/);
    }
  });
});
