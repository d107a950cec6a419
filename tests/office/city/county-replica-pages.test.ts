import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db } from '#office/platform/db/db.ts';
import { sql, sqlId } from '#office/platform/db/sql.ts';
import { CountyReplica } from '#server/office/city/county-replica.ts';
import { replicaSchema, stagingTablesScript } from '#server/office/city/replication-sql.ts';
import { checkpointOf } from '#server/office/city/stat-store.ts';
import { openTestDb, testBackend } from '../../support/backend.ts';
import { countingDb, type RowCounter } from '../../support/counting-db.ts';
import { tempFolderForTests } from '../../support/temp-folder.ts';

/**
 * The city takes a county's staged case events in pages bounded by bytes as well as by count: an event may be as large
 * as a van's push, and 500 of them read at once would be gigabytes in the office's memory. Every event is still taken
 * in, one larger than the whole bound on a page of its own.
 */
const COUNTY = '230822';
const dir = tempFolderForTests('county-replica-pages');

let db: Db;
let drop: () => Promise<void>;

const event = (seq: number, padding: number) => ({
  id: `event-${seq}`, caseId: 'case-1', deviceId: 'van-1', seq, at: '2026-06-01T02:00:00.000Z', actor: 'staff-1', prevHash: null, kind: 'note', payload: { text: 'x'.repeat(padding) }, hash: 'h',
});

beforeAll(async () => {
  if (testBackend() !== 'postgres') return;
  ({ db, drop } = await openTestDb(dir()));
  await db.transaction((tx) => tx.exec(stagingTablesScript(COUNTY)));
  const schema = sqlId(replicaSchema(COUNTY));
  // Six events of about 1 KB, then one of 10 KB, then two more small ones.
  const sizes = [1000, 1000, 1000, 1000, 1000, 1000, 10_000, 1000, 1000];
  for (const [i, padding] of sizes.entries()) {
    await db.run(sql`INSERT INTO ${schema}.case_events (seq, id, device_id, body) VALUES (${i + 1}, ${`event-${i + 1}`}, ${'van-1'}, ${JSON.stringify(event(i + 1, padding))})`);
  }
});
afterAll(async () => {
  await drop?.();
});

describe.skipIf(testBackend() !== 'postgres')('a county’s staged case events taken in at the city', () => {
  it('come in pages no heavier than the bound (but of at least one event), and all of them come in', async () => {
    const counter: RowCounter = { rows: 0, reads: [] };
    await new CountyReplica(countingDb(db, counter), { now: () => new Date() }, { pageSize: 500, pageBytes: 2500 }).takeIn(COUNTY);
    const pages = (counter.reads ?? []).filter((r) => r.query.render('postgres').text.includes('SELECT e.seq, e.body') && r.rows > 0).map((r) => r.rows);
    // Under 2,500 bytes before each page's last event: three small ones, then the large one alone, then the rest.
    expect(pages).toEqual([3, 3, 1, 2]);
    expect(await checkpointOf(db, `county:${COUNTY}:events`)).toBe(9);
  });
});
