import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '#office/platform/db/migrate.ts';
import { sql } from '#office/platform/db/sql.ts';
import { migrationsBefore, openTestDb, testBackend } from '../support/backend.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';

describe(`the migration that scopes staff, on ${testBackend()}`, () => {
  const dir = tempDir('staff-scope-migration');
  afterAll(() => removeDir(dir));

  it('takes every staff document away from all vans and gives each van clerk to the vans of their trips', async () => {
    const { db, drop } = await openTestDb(dir, testBackend(), { migrations: migrationsBefore(dir, '0005') });
    try {
      const insert = (collection: string, id: string, seq: number, body: unknown) =>
        db.run(sql`INSERT INTO documents (collection, id, seq, body, author, audience_all, received_at) VALUES (${collection}, ${id}, ${seq}, ${JSON.stringify(body)}, 'office', 1, 't')`);
      await insert('staff', 's-clerk', 1, { id: 's-clerk', roles: ['van-clerk'] });
      await insert('staff', 's-admin', 2, { id: 's-admin', roles: ['admin'] });
      await insert('trips', 't1', 3, { id: 't1', vanId: 'van-9', staffIds: ['s-clerk', 's-admin'] });
      await migrate(db);
      expect(await db.all(sql`SELECT id, audience_all FROM documents WHERE collection = 'staff' ORDER BY id`)).toEqual([
        { id: 's-admin', audience_all: 0 },
        { id: 's-clerk', audience_all: 0 },
      ]);
      expect(await db.all(sql`SELECT id, van_id FROM doc_audience WHERE collection = 'staff'`)).toEqual([{ id: 's-clerk', van_id: 'van-9' }]);
    } finally {
      await drop();
    }
  });
});
