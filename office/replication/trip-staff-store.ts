import { type WireDocument } from '#protocol/messages.ts';
import { type Queryable, type Tx } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';

const staffOf = (trip: WireDocument): string[] => {
  const ids = trip['staffIds'];
  return Array.isArray(ids) ? [...new Set(ids.filter((id): id is string => typeof id === 'string'))] : [];
};

/** Who works on which trip (`trip_staff`, migration 0031), read by the person. */
export const tripStaffReads = (q: Queryable) => ({
  /** The vans of the trips this person works on, sorted. */
  async vansOf(staffId: string): Promise<string[]> {
    const rows = await q.all<{ van_id: string }>(sql`SELECT DISTINCT van_id FROM trip_staff WHERE staff_id = ${staffId} ORDER BY van_id`);
    return rows.map((r) => r.van_id);
  },
});

/** Keeps a trip's rows in `trip_staff` as its document says, inside the transaction writing the trip. */
export const tripStaffWrites = (tx: Tx) => ({
  async keep(trip: WireDocument): Promise<void> {
    await tx.run(sql`DELETE FROM trip_staff WHERE trip_id = ${trip.id}`);
    const vanId = trip['vanId'];
    if (typeof vanId !== 'string') return;
    for (const staffId of staffOf(trip)) await tx.run(sql`INSERT INTO trip_staff (staff_id, trip_id, van_id) VALUES (${staffId}, ${trip.id}, ${vanId})`);
  },
});
