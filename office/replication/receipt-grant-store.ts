import { type Queryable } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';

/** A run of a trip's receipt block the office granted to one device (domain/receipts/grants.ts). */
export type GrantRecord = { tripId: string; deviceId: string; first: number; last: number; entryId: string; grantedAt: string };

type GrantRow = { trip_id: string; device_id: string; first: number; last: number; entry_id: string; granted_at: string };

/** Reads of the granted runs, in block order. */
export const receiptGrantReads = (q: Queryable) => ({
  async ofTrip(tripId: string): Promise<GrantRecord[]> {
    return (await q.all<GrantRow>(sql`SELECT trip_id, device_id, first, last, entry_id, granted_at FROM receipt_grants WHERE trip_id = ${tripId} ORDER BY first`)).map((r) => ({
      tripId: r.trip_id,
      deviceId: r.device_id,
      first: r.first,
      last: r.last,
      entryId: r.entry_id,
      grantedAt: r.granted_at,
    }));
  },
});
