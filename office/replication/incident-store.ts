import { type Queryable } from '#office/platform/db/db.ts';
import { sql, sqlLimit } from '#office/platform/db/sql.ts';

/** A refusal or conflict, kept for the office to see: nothing a van sends disappears silently. */
export type Incident = {
  id: number;
  at: string;
  deviceId: string | null;
  collection: string | null;
  docId: string | null;
  code: string;
  detail: string;
};

type IncidentRow = { id: number; at: string; device_id: string | null; collection: string | null; doc_id: string | null; code: string; detail: string };

export const incidentReads = (q: Queryable) => ({
  async latest(limit: number): Promise<Incident[]> {
    const rows = await q.all<IncidentRow>(sql`SELECT id, at, device_id, collection, doc_id, code, detail FROM incidents ORDER BY id DESC ${sqlLimit(limit)}`);
    return rows.map((r) => ({ id: r.id, at: r.at, deviceId: r.device_id, collection: r.collection, docId: r.doc_id, code: r.code, detail: r.detail }));
  },
});

/** A refused document's id or text as the log keeps it: PostgreSQL refuses U+0000 in text, so it is kept as U+FFFD. */
const loggable = <T extends string | null>(text: T): T => (text === null ? text : (text.replaceAll('\u0000', '\uFFFD') as T));

export const incidentWrites = (q: Queryable) => ({
  async record(i: Omit<Incident, 'id'>): Promise<void> {
    await q.run(sql`INSERT INTO incidents (at, device_id, collection, doc_id, code, detail) VALUES (${i.at}, ${i.deviceId}, ${loggable(i.collection)}, ${loggable(i.docId)}, ${i.code}, ${loggable(i.detail)})`);
  },
});
