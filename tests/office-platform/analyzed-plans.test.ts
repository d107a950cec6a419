import { describe, expect, it } from 'vitest';
import { type Db } from '#office/platform/db/db.ts';
import { openSqliteDb, type SqliteDb } from '#office/platform/db/sqlite-db.ts';
import { sql, sqlRows, type SqlValue } from '#office/platform/db/sql.ts';
import { documentReads } from '#office/replication/document-store.ts';
import { testBackend } from '../support/backend.ts';
import { countingDb, type RowCounter } from '../support/counting-db.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

/**
 * An SQLite office keeps its planner's statistics (`PRAGMA optimize` at open, every few hours and at close,
 * sqlite-db.ts): after a restart the reads that walked a whole collection without them (document-plans.test.ts
 * leaves them out) each read their own index. PostgreSQL analyzes by itself (autovacuum).
 */
const dir = tempFolderForTests('analyzed-plans');

/** 20 devices, 25 cases each with 10 events and a case document; 20 vans' trips shared through doc_audience. */
async function fill(db: SqliteDb): Promise<void> {
  const rows: SqlValue[][] = [];
  let seq = 0;
  const doc = (collection: string, id: string, device: string | null, keys: { caseId?: string; tripId?: string }) =>
    rows.push([collection, id, ++seq, JSON.stringify({ id }), device ? 'van' : 'office', device, device, device ? 0 : 1, '2026-12-05T00:00:00Z', keys.caseId ?? null, keys.tripId ?? null, null]);
  for (let t = 0; t < 40; t++) doc('trips', `t${t}`, null, { tripId: `t${t}` });
  for (let d = 1; d <= 20; d++) {
    for (let c = 0; c < 25; c++) {
      const caseId = `dev-${d}-c${c}`;
      doc('cases', caseId, `dev-${d}`, { caseId, tripId: `t${c % 40}` });
      for (let e = 0; e < 10; e++) doc('caseEvents', `${caseId}-e${e}`, `dev-${d}`, { caseId });
    }
  }
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 100) {
      await tx.run(sql`INSERT INTO documents (collection, id, seq, body, author, device_id, owner_device, audience_all, received_at, case_id, trip_id, ref) VALUES ${sqlRows(rows.slice(i, i + 100))}`);
    }
    for (let t = 0; t < 40; t++) await tx.run(sql`INSERT INTO doc_audience (collection, id, van_id) VALUES ('trips', ${`t${t}`}, ${`van-${(t % 20) + 1}`})`);
  });
}

async function planOf(db: SqliteDb, read: (q: Db) => Promise<unknown>): Promise<string> {
  const counter: RowCounter = { rows: 0, queries: [] };
  await read(countingDb(db, counter));
  const [query] = counter.queries ?? [];
  if (!query) throw new Error('the read sent no statement');
  return (await db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${query}`)).map((r) => r.detail).join('\n');
}

describe.skipIf(testBackend() !== 'sqlite')('an SQLite office with its statistics', () => {
  it('after a restart plans the reads that walked a collection on their index', async () => {
    const file = `${dir()}/office.sqlite`;
    let db = openSqliteDb(file);
    await fill(db);
    const ofCases = (q: Db) => documentReads(q).ofCases('caseEvents', ['dev-1-c1', 'dev-2-c2']);
    const casesOfDevice = (q: Db) => q.all(sql`SELECT DISTINCT case_id FROM documents WHERE device_id = ${'dev-1'} AND collection = 'caseEvents' AND case_id IS NOT NULL`);
    const sharedWith = (q: Db) => documentReads(q).sharedWith('trips', 'van-1');
    // None for the documents of a new office (document-plans.test.ts): the collection by the primary key, the trips in write order.
    expect(await planOf(db, ofCases)).toMatch(/SEARCH documents USING PRIMARY KEY \(collection=\?\)/);
    expect(await planOf(db, sharedWith)).toMatch(/SEARCH d USING INDEX documents_by_seq \(collection=\?\)/);
    await db.close();

    db = openSqliteDb(file);
    try {
      const stats = await db.all<{ idx: string }>(sql`SELECT idx FROM sqlite_stat1 WHERE tbl = 'documents'`);
      expect(stats.map((s) => s.idx)).toEqual(expect.arrayContaining(['documents_by_case_seq', 'documents_by_device_seq', 'documents_by_seq']));
      expect(await planOf(db, ofCases)).toMatch(/SEARCH documents USING INDEX documents_by_case_seq \(case_id=\? AND collection=\?\)/);
      expect(await planOf(db, casesOfDevice)).toMatch(/SEARCH documents USING INDEX documents_by_device_seq \(device_id=\? AND collection=\?\)/);
      expect(await planOf(db, sharedWith)).toMatch(/SEARCH a USING COVERING INDEX doc_audience_by_van \(van_id=\? AND collection=\?\)\nSEARCH d USING PRIMARY KEY/);
    } finally {
      await db.close();
    }
  });
});
