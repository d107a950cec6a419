import { type Grant } from '#domain/receipts/grants.ts';
import { type VanDatabase } from './database.ts';
import { type LedgerRow } from './schemas/trip-ledger.ts';

/** The runs of the trip's receipt block the office granted to this device (domain/receipts/grants.ts). */
export async function grantsOf(db: VanDatabase, tripId: string, deviceId: string): Promise<Grant[]> {
  const docs = await db.tripLedger.find({ selector: { tripId, kind: 'receipt-grant' } }).exec();
  return docs.flatMap((d) => {
    const row = d.toJSON() as LedgerRow;
    return row.kind === 'receipt-grant' && row.deviceId === deviceId ? [{ first: row.first, last: row.last }] : [];
  });
}
