import { type Queryable } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { type QrChannel } from '#domain/reconciliation/statement.ts';

/** A channel's statement file imported for a trip (migration 0017_payment-statements). */
export type StoredStatement = { tripId: string; channel: QrChannel; fileName: string; bytes: Uint8Array; sha256: string; importedBy: string; importedAt: string };

export type StatementStore = {
  /** Keeps the file; a later import of the same channel for the trip replaces it. */
  save(s: StoredStatement): Promise<void>;
  ofTrip(tripId: string): Promise<StoredStatement[]>;
  /** Each channel's file of the trip by its hash, without the files: what a sign-off checks still stands. */
  hashes(tripId: string): Promise<{ channel: QrChannel; sha256: string }[]>;
};

type Row = { trip_id: string; channel: string; file_name: string; content: string; sha256: string; imported_by: string; imported_at: string };

/** The statements on the office database, or in one of its transactions (an import holds the trip's reconciliation lock). */
export function statementStore(db: Queryable): StatementStore {
  return {
    save: async (s) => {
      await db.run(sql`INSERT INTO office_payment_statements (trip_id, channel, file_name, content, sha256, imported_by, imported_at)
        VALUES (${s.tripId}, ${s.channel}, ${s.fileName}, ${Buffer.from(s.bytes).toString('base64')}, ${s.sha256}, ${s.importedBy}, ${s.importedAt})
        ON CONFLICT (trip_id, channel) DO UPDATE SET file_name = excluded.file_name, content = excluded.content, sha256 = excluded.sha256,
          imported_by = excluded.imported_by, imported_at = excluded.imported_at`);
    },
    ofTrip: async (tripId) =>
      (await db.all<Row>(sql`SELECT trip_id, channel, file_name, content, sha256, imported_by, imported_at FROM office_payment_statements WHERE trip_id = ${tripId} ORDER BY channel`)).map((r) => ({
        tripId: r.trip_id, channel: r.channel as QrChannel, fileName: r.file_name, bytes: new Uint8Array(Buffer.from(r.content, 'base64')), sha256: r.sha256, importedBy: r.imported_by, importedAt: r.imported_at,
      })),
    hashes: async (tripId) =>
      (await db.all<{ channel: string; sha256: string }>(sql`SELECT channel, sha256 FROM office_payment_statements WHERE trip_id = ${tripId} ORDER BY channel`)).map((r) => ({ channel: r.channel as QrChannel, sha256: r.sha256 })),
  };
}
