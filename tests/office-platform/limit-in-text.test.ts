import { describe, expect, it } from 'vitest';
import { type Db, type Queryable } from '#office/platform/db/db.ts';
import { type Sql } from '#office/platform/db/sql.ts';
import { documentReads } from '#office/replication/document-store.ts';
import { incidentReads } from '#office/replication/incident-store.ts';
import { factsAfter, marketChangesAfter } from '#server/office/city/stat-store.ts';
import { cityReads } from '#server/office/city/city-store.ts';
import { dbProvinceStore } from '#server/office/province/province-store.ts';
import { dbMapStore } from '#server/office/map/db-map-store.ts';
import { officeRecords } from '#server/office/records.ts';
import { dbQueryStore } from '#server/office/archive/db-query-store.ts';
import { dbImportStore } from '#server/office/archive/db-import-store.ts';
import { dbRegisterStore } from '#server/office/archive/db-register-store.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { casesInStage } from '#server/office/case-stages.ts';

/** Keeps every statement it is given and answers none: what the reads send, not what they get back. */
function recorder(): Queryable & { statements: Sql[] } {
  const statements: Sql[] = [];
  return {
    dialect: 'sqlite',
    statements,
    all: <Row>(q: Sql) => (statements.push(q), Promise.resolve([] as Row[])),
    get: <Row>(q: Sql) => (statements.push(q), Promise.resolve(undefined as Row | undefined)),
    run: (q: Sql) => (statements.push(q), Promise.resolve(0)),
  };
}

/** The recorder as a whole database, for the stores built on one: the reads below open no transaction nor lock. */
function recordingDb(): Db & { statements: Sql[] } {
  const unused = () => Promise.reject(new Error('a read took a transaction, lock or listener'));
  return { ...recorder(), transaction: unused, listen: unused, withLock: unused, tryLock: unused, backup: unused, close: unused };
}

/** Each statement ends in `LIMIT 37` written out, with no parameter 37, in both dialects: those that do not are named. */
function expectLimitInText(statements: readonly Sql[]): void {
  const inText = (s: Sql): boolean => {
    const { text, values } = s.render('sqlite');
    return / LIMIT 37( OFFSET \?)?$/.test(text) && !values.includes(37) && / LIMIT 37( OFFSET \$\d+)?$/.test(s.render('postgres').text);
  };
  expect(statements.filter((s) => !inText(s)).map((s) => s.render('sqlite').text)).toEqual([]);
}

// A bound LIMIT makes SQLite compile the statement again on every run (sql.ts, `sqlLimit`): the reads that page
// through a change stream (a van's or the office's pull, the city's feeds) run often, most of them finding nothing;
// the rest (the admin pages' lists, the workers' batches) run less often, and every caller's limit is a constant.
describe('the paging reads write their LIMIT into the text', () => {
  it('pulls, incidents and the city feeds: the limit a literal, never a parameter', async () => {
    const q = recorder();
    const reads = documentReads(q);
    await reads.pull('caseEvents', { seq: 5 }, 37, { kind: 'office' });
    await reads.pull('caseEvents', undefined, 37, { kind: 'device', deviceId: 'dev-1', vanId: 'van-1' });
    await reads.pull('trips', { seq: 9 }, 37, { kind: 'device', deviceId: 'dev-1', vanId: 'van-1', withoutOwn: true });
    await reads.tripsByDate(null, 37);
    await reads.tripsByDate({ side: 'older', date: '2026-12-05', id: 'trip-1' }, 37);
    await reads.tripsByDate({ side: 'newer', date: '2026-12-05', id: 'trip-1' }, 37);
    await reads.appointmentsFrom('2026-12-05', 37);
    await incidentReads(q).latest(37);
    await factsAfter(q, '130102', 4, 37);
    await marketChangesAfter(q, 4, 37);
    expect(q.statements).toHaveLength(10);
    expectLimitInText(q.statements);
  });

  it("the admin pages' lists and the workers' batches (archive, market, province, map, records, city, the stage lists): the same", async () => {
    const db = recordingDb();
    await cityReads(db).chains(37);
    const province = dbProvinceStore(db);
    await province.due('2026-12-05T08:00:00.000Z', 37);
    await province.list(37);
    await province.log(37);
    await dbMapStore(db).costTableHistory(37);
    await officeRecords(db).openAppointmentRequests(37);
    await dbQueryStore(db).auditFrom(1, 37);
    await dbImportStore(db).recent(37);
    const register = dbRegisterStore(db);
    await register.find('certificate', '黑(2026)佳木斯市不动产权第0000001号', 37);
    await register.dueForChange('2026-12-05', 37);
    await register.outbox(37);
    const market = dbMarketStores(db);
    await market.table.projects(null, 37);
    await market.table.projects('230803', 37);
    await market.outbox.outbox(37);
    await market.listings.ofSource('org-agency-1', 37);
    await market.listings.queue(37);
    await market.filings.draftsOf('org-developer-1', 'draft', 37);
    await market.filings.filingsOf('org-developer-1', 37);
    await market.filings.notices('org-bank-1', 37);
    await dbRegisterStore(db).find('address', '佳木斯市向阳区长安路', 37);
    // The dashboard's stage lists, the first page and one after a cursor.
    await casesInStage(db, 'approved', null, 37);
    await casesInStage(db, 'approved', { acceptedAt: '2026-12-05T01:00:00.000Z', caseId: 'case-1' }, 37);
    expect(db.statements).toHaveLength(22);
    expectLimitInText(db.statements);
  });
});
