import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '#server/db/migrate.ts';
import { removeDir, tempDir } from './helpers.ts';

const dir = tempDir('case-owners-migration');
afterAll(() => removeDir(dir));

describe('the case-owners migration', () => {
  it('gives every case already stored to the device that wrote its header, or else its first document', () => {
    const all = fileURLToPath(new URL('../../sync/server/migrations/', import.meta.url));
    const before = join(dir, 'before');
    mkdirSync(before);
    for (const name of listMigrations(all).filter((n) => n < '0004')) copyFileSync(join(all, name), join(before, name));
    const db = new Database(join(dir, 'office.sqlite'));
    migrate(db, before);
    db.exec(`INSERT INTO devices (id, name, van_id, token_hash, enrolled_at) VALUES ('dev-a', 'a', 'van-1', 'h1', 't'), ('dev-b', 'b', 'van-2', 'h2', 't')`);
    const insert = db.prepare(`INSERT INTO documents (collection, id, seq, body, author, device_id, owner_device, audience_all, received_at) VALUES (?, ?, ?, ?, 'van', ?, ?, 0, 't')`);
    insert.run('caseEvents', 'e1', 1, JSON.stringify({ id: 'e1', caseId: 'case-1' }), 'dev-b', 'dev-b'); // arrived before its header
    insert.run('cases', 'case-1', 2, JSON.stringify({ id: 'case-1' }), 'dev-a', 'dev-a');
    insert.run('receipts', 'r1', 3, JSON.stringify({ id: 'r1', caseId: 'case-2' }), 'dev-b', 'dev-b');
    insert.run('scans', 's1', 4, JSON.stringify({ id: 's1', caseId: 'case-2' }), 'dev-a', 'dev-a');
    expect(migrate(db, all)).toEqual(listMigrations(all).filter((n) => n >= '0004'));
    expect(db.prepare('SELECT case_id, device_id, van_id FROM case_owners ORDER BY case_id').all()).toEqual([
      { case_id: 'case-1', device_id: 'dev-a', van_id: 'van-1' },
      { case_id: 'case-2', device_id: 'dev-b', van_id: 'van-2' },
    ]);
    db.close();
  });
});
