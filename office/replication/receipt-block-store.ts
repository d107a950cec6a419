import { type WireDocument } from '#protocol/messages.ts';
import { type Queryable, type Tx } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';

export type StoredBlock = { tripId: string; prefix: string; first: number; last: number };

const blockOf = (trip: WireDocument): { prefix: string; first: number; last: number } | null => {
  const b = trip['receiptBlock'];
  if (typeof b !== 'object' || b === null) return null;
  const { prefix, first, last } = b as Record<string, unknown>;
  return typeof prefix === 'string' && typeof first === 'number' && typeof last === 'number' ? { prefix, first, last } : null;
};

/** The receipt blocks of the trips (migration 0020), by prefix and range: an overlap is one indexed query. */
export const receiptBlockReads = (q: Queryable) => ({
  /** A block already given to another trip that shares a number with `block` (the same prefix, ranges meeting). */
  async overlapping(block: { prefix: string; first: number; last: number }, exceptTrip: string): Promise<StoredBlock | undefined> {
    const row = await q.get<{ trip_id: string; prefix: string; first: number; last: number }>(sql`
      SELECT trip_id, prefix, first, last FROM receipt_blocks
      WHERE prefix = ${block.prefix} AND first <= ${block.last} AND last >= ${block.first} AND trip_id <> ${exceptTrip}
      ORDER BY first LIMIT 1`);
    return row && { tripId: row.trip_id, prefix: row.prefix, first: row.first, last: row.last };
  },
});

/** Keeps a trip's row in `receipt_blocks` as its document says, inside the transaction writing the trip. */
export const receiptBlockWrites = (tx: Tx) => ({
  async keep(trip: WireDocument): Promise<void> {
    const block = blockOf(trip);
    if (!block) {
      await tx.run(sql`DELETE FROM receipt_blocks WHERE trip_id = ${trip.id}`);
      return;
    }
    await tx.run(sql`INSERT INTO receipt_blocks (trip_id, prefix, first, last) VALUES (${trip.id}, ${block.prefix}, ${block.first}, ${block.last})
                     ON CONFLICT (trip_id) DO UPDATE SET prefix = excluded.prefix, first = excluded.first, last = excluded.last`);
  },
});
