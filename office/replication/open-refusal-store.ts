import { type Queryable } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';

/**
 * A case header or case event the office refused a device and has not stored since (protocol 21): while it is
 * open, the case's later documents from that device are held back (sync/server/sync/case-order.ts).
 */
export type OpenRefusal = { collection: 'cases' | 'caseEvents'; docId: string; caseId: string; seq: number | null; at: string };

type OpenRefusalRow = { collection: OpenRefusal['collection']; doc_id: string; case_id: string; seq: number | string | null; at: string };

export const openRefusalReads = (q: Queryable) => ({
  async ofDevice(deviceId: string): Promise<OpenRefusal[]> {
    const rows = await q.all<OpenRefusalRow>(sql`SELECT collection, doc_id, case_id, seq, at FROM open_refusals WHERE device_id = ${deviceId}`);
    // PostgreSQL answers a BIGINT as text.
    return rows.map((r) => ({ collection: r.collection, docId: r.doc_id, caseId: r.case_id, seq: r.seq === null ? null : Number(r.seq), at: r.at }));
  },
});

export const openRefusalWrites = (q: Queryable) => ({
  /** Opens a refusal; refused again, it keeps its first time. */
  async open(deviceId: string, r: OpenRefusal): Promise<void> {
    await q.run(sql`INSERT INTO open_refusals (device_id, collection, doc_id, case_id, seq, at)
                    VALUES (${deviceId}, ${r.collection}, ${r.docId}, ${r.caseId}, ${r.seq}, ${r.at}) ON CONFLICT DO NOTHING`);
  },
  /** Closes the refusal of a document now stored. */
  async close(deviceId: string, collection: OpenRefusal['collection'], docId: string): Promise<void> {
    await q.run(sql`DELETE FROM open_refusals WHERE device_id = ${deviceId} AND collection = ${collection} AND doc_id = ${docId}`);
  },
});
