import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROMISED_LIMITS } from '#domain/calendar/promised-limits.ts';
import { type Db } from '#office/platform/db/db.ts';
import { listMigrations, migrate } from '#office/platform/db/migrate.ts';
import { type Sql, sql } from '#office/platform/db/sql.ts';
import { documentKeys } from '#office/replication/document-keys.ts';
import { documentReads } from '#office/replication/document-store.ts';
import { tripStaffReads } from '#office/replication/trip-staff-store.ts';
import { CaseStages } from '#server/office/case-stages.ts';
import { cityOverview, countyEventsPage } from '#server/office/city/city-service.ts';
import { buildDashboard } from '#server/office/dashboard-service.ts';
import { feeTablesFor } from '#server/office/fee-tables.ts';
import { officeRecords } from '#server/office/records.ts';
import { DbStorage } from '#server/storage/db-storage.ts';
import { migrationsBefore, openTestDb, testBackend } from '../support/backend.ts';
import { countingDb, type RowCounter } from '../support/counting-db.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

/**
 * The office pages' reads of migration 0031 (dashboard, trips, appointments, fee schedules, who works on which
 * trip, a statement's receipts): stored rows keyed as new writes key them, and each query planned on an index,
 * never a scan of its table. Request paths reading as many rows on a grown office: request-reads.test.ts.
 */
const dir = tempFolderForTests('page-reads');

const trip = (id: string, date: string, staffIds: string[]) => ({ id, vanId: 'van-1', date, staffIds, receiptBlock: null });
const schedule = (id: string, effectiveFrom: string) => ({ id, version: id, effectiveFrom, rules: [{ code: 'registration-residential', amountFen: 9000 }], updatedAt: '2026-01-01T00:00:00.000Z', _deleted: false });

describe(`the office-page-reads migration on ${testBackend()}`, () => {
  it('records who works on each stored trip and keys stored fee schedules by the day they take effect, as new writes do', async () => {
    const { db, drop } = await openTestDb(`${dir()}/migration`, testBackend(), { migrations: migrationsBefore(dir(), '0031') });
    try {
      let seq = 1;
      for (const t of [trip('trip-a', '2026-01-05', ['staff-1', 'staff-2']), trip('trip-b', '2026-01-06', ['staff-1'])]) {
        await db.run(sql`INSERT INTO documents (collection, id, seq, body, author, audience_all, received_at, trip_id)
                         VALUES ('trips', ${t.id}, ${seq++}, ${JSON.stringify(t)}, 'office', 0, 't', ${t.id})`);
      }
      await db.run(sql`INSERT INTO documents (collection, id, seq, body, author, audience_all, received_at)
                       VALUES ('feeSchedules', 'fees-a', ${seq++}, ${JSON.stringify(schedule('fees-a', '2024-07-01'))}, 'office', 1, 't')`);
      await db.run(sql`UPDATE case_stage_cursors SET seq = 7`);
      expect(await migrate(db)).toEqual(listMigrations(db.dialect).filter((n) => n >= '0031'));
      expect(await db.all(sql`SELECT staff_id, trip_id, van_id FROM trip_staff ORDER BY staff_id, trip_id`)).toEqual([
        { staff_id: 'staff-1', trip_id: 'trip-a', van_id: 'van-1' },
        { staff_id: 'staff-1', trip_id: 'trip-b', van_id: 'van-1' },
        { staff_id: 'staff-2', trip_id: 'trip-a', van_id: 'van-1' },
      ]);
      const ref = await db.get<{ ref: string }>(sql`SELECT ref FROM documents WHERE collection = 'feeSchedules' AND id = 'fees-a'`);
      expect(ref?.ref).toBe(documentKeys('feeSchedules', schedule('fees-a', '2024-07-01')).ref);
      expect(ref?.ref).toBe('2024-07-01');
      // Every stored case is worked out again, filling the dashboard's columns and counts.
      expect(await db.all(sql`SELECT collection, seq FROM case_stage_cursors ORDER BY collection`)).toEqual([
        { collection: 'caseEvents', seq: 0 },
        { collection: 'cases', seq: 0 },
      ]);
    } finally {
      await drop();
    }
  });
});

/** The tables whose size grows with the office's records: a query may read them only through an index. */
const GROWING = ['documents', 'case_stages', 'case_work', 'office_appointment_requests', 'trip_staff', 'stat_facts', 'stat_months'];

async function planOf(db: Db, query: Sql): Promise<string> {
  return db.transaction(async (tx) => {
    if (tx.dialect === 'sqlite') return (await tx.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${query}`)).map((r) => r.detail).join('\n');
    // A test database holds a few rows, where PostgreSQL would rather read a table whole; the plan for an
    // office's worth of rows is what is checked: with sequential scans priced out, one remains only where no index serves.
    await tx.run(sql`SET LOCAL enable_seqscan = off`);
    return (await tx.all<{ 'QUERY PLAN': string }>(sql`EXPLAIN ${query}`)).map((r) => r['QUERY PLAN']).join('\n');
  });
}

/** The lines of a plan that read a growing table whole. */
const fullScans = (plan: string): string[] =>
  plan.split('\n').filter((line) => GROWING.some((t) => new RegExp(`^\\s*(SCAN ${t}(?! USING)|.*Seq Scan on ${t}\\b)`).test(line)));

describe(`the office pages' queries on ${testBackend()}`, () => {
  let db: Db;
  let drop: () => Promise<void>;
  const counter: RowCounter = { rows: 0 };

  beforeAll(async () => {
    ({ db, drop } = await openTestDb(`${dir()}/plans`, testBackend()));
    const storage = new DbStorage(db);
    await storage.writeOfficeDocuments('trips', [{ body: { ...trip('trip-a', '2026-01-05', ['staff-1']), title: 't', appointmentIds: [], unitIds: [], promisedLimits: {}, updatedAt: 'x', _deleted: false }, audienceVans: ['van-1'], ownerDevice: null }]);
    await storage.writeOfficeDocuments('feeSchedules', [{ body: schedule('fees-a', '2024-07-01'), audienceVans: null, ownerDevice: null }]);
    if (db.dialect === 'postgres') await db.run(sql`ANALYZE`);
  });
  afterAll(async () => {
    await drop();
  });

  /** Every query `read` makes, each with its plan. */
  async function plans(read: (q: Db) => Promise<unknown>): Promise<{ query: string; plan: string }[]> {
    counter.queries = [];
    await read(countingDb(db, counter));
    const queries = counter.queries;
    counter.queries = undefined;
    expect(queries.length).toBeGreaterThan(0);
    return Promise.all(queries.map(async (q) => ({ query: q.render(db.dialect).text, plan: await planOf(db, q) })));
  }

  const reads: Record<string, (q: Db) => Promise<unknown>> = {
    'trips newest first': (q) => documentReads(q).tripsByDate(null, 50),
    'trips older than one': (q) => documentReads(q).tripsByDate({ side: 'older', date: '2026-01-05', id: 'trip-a' }, 51),
    'trips newer than one': (q) => documentReads(q).tripsByDate({ side: 'newer', date: '2026-01-05', id: 'trip-a' }, 50),
    'trips of a day': (q) => documentReads(q).tripsOn('2026-01-05'),
    'how many trips, and newer than one': (q) => documentReads(q).tripCounts({ date: '2026-01-05', id: 'trip-a' }),
    'appointments from a day': (q) => documentReads(q).appointmentsFrom('2026-12-05', 200),
    'receipts by transaction reference': (q) => documentReads(q).receiptsByTransaction(['4200002951202612041873546210', '2026120422001417351408826954']),
    'fee schedules in force and named': (q) => feeTablesFor(q, [{ dates: ['2026-12-05', '2020-01-01'], tableIds: ['fees-a'] }]),
    'vans of a van clerk': (q) => tripStaffReads(q).vansOf('staff-1'),
    'open appointment requests': (q) => officeRecords(q).openAppointmentRequests(200),
    'appointment requests by id': (q) => officeRecords(q).appointmentRequests(['appt-1', 'appt-2']),
    // The city–county platform (city-service.ts): a county's events page to the city with what is left, and the city page.
    'county events page': (q) => countyEventsPage({ storage: new DbStorage(q) }, '230822', { after: 0, limit: 500 }),
    'city page': (q) => cityOverview({ storage: new DbStorage(q), clock: { now: () => new Date('2026-12-05T02:00:00Z') } }, ['230822', '230826']),
    dashboard: (q) => buildDashboard({ storage: new DbStorage(q), clock: { now: () => new Date('2026-12-05T02:00:00Z') } }, officeRecords(q), { today: '2026-12-05', promisedLimits: DEFAULT_PROMISED_LIMITS }),
  };

  for (const [name, read] of Object.entries(reads)) {
    it(`plans "${name}" on indexes, reading no growing table whole`, async () => {
      for (const p of await plans(read)) expect({ query: p.query, scans: fullScans(p.plan) }).toEqual({ query: p.query, scans: [] });
    });
  }

  // 通过 out of order asks which cases wait before this one, and the case page where it stands: each reads the
  // queue's index up to the case (a range), not every case waiting at the level.
  const queue = (q: Db) => new CaseStages(new DbStorage(q), () => Promise.resolve(undefined));
  const olderReads: Record<string, (q: Db) => Promise<unknown>> = {
    'cases waiting before one': (q) => queue(q).olderThan(1, 'case-b', '2026-12-05T02:00:00.000Z'),
    'place in the queue': (q) => queue(q).countOlder(1, 'case-b', '2026-12-05T02:00:00.000Z'),
  };
  const queueRange = /USING (COVERING )?INDEX case_stages_queue \(awaiting_level=\? AND \(accepted_at,case_id\)<\(\?,\?\)\)|Index Cond: .*ROW\(accepted_at, case_id\) < ROW\(/;
  for (const [name, read] of Object.entries(olderReads)) {
    it(`plans "${name}" as a range of the queue's index up to the case`, async () => {
      const queued = (await plans(read)).filter((p) => p.query.includes('FROM case_stages'));
      expect(queued).toHaveLength(1);
      expect(queued[0]!.plan).toMatch(queueRange);
    });
  }

  // A queue page lists one page of the queue's index and reads how many wait as one kept row (queue_counts), never a
  // count of every case waiting at the level, whose cost grows with the queue.
  it('reads a queue page as a page of the queue\'s index and its total as one kept row', async () => {
    const read = await plans((q) => queue(q).page(1, 0, 50));
    const stages = read.filter((p) => p.query.includes('FROM case_stages'));
    expect(stages.map((p) => ({ query: p.query, limited: /\bLIMIT\b/.test(p.query) && !/count\(/i.test(p.query) }))).toEqual(stages.map((p) => ({ query: p.query, limited: true })));
    const counts = read.filter((p) => p.query.includes('FROM queue_counts'));
    expect(counts).toHaveLength(1);
    expect(counts[0]!.plan).toMatch(/SEARCH queue_counts USING PRIMARY KEY \(level=\?\)|Index Scan using queue_counts_pkey/);
  });

  // A dashboard card's list (待登簿, 公告, 补正 …) walks the stage's index (migration 0041) from its cursor in the list's
  // order, and reads how many are in the stage as one kept row (stage_counts).
  it('reads a page of a stage\'s list as a range of the stage\'s index from its cursor, sorted by it', async () => {
    for (const after of [null, { acceptedAt: '2026-12-05T02:00:00.000Z', caseId: 'case-b' }]) {
      const read = await plans((q) => queue(q).inStage('approved', after, 51));
      const listed = read.filter((p) => p.query.includes('FROM case_stages'));
      expect(listed).toHaveLength(1);
      expect(listed[0]!.plan).toMatch(/SEARCH case_stages USING (COVERING )?INDEX case_stages_by_stage \(stage=\?|Index (Only )?Scan using case_stages_by_stage/);
      expect(listed[0]!.plan).not.toMatch(/TEMP B-TREE|Sort/);
      const counts = read.filter((p) => p.query.includes('FROM stage_counts'));
      expect(counts).toHaveLength(1);
      expect(counts[0]!.plan).toMatch(/SEARCH stage_counts USING PRIMARY KEY \(stage=\?\)|Index Scan using stage_counts_pkey/);
    }
  });

  it('finds a full scan where there is one (the check itself)', async () => {
    const [p] = await plans((q) => q.all(sql`SELECT id FROM documents WHERE body LIKE ${'%x%'}`));
    expect(fullScans(p!.plan)).toHaveLength(1);
  });
});
