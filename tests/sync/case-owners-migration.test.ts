import { describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '#office/platform/db/migrate.ts';
import { sql } from '#office/platform/db/sql.ts';
import { migrationsBefore, openTestDb, testBackend } from '../support/backend.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const dir = tempFolderForTests('case-owners-migration');

describe(`the case-owners migration on ${testBackend()}`, () => {
  it('gives every case already stored to the device that wrote its header, or else its first document', async () => {
    const { db, drop } = await openTestDb(dir(), testBackend(), { migrations: migrationsBefore(dir(), '0004') });
    try {
      await db.run(sql`INSERT INTO devices (id, name, van_id, token_hash, enrolled_at) VALUES ('dev-a', 'a', 'van-1', 'h1', 't'), ('dev-b', 'b', 'van-2', 'h2', 't')`);
      const insert = (collection: string, id: string, seq: number, body: unknown, device: string) =>
        db.run(sql`INSERT INTO documents (collection, id, seq, body, author, device_id, owner_device, audience_all, received_at)
                   VALUES (${collection}, ${id}, ${seq}, ${JSON.stringify(body)}, 'van', ${device}, ${device}, 0, 't')`);
      await insert('caseEvents', 'e1', 1, { id: 'e1', caseId: 'case-1' }, 'dev-b'); // arrived before its header
      await insert('cases', 'case-1', 2, { id: 'case-1' }, 'dev-a');
      await insert('receipts', 'r1', 3, { id: 'r1', caseId: 'case-2' }, 'dev-b');
      await insert('scans', 's1', 4, { id: 's1', caseId: 'case-2' }, 'dev-a');
      expect(await migrate(db)).toEqual(listMigrations(db.dialect).filter((n) => n >= '0004'));
      expect(await db.all(sql`SELECT case_id, device_id, van_id FROM case_owners ORDER BY case_id`)).toEqual([
        { case_id: 'case-1', device_id: 'dev-a', van_id: 'van-1' },
        { case_id: 'case-2', device_id: 'dev-b', van_id: 'van-2' },
      ]);
    } finally {
      await drop();
    }
  });
});
