import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db } from '#office/platform/db/db.ts';
import { type Sql, sql, sqlRows, type SqlValue } from '#office/platform/db/sql.ts';
import { documentReads } from '#office/replication/document-store.ts';
import { openTestDb, testBackend } from '../support/backend.ts';
import { countingDb, type RowCounter } from '../support/counting-db.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

/**
 * Every read of the documents table, planned on an office's worth of documents: each on the index that answers it
 * (a range of its key, on SQLite the one named; on PostgreSQL never a sequential scan), so an index a query needs
 * cannot be dropped unnoticed, and an index no plan uses costs every pushed document its insert for nothing
 * (migration 0036 dropped two). SQLite gets no statistics (the office never runs ANALYZE), PostgreSQL its own.
 */
const dir = tempFolderForTests('document-plans');

async function planOf(db: Db, query: Sql): Promise<string> {
  return db.transaction(async (tx) => {
    if (tx.dialect === 'sqlite') return (await tx.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${query}`)).map((r) => r.detail).join('\n');
    await tx.run(sql`SET LOCAL enable_seqscan = off`);
    return (await tx.all<{ 'QUERY PLAN': string }>(sql`EXPLAIN ${query}`)).map((r) => r['QUERY PLAN']).join('\n');
  });
}

/** An office's documents: 4 devices of 2 vans, 50 cases each with 10 events, a receipt and a scan; the office's trips and events. */
async function fill(db: Db): Promise<void> {
  const rows: SqlValue[][] = [];
  let seq = 0;
  const doc = (collection: string, id: string, author: 'van' | 'office', device: string | null, owner: string | null, keys: { caseId?: string; tripId?: string; ref?: string }, body: object = {}) =>
    rows.push([collection, id, ++seq, JSON.stringify({ id, ...body }), author, device, owner, author === 'office' && owner === null ? 1 : 0, '2026-12-05T00:00:00Z', keys.caseId ?? null, keys.tripId ?? null, keys.ref ?? null]);
  for (let t = 0; t < 20; t++) doc('trips', `t${t}`, 'office', null, null, { tripId: `t${t}` }, { vanId: `van-${(t % 2) + 1}`, date: `2026-12-${String(t + 1).padStart(2, '0')}` });
  for (let d = 1; d <= 4; d++) {
    const device = `dev-${d}`;
    for (let c = 0; c < 50; c++) {
      const caseId = `${device}-c${c}`;
      doc('cases', caseId, 'van', device, device, { caseId, tripId: `t${c % 20}` });
      for (let e = 0; e < 10; e++) doc('caseEvents', `${caseId}-e${e}`, 'van', device, device, { caseId, ...(e === 0 ? { ref: `N-${caseId}` } : {}) });
      doc('receipts', `${caseId}-r`, 'van', device, device, { caseId, tripId: `t${c % 20}`, ref: `R-${caseId}` }, { transactionRef: `TX-${caseId}` });
      doc('scans', `${caseId}-s`, 'van', device, device, { caseId, ref: `sha-${caseId}` }, { sha256: `sha-${caseId}` });
      if (c % 5 === 0) doc('caseEvents', `${caseId}-o`, 'office', null, device, { caseId });
    }
  }
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 100) {
      await tx.run(sql`INSERT INTO documents (collection, id, seq, body, author, device_id, owner_device, audience_all, received_at, case_id, trip_id, ref) VALUES ${sqlRows(rows.slice(i, i + 100))}`);
    }
    for (let t = 0; t < 20; t++) await tx.run(sql`INSERT INTO doc_audience (collection, id, van_id) VALUES ('trips', ${`t${t}`}, ${`van-${(t % 2) + 1}`})`);
    for (let d = 1; d <= 4; d++) await tx.run(sql`INSERT INTO devices (id, name, van_id, token_hash, enrolled_at) VALUES (${`dev-${d}`}, 'd', ${`van-${((d - 1) % 2) + 1}`}, ${`h${d}`}, 't')`);
  });
}

describe(`the documents table's reads on ${testBackend()}`, () => {
  let db: Db;
  let drop: () => Promise<void>;
  const counter: RowCounter = { rows: 0 };
  beforeAll(async () => {
    ({ db, drop } = await openTestDb(`${dir()}/plans`, testBackend()));
    await fill(db);
    if (db.dialect === 'postgres') await db.run(sql`ANALYZE`);
  });
  afterAll(async () => {
    await drop();
  });
  async function plans(read: (q: Db) => Promise<unknown>): Promise<{ query: string; plan: string }[]> {
    counter.queries = [];
    await read(countingDb(db, counter));
    const queries = counter.queries;
    counter.queries = undefined;
    return Promise.all(queries.map(async (q) => ({ query: q.render(db.dialect).text.replace(/\s+/g, ' '), plan: await planOf(db, q) })));
  }
  const v = { kind: 'device' as const, deviceId: 'dev-1', vanId: 'van-1' };
  const reads: Record<string, (q: Db) => Promise<unknown>> = {
    get: (q) => documentReads(q).get('cases', 'dev-1-c1'),
    getMany: (q) => documentReads(q).getMany('cases', ['dev-1-c1', 'dev-1-c2']),
    ofCase: (q) => documentReads(q).ofCase('caseEvents', 'dev-1-c1'),
    ofCases: (q) => documentReads(q).ofCases('caseEvents', ['dev-1-c1', 'dev-2-c2']),
    related: (q) => documentReads(q).related('receipts', { caseIds: ['dev-1-c1'], deviceIds: ['dev-1'], tripIds: ['t1'] }),
    ofTrip: (q) => documentReads(q).ofTrip('cases', 't1'),
    byRef: (q) => documentReads(q).byRef('receipts', 'R-dev-1-c1'),
    scanDeclarers: (q) => documentReads(q).scanDeclarers('sha-dev-1-c1'),
    ofDevice: (q) => documentReads(q).ofDevice('caseEvents', 'dev-1'),
    sharedWith: (q) => documentReads(q).sharedWith('trips', 'van-1'),
    officeAuthored: (q) => documentReads(q).officeAuthored('caseEvents'),
    latestOffice: (q) => documentReads(q).latestOffice('caseEvents'),
    all: (q) => documentReads(q).all('trips'),
    pullOffice: (q) => documentReads(q).pull('caseEvents', { seq: 5 }, 100, { kind: 'office' }),
    pullDevice: (q) => documentReads(q).pull('caseEvents', { seq: 5 }, 100, v),
    pullDeviceWithoutOwn: (q) => documentReads(q).pull('caseEvents', { seq: 5 }, 100, { ...v, withoutOwn: true }),
    maxSeq: (q) => q.get(sql`SELECT max(seq) AS s FROM documents`),
    casesOfDevice: (q) => q.all(sql`SELECT DISTINCT case_id FROM documents WHERE device_id = ${'dev-1'} AND collection = 'caseEvents' AND case_id IS NOT NULL`),
    stagesCursor: (q) => q.all(sql`SELECT seq, case_id, device_id FROM documents WHERE collection = ${'caseEvents'} AND seq > ${5} ORDER BY seq LIMIT ${500}`),
    countAfter: (q) => q.get(sql`SELECT count(*) AS n FROM documents WHERE collection = 'caseEvents' AND seq > ${5}`),
  };
  /**
   * The index each read uses on SQLite, as `SEARCH` (a range of it, never a `SCAN` of the table or an index whole),
   * and on PostgreSQL where the key matters. Two reads are left out, still walking a collection by the primary key on
   * SQLite (its planner, without statistics, prefers that to a secondary index whose rows it must look up): the
   * documents of a list of cases (`ofCases`, the office statistics) and the cases of a device whose chain broke.
   * `related` and `sharedWith` walk their collection in seq order on SQLite too, and are held to that index.
   */
  const uses: Record<string, { sqlite: RegExp; postgres?: RegExp }> = {
    get: { sqlite: /SEARCH documents USING PRIMARY KEY \(collection=\? AND id=\?\)/, postgres: /documents_pkey/ },
    getMany: { sqlite: /SEARCH documents USING PRIMARY KEY \(collection=\? AND id=\?\)/, postgres: /documents_pkey/ },
    ofCase: { sqlite: /SEARCH documents USING INDEX documents_by_case_seq \(case_id=\? AND collection=\?\)/, postgres: /documents_by_case_seq/ },
    related: { sqlite: /SEARCH documents USING INDEX documents_by_seq \(collection=\?\)/ },
    ofTrip: { sqlite: /SEARCH documents USING INDEX documents_by_trip_seq \(trip_id=\? AND collection=\?\)/, postgres: /documents_by_trip_seq/ },
    byRef: { sqlite: /SEARCH documents USING INDEX documents_by_ref_seq \(collection=\? AND ref=\?\)/, postgres: /documents_by_ref_seq/ },
    scanDeclarers: { sqlite: /SEARCH d USING INDEX documents_by_ref_seq \(collection=\? AND ref=\?\)/, postgres: /documents_by_ref_seq/ },
    ofDevice: { sqlite: /SEARCH documents USING INDEX documents_by_device_seq \(device_id=\? AND collection=\?\)/, postgres: /documents_by_device_seq/ },
    sharedWith: { sqlite: /SEARCH d USING INDEX documents_by_seq \(collection=\?\)/ },
    officeAuthored: { sqlite: /SEARCH documents USING INDEX documents_office_by_seq \(collection=\?\)/, postgres: /documents_office_by_seq/ },
    latestOffice: { sqlite: /SEARCH documents USING INDEX documents_office_by_seq \(collection=\?\)/, postgres: /documents_office_by_seq/ },
    all: { sqlite: /SEARCH documents USING INDEX documents_by_seq \(collection=\?\)/ },
    pullOffice: { sqlite: /SEARCH documents USING INDEX documents_by_seq \(collection=\? AND seq>\?\)/ },
    pullDevice: { sqlite: /SEARCH d USING INDEX documents_by_seq \(collection=\? AND seq>\?\)/, postgres: /documents_by_seq/ },
    pullDeviceWithoutOwn: { sqlite: /SEARCH d USING INDEX documents_by_seq \(collection=\? AND seq>\?\)/, postgres: /documents_by_seq/ },
    maxSeq: { sqlite: /SEARCH documents USING COVERING INDEX sqlite_autoindex_documents_\d/, postgres: /documents_seq_key/ },
    stagesCursor: { sqlite: /SEARCH documents USING INDEX documents_by_seq \(collection=\? AND seq>\?\)/ },
    countAfter: { sqlite: /SEARCH documents USING COVERING INDEX documents_by_seq \(collection=\? AND seq>\?\)/ },
  };
  const documentLines = (plan: string) => plan.split('\n').filter((l) => /\b(SCAN|SEARCH) (documents|d)\b|on documents\b/.test(l));

  for (const [name, read] of Object.entries(reads)) {
    const expected = uses[name];
    if (!expected) continue;
    it(`plans ${name} on its index`, async () => {
      const planned = await plans(read);
      expect(planned).toHaveLength(1);
      const { query, plan } = planned[0]!;
      const lines = documentLines(plan);
      if (db.dialect === 'sqlite') {
        expect({ query, lines, onIndex: lines.length === 1 && expected.sqlite.test(lines[0] ?? '') }).toEqual({ query, lines, onIndex: true });
      } else {
        expect({ query, seqScans: lines.filter((l) => /Seq Scan/.test(l)) }).toEqual({ query, seqScans: [] });
        if (expected.postgres) expect({ query, plan, onIndex: expected.postgres.test(plan) }).toEqual({ query, plan, onIndex: true });
      }
    });
  }

  it('gives documents by id in the order of their ids, whatever order they were asked in', async () => {
    const asked = ['dev-3-c7', 'dev-1-c40', 'dev-2-c0', 'dev-1-c5', 'dev-4-c12'];
    expect((await documentReads(db).getMany('cases', asked)).map((d) => d.id)).toEqual([...asked].sort());
  });

  it('no plan reads an index migration 0036 dropped, and the office has neither', async () => {
    const all = [];
    for (const read of Object.values(reads)) all.push(...(await plans(read)));
    expect(all.filter((p) => /documents_by_owner|documents_scans_by_sha256/.test(p.plan))).toEqual([]);
    const indexes =
      db.dialect === 'sqlite'
        ? await db.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents'`)
        : await db.all<{ name: string }>(sql`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'documents'`);
    expect(indexes.map((i) => i.name).filter((n) => /documents_by_owner|documents_scans_by_sha256/.test(n))).toEqual([]);
  });
});
