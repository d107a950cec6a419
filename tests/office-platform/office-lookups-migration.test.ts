import { describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '#office/platform/db/migrate.ts';
import { sql } from '#office/platform/db/sql.ts';
import { documentKeys } from '#office/replication/document-keys.ts';
import { migrationsBefore, openTestDb, testBackend } from '../support/backend.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const dir = tempFolderForTests('office-lookups-migration');

const accepted = { id: 'e1', caseId: 'case-1', kind: 'accepted', payload: { caseNumber: 'JMS-2026-00001' } };
const refused = { id: 'e2', caseId: 'case-2', kind: 'intake-refused', payload: { intake: { caseNumber: 'JMS-2026-00002' } } };
const refund = { id: 'e3', caseId: 'case-1', kind: 'fee-refunded', payload: { tripId: 'trip-b', refundNumber: 'TK1' } };
const note = { id: 'e4', caseId: 'case-1', kind: 'note', payload: { caseNumber: 'not-an-intake' } };
const tripWithBlock = { id: 'trip-a', vanId: 'van-1', date: '2026-01-05', receiptBlock: { prefix: 'JMS', first: 1, last: 100, width: 6 } };
const tripWithout = { id: 'trip-b', vanId: 'van-1', date: '2026-01-06', receiptBlock: null };

describe(`the office-lookups migration on ${testBackend()}`, () => {
  it('keys stored intake events by case number, refunds by their trip, and trips’ blocks by prefix and range, as new writes key them', async () => {
    const { db, drop } = await openTestDb(dir(), testBackend(), { migrations: migrationsBefore(dir(), '0020') });
    try {
      let seq = 1;
      for (const e of [accepted, refused, refund, note]) {
        await db.run(sql`INSERT INTO documents (collection, id, seq, body, author, device_id, owner_device, audience_all, received_at, case_id)
                         VALUES ('caseEvents', ${e.id}, ${seq++}, ${JSON.stringify(e)}, 'van', 'dev-a', 'dev-a', 0, 't', ${e.caseId})`);
      }
      for (const t of [tripWithBlock, tripWithout]) {
        await db.run(sql`INSERT INTO documents (collection, id, seq, body, author, audience_all, received_at, trip_id)
                         VALUES ('trips', ${t.id}, ${seq++}, ${JSON.stringify(t)}, 'office', 0, 't', ${t.id})`);
      }
      expect(await migrate(db)).toEqual(listMigrations(db.dialect).filter((n) => n >= '0020'));
      const rows = await db.all<{ id: string; trip_id: string | null; ref: string | null }>(sql`SELECT id, trip_id, ref FROM documents WHERE collection = 'caseEvents' ORDER BY id`);
      expect(rows).toEqual([
        { id: 'e1', trip_id: null, ref: 'JMS-2026-00001' },
        { id: 'e2', trip_id: null, ref: 'JMS-2026-00002' },
        { id: 'e3', trip_id: 'trip-b', ref: null },
        { id: 'e4', trip_id: null, ref: null },
      ]);
      // The same keys a write after the migration stores (office/replication/document-keys.ts).
      for (const e of [accepted, refused, refund, note]) {
        const k = documentKeys('caseEvents', { ...e, _deleted: false });
        expect({ id: e.id, trip_id: k.tripId, ref: k.ref }).toEqual(rows.find((r) => r.id === e.id));
      }
      expect(await db.all(sql`SELECT trip_id, prefix, first, last FROM receipt_blocks ORDER BY trip_id`)).toEqual([{ trip_id: 'trip-a', prefix: 'JMS', first: 1, last: 100 }]);
    } finally {
      await drop();
    }
  });
});
