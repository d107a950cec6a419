import { type SyncCollection } from '#protocol/collections.ts';
import { canonicalJson } from '#protocol/canonical-json.ts';
import { type Checkpoint, type WireDocument } from '#protocol/messages.ts';
import { type Queryable, type Tx } from '#office/platform/db/db.ts';
import { sql, sqlLimit, sqlList, SqlShape, type SqlValue } from '#office/platform/db/sql.ts';
import { documentKeys } from './document-keys.ts';
import { receiptBlockWrites } from './receipt-block-store.ts';
import { tripStaffWrites } from './trip-staff-store.ts';

/** Who pulls: an enrolled device of a van, or the office itself (every document). */
export type Viewer = { kind: 'device'; deviceId: string; vanId: string; /** Leave out the documents this device pushed. */ withoutOwn?: boolean } | { kind: 'office' };

export type StoredDocument = {
  collection: SyncCollection;
  id: string;
  /** The office's own write order (a pull's checkpoint), outside the body. */
  seq: number;
  body: WireDocument;
  author: 'office' | 'van';
  deviceId: string | null;
  ownerDevice: string | null;
  receivedAt: string;
};

export type PullPage = { documents: WireDocument[]; checkpoint: Checkpoint | null };

/** An office-authored document to write, with who sees it. */
export type OfficeWrite = {
  body: WireDocument;
  /** null: every van sees it; otherwise only these vans (plus `ownerDevice`). */
  audienceVans: readonly string[] | null;
  ownerDevice: string | null;
};

/** A van document to insert as pushed: its canonical JSON is stored byte for byte. */
export type VanInsert = { id: string; canonical: string; body: WireDocument; ownerDevice: string | null };

/** Where a page of the trips starts: the trips older than this one, or the newer ones. */
export type TripKey = { side: 'older' | 'newer'; date: string; id: string };

/** A trip's date in its body, as the index of migration 0031 is written. */
const tripDate = (q: Queryable) => (q.dialect === 'sqlite' ? sql`json_extract(body, '$.date')` : sql`((body::jsonb) ->> 'date')`);

type DocRow = {
  collection: SyncCollection;
  id: string;
  seq: number;
  body: string;
  author: 'office' | 'van';
  device_id: string | null;
  owner_device: string | null;
  received_at: string;
};

const COLUMNS = sql`collection, id, seq, body, author, device_id, owner_device, received_at`;

const docFromRow = (r: DocRow): StoredDocument => ({
  collection: r.collection,
  id: r.id,
  seq: r.seq,
  body: JSON.parse(r.body) as WireDocument,
  author: r.author,
  deviceId: r.device_id,
  ownerDevice: r.owner_device,
  receivedAt: r.received_at,
});

/**
 * Reads of the replicated documents, each on an index: by id, by the case or trip a document belongs to,
 * by its natural key, and a pull page after a checkpoint.
 */
export const documentReads = (q: Queryable) => ({
  async get(collection: SyncCollection, id: string): Promise<StoredDocument | undefined> {
    const row = await q.get<DocRow>(sql`SELECT ${COLUMNS} FROM documents WHERE collection = ${collection} AND id = ${id}`);
    return row && docFromRow(row);
  },

  /**
   * Documents by id, ordered by id: without the order PostgreSQL returns an IN list's rows as its plan
   * happens to find them, and what is built from them (a page's staff names) came out in a different order
   * from one request to the next.
   */
  async getMany(collection: SyncCollection, ids: readonly string[]): Promise<StoredDocument[]> {
    if (ids.length === 0) return [];
    return (await q.all<DocRow>(sql`SELECT ${COLUMNS} FROM documents WHERE collection = ${collection} AND id IN ${sqlList([...new Set(ids)])} ORDER BY id`)).map(docFromRow);
  },

  /** The documents of one case in a collection (its events, receipts, scans), in write order. */
  async ofCase(collection: SyncCollection, caseId: string): Promise<StoredDocument[]> {
    return (await q.all<DocRow>(sql`SELECT ${COLUMNS} FROM documents WHERE case_id = ${caseId} AND collection = ${collection} ORDER BY seq`)).map(docFromRow);
  },

  async ofCases(collection: SyncCollection, caseIds: readonly string[]): Promise<StoredDocument[]> {
    if (caseIds.length === 0) return [];
    return (await q.all<DocRow>(sql`SELECT ${COLUMNS} FROM documents WHERE case_id IN ${sqlList([...new Set(caseIds)])} AND collection = ${collection} ORDER BY seq`)).map(docFromRow);
  },

  /**
   * The documents of a collection that belong to any of these cases, were written by any of these devices or
   * belong to any of these trips, in write order: one query over the three indexes.
   */
  async related(collection: SyncCollection, keys: { caseIds?: readonly string[]; deviceIds?: readonly string[]; tripIds?: readonly string[] }): Promise<StoredDocument[]> {
    const unique = (v: readonly string[] | undefined) => [...new Set(v ?? [])];
    return (
      await q.all<DocRow>(sql`SELECT ${COLUMNS} FROM documents WHERE collection = ${collection}
        AND (case_id IN ${sqlList(unique(keys.caseIds))} OR device_id IN ${sqlList(unique(keys.deviceIds))} OR trip_id IN ${sqlList(unique(keys.tripIds))}) ORDER BY seq`)
    ).map(docFromRow);
  },

  /** The documents of one trip in a collection (its cases, receipts, appointments), in write order. */
  async ofTrip(collection: SyncCollection, tripId: string): Promise<StoredDocument[]> {
    return (await q.all<DocRow>(sql`SELECT ${COLUMNS} FROM documents WHERE trip_id = ${tripId} AND collection = ${collection} ORDER BY seq`)).map(docFromRow);
  },

  /** The documents whose natural key is `ref` (a receipt number, a scan's sha256, a login). */
  async byRef(collection: SyncCollection, ref: string): Promise<StoredDocument[]> {
    return (await q.all<DocRow>(sql`SELECT ${COLUMNS} FROM documents WHERE collection = ${collection} AND ref = ${ref} ORDER BY seq`)).map(docFromRow);
  },

  /** The receipts that carry any of these payment transaction references, on the index of migration 0031. */
  async receiptsByTransaction(refs: readonly string[]): Promise<StoredDocument[]> {
    const ref = q.dialect === 'sqlite' ? sql`json_extract(body, '$.transactionRef')` : sql`((body::jsonb) ->> 'transactionRef')`;
    const unique = [...new Set(refs)];
    const out: StoredDocument[] = [];
    // A month's statement holds thousands of lines: asked for in chunks well inside both databases' parameter limits.
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500);
      out.push(...(await q.all<DocRow>(sql`SELECT ${COLUMNS} FROM documents WHERE collection = 'receipts' AND ${ref} IN ${sqlList(chunk)} ORDER BY seq`)).map(docFromRow));
    }
    return out;
  },

  /**
   * The devices (with their vans) that pushed a `scans` document for these bytes, first declarer first, on the
   * index of the sha256 (the scan's `ref`) in write order. In write order, not DISTINCT: SQLite's planner, which has
   * no statistics of this table, walked every scan document by the primary key for the DISTINCT form.
   */
  async scanDeclarers(sha256: string): Promise<{ deviceId: string; vanId: string }[]> {
    const rows = await q.all<{ device_id: string; van_id: string }>(sql`SELECT d.device_id, v.van_id FROM documents d
      JOIN devices v ON v.id = d.device_id
      WHERE d.collection = 'scans' AND d.ref = ${sha256} ORDER BY d.seq`);
    const seen = new Set<string>();
    return rows.flatMap((r) => (seen.has(r.device_id) ? [] : (seen.add(r.device_id), [{ deviceId: r.device_id, vanId: r.van_id }])));
  },

  /** A van device's own documents in a collection, in write order. */
  async ofDevice(collection: SyncCollection, deviceId: string): Promise<StoredDocument[]> {
    return (await q.all<DocRow>(sql`SELECT ${COLUMNS} FROM documents WHERE device_id = ${deviceId} AND collection = ${collection} ORDER BY seq`)).map(docFromRow);
  },

  /** The office documents shared with a van in a collection (its trips, their appointments and units). */
  async sharedWith(collection: SyncCollection, vanId: string): Promise<StoredDocument[]> {
    return (
      await q.all<DocRow>(sql`SELECT d.collection, d.id, d.seq, d.body, d.author, d.device_id, d.owner_device, d.received_at
                              FROM doc_audience a JOIN documents d ON d.collection = a.collection AND d.id = a.id
                              WHERE a.van_id = ${vanId} AND a.collection = ${collection} ORDER BY d.seq`)
    ).map(docFromRow);
  },

  /** The van's trip with the latest date (ties: the highest id), on the index of trips by van and date (migration 0013_receipt-grants). */
  async latestTripOf(vanId: string): Promise<StoredDocument | undefined> {
    const [van, date] =
      q.dialect === 'sqlite' ? [sql`json_extract(body, '$.vanId')`, sql`json_extract(body, '$.date')`] : [sql`((body::jsonb) ->> 'vanId')`, sql`((body::jsonb) ->> 'date')`];
    const row = await q.get<DocRow>(sql`SELECT ${COLUMNS} FROM documents WHERE collection = 'trips' AND ${van} = ${vanId} ORDER BY ${date} DESC, id DESC LIMIT 1`);
    return row && docFromRow(row);
  },

  /**
   * A page of the trips, newest date first (ties: the highest id), on the index of migration 0031: the newest
   * with no key; with one, the trips `older` than it, or the `newer` ones nearest it (read oldest first, handed
   * back newest first). A key, not an offset, so a trip planned meanwhile neither repeats a row nor skips one.
   */
  async tripsByDate(at: TripKey | null, limit: number): Promise<StoredDocument[]> {
    const date = tripDate(q);
    const newer = at?.side === 'newer';
    const where = at === null ? sql`` : newer ? sql`AND (${date}, id) > (${at.date}, ${at.id})` : sql`AND (${date}, id) < (${at.date}, ${at.id})`;
    const order = newer ? sql`ORDER BY ${date}, id` : sql`ORDER BY ${date} DESC, id DESC`;
    const rows = (await q.all<DocRow>(sql`SELECT ${COLUMNS} FROM documents WHERE collection = 'trips' ${where} ${order} ${sqlLimit(limit)}`)).map(docFromRow);
    return newer ? rows.reverse() : rows;
  },

  /** The trips of one day, by id, on the index of migration 0031 (a day has a few: one a van). */
  async tripsOn(day: string): Promise<StoredDocument[]> {
    return (await q.all<DocRow>(sql`SELECT ${COLUMNS} FROM documents WHERE collection = 'trips' AND ${tripDate(q)} = ${day} ORDER BY id`)).map(docFromRow);
  },

  /** How many trips there are, and how many are newer than a trip (its place in the list, less one), on the same index. */
  async tripCounts(first: { date: string; id: string } | null): Promise<{ total: number; newer: number }> {
    const date = tripDate(q);
    const newer = first === null ? sql`0` : sql`SUM(CASE WHEN (${date}, id) > (${first.date}, ${first.id}) THEN 1 ELSE 0 END)`;
    const row = await q.get<{ total: number | string; newer: number | string | null }>(sql`SELECT COUNT(*) AS total, ${newer} AS newer FROM documents WHERE collection = 'trips'`);
    return { total: Number(row?.total ?? 0), newer: Number(row?.newer ?? 0) };
  },

  /** The appointments scheduled at or after `from` (an ISO time or date), earliest first, on the index of migration 0031. */
  async appointmentsFrom(from: string, limit: number): Promise<StoredDocument[]> {
    const at = q.dialect === 'sqlite' ? sql`json_extract(body, '$.scheduledAt')` : sql`((body::jsonb) ->> 'scheduledAt')`;
    return (await q.all<DocRow>(sql`SELECT ${COLUMNS} FROM documents WHERE collection = 'appointments' AND ${at} >= ${from} ORDER BY ${at}, id ${sqlLimit(limit)}`)).map(docFromRow);
  },

  /** The office-authored documents of a collection in write order (the office's own event chain), on the index of migration 0020. */
  async officeAuthored(collection: SyncCollection): Promise<StoredDocument[]> {
    return (await q.all<DocRow>(sql`SELECT ${COLUMNS} FROM documents WHERE collection = ${collection} AND author = 'office' ORDER BY seq`)).map(docFromRow);
  },

  /** The office-authored document of a collection written last (the tail of the office's own event chain), on the index of migration 0020. */
  async latestOffice(collection: SyncCollection): Promise<StoredDocument | undefined> {
    const row = await q.get<DocRow>(sql`SELECT ${COLUMNS} FROM documents WHERE collection = ${collection} AND author = 'office' ORDER BY seq DESC LIMIT 1`);
    return row && docFromRow(row);
  },

  /** Every document of a collection: for seeding, exports and tests, never on a request path. */
  async all(collection: SyncCollection): Promise<StoredDocument[]> {
    return (await q.all<DocRow>(sql`SELECT ${COLUMNS} FROM documents WHERE collection = ${collection} ORDER BY seq`)).map(docFromRow);
  },

  /**
   * The page a viewer pulls after a checkpoint: its own documents and those shared with everyone or its van. The
   * limit is in the text (`sqlLimit`: a bound LIMIT is compiled again on every run on SQLite), one statement per
   * limit a van asks for, at most `MAX_PULL_LIMIT` of them (the protocol's bound); the app always asks the same.
   */
  async pull(collection: SyncCollection, after: Checkpoint | undefined, limit: number, viewer: Viewer): Promise<PullPage> {
    const since = after?.seq ?? 0;
    const rows =
      viewer.kind === 'office'
        ? await q.all<{ seq: number; body: string }>(sql`SELECT seq, body FROM documents WHERE collection = ${collection} AND seq > ${since} ORDER BY seq ${sqlLimit(limit)}`)
        : await q.all<{ seq: number; body: string }>(sql`
            SELECT d.seq, d.body FROM documents d
            WHERE d.collection = ${collection} AND d.seq > ${since}
              AND ${viewer.withoutOwn ? sql`NOT (d.author = 'van' AND d.device_id = ${viewer.deviceId})` : sql`1 = 1`}
              AND (d.owner_device = ${viewer.deviceId}
                   OR (d.owner_device IS NULL AND d.audience_all = 1)
                   OR EXISTS (SELECT 1 FROM doc_audience a
                              WHERE a.collection = d.collection AND a.id = d.id AND a.van_id = ${viewer.vanId}))
            ORDER BY d.seq ${sqlLimit(limit)}`);
    const last = rows.at(-1);
    return { documents: rows.map((r) => JSON.parse(r.body) as WireDocument), checkpoint: last ? { seq: last.seq } : (after ?? null) };
  },
});

/**
 * The first free sequence number; the caller numbers its documents on from it. A pull returns documents in `seq` order and its checkpoint is the last
 * `seq` it saw, so a document must never become visible with a lower `seq` than one already pulled. The
 * lock every writer takes here is held until its transaction commits: commits happen in `seq` order on
 * every office server, and a reader's snapshot always holds an unbroken run of them. (On SQLite the one
 * write lock already does this.) Take it last in a transaction, after every other lock, so it is held briefly.
 */
/** Rows in one multi-row INSERT: 12 parameters each, far below SQLite's and PostgreSQL's limits per statement. */
export const ROWS_PER_INSERT = 100;

const INSERT_VAN = new SqlShape(
  'INSERT INTO documents (collection, id, seq, body, author, device_id, owner_device, audience_all, received_at, case_id, trip_id, ref) VALUES ',
  { width: 12 },
);

async function firstFreeSeq(tx: Tx): Promise<number> {
  await tx.lock('documents-seq');
  const row = await tx.get<{ s: number | null }>(sql`SELECT max(seq) AS s FROM documents`);
  return (row?.s ?? 0) + 1;
}

/** Writes of the replicated documents; each call runs inside the caller's transaction. */
export const documentWrites = (tx: Tx) => ({
  /** Inserts van documents exactly as pushed (the caller has checked they are new). */
  async insertVan(collection: SyncCollection, deviceId: string, docs: readonly VanInsert[], now: string): Promise<void> {
    if (docs.length === 0) return;
    let seq = await firstFreeSeq(tx);
    // Many rows to a statement: the sequence lock is held until commit, and on PostgreSQL each statement is a round trip.
    for (let i = 0; i < docs.length; i += ROWS_PER_INSERT) {
      const values: SqlValue[] = [];
      for (const doc of docs.slice(i, i + ROWS_PER_INSERT)) {
        const k = documentKeys(collection, doc.body);
        values.push(collection, doc.id, seq++, doc.canonical, 'van', deviceId, doc.ownerDevice, 0, now, k.caseId, k.tripId, k.ref);
      }
      await tx.run(INSERT_VAN.of(values));
    }
  },

  /**
   * Inserts or replaces office-authored documents, each under a new sequence number so vans pull it again.
   * @throws when a document of that id was written by a van: an office write never replaces a van's row.
   */
  async upsertOffice(collection: SyncCollection, writes: readonly OfficeWrite[], now: string): Promise<StoredDocument[]> {
    if (writes.length === 0) return [];
    const vanRows = await tx.all<{ id: string }>(
      sql`SELECT id FROM documents WHERE collection = ${collection} AND author = 'van' AND id IN ${sqlList(writes.map((w) => w.body.id))}`,
    );
    if (vanRows[0]) throw new Error(`office write refused: ${collection}/${vanRows[0].id} is a van's document`);
    let seq = await firstFreeSeq(tx);
    const stored: StoredDocument[] = [];
    for (const w of writes) {
      const body = canonicalJson(w.body);
      const all = w.audienceVans === null && w.ownerDevice === null ? 1 : 0;
      const k = documentKeys(collection, w.body);
      const at = seq++;
      await tx.run(sql`INSERT INTO documents (collection, id, seq, body, author, device_id, owner_device, audience_all, received_at, case_id, trip_id, ref)
                       VALUES (${collection}, ${w.body.id}, ${at}, ${body}, 'office', NULL, ${w.ownerDevice}, ${all}, ${now}, ${k.caseId}, ${k.tripId}, ${k.ref})
                       ON CONFLICT (collection, id) DO UPDATE SET seq = excluded.seq, body = excluded.body, owner_device = excluded.owner_device,
                         audience_all = excluded.audience_all, received_at = excluded.received_at,
                         case_id = excluded.case_id, trip_id = excluded.trip_id, ref = excluded.ref`);
      for (const van of w.audienceVans ?? []) {
        await tx.run(sql`INSERT INTO doc_audience (collection, id, van_id) VALUES (${collection}, ${w.body.id}, ${van}) ON CONFLICT DO NOTHING`);
      }
      if (collection === 'trips') {
        await receiptBlockWrites(tx).keep(w.body);
        await tripStaffWrites(tx).keep(w.body);
      }
      stored.push({ collection, id: w.body.id, seq: at, body: JSON.parse(body) as WireDocument, author: 'office', deviceId: null, ownerDevice: w.ownerDevice, receivedAt: now });
    }
    return stored;
  },

  /** Adds vans to a document's audience and, when that adds a van, gives it a new sequence number, so it pulls it. */
  async share(collection: SyncCollection, id: string, vanIds: readonly string[]): Promise<void> {
    let added = 0;
    for (const van of vanIds) added += await tx.run(sql`INSERT INTO doc_audience (collection, id, van_id) VALUES (${collection}, ${id}, ${van}) ON CONFLICT DO NOTHING`);
    // A van that could see the document already has its latest version: only a new audience needs a new seq.
    if (added === 0) return;
    const seq = await firstFreeSeq(tx);
    await tx.run(sql`UPDATE documents SET seq = ${seq} WHERE collection = ${collection} AND id = ${id}`);
  },
});
