import { type ReceiptDoc } from '#protocol/documents/van.ts';
import { type NewCaseEvent, appendCaseEventOnce } from './case-events.ts';
import { type VanDatabase } from './database.ts';

type Receipt = Omit<ReceiptDoc, '_deleted'>;
type PaidReceipt = Receipt & Required<Pick<Receipt, 'method' | 'rules'>>;

/**
 * The fee-charged event of a receipt, built from the receipt document alone (its id is fixed per case). The
 * receipt is written first and the event second; RxDB has no transaction across the two, so a crash in
 * between is repaired from the receipt by writing this same event.
 */
export function feeEventOf(receipt: PaidReceipt, receiptCode: string): NewCaseEvent {
  return {
    id: `${receipt.caseId}:fee`,
    caseId: receipt.caseId,
    at: receipt.issuedAt,
    actor: receipt.issuedBy,
    kind: 'fee-charged',
    payload: {
      receiptCode,
      receiptNumber: receipt.number,
      payer: receipt.payer,
      items: receipt.items.map((i) => ({ name: i.label, amountFen: i.amountFen })),
      totalFen: receipt.amountFen,
      method: receipt.method,
      rules: receipt.rules,
    },
  };
}

/**
 * Writes the receipt's fee event unless it is stored (idempotent); true when it had to be written. Receipts
 * from before protocol 3 carry no method and other devices' receipts are not this van's to repair: left alone.
 */
export async function ensureFeeEvent(db: VanDatabase, deviceId: string, receipt: Receipt, receiptCode: string): Promise<boolean> {
  if (receipt.method === undefined || receipt.rules === undefined || receipt.deviceId !== deviceId) return false;
  const event = feeEventOf({ ...receipt, method: receipt.method, rules: receipt.rules }, receiptCode);
  return (await appendCaseEventOnce(db, deviceId, event)).appended;
}

/**
 * At start-up, before syncing: this device's receipts of its newest trips whose fee event is missing get it
 * written from the receipt. Only the last receipt written can have lost its event, and it belongs to a
 * recent trip, so older trips are not read (a van holds tens of thousands of receipts). Returns the repaired
 * receipt numbers.
 */
export async function repairFeeEvents(db: VanDatabase, deviceId: string, newestTrips = 2): Promise<string[]> {
  const trips = await db.trips.find({ sort: [{ date: 'desc' }], limit: newestTrips }).exec();
  const repaired: string[] = [];
  for (const trip of trips) {
    // A trip without a receipt block issued no receipts (issueReceipt answers 'no-block').
    const prefix = trip.receiptBlock?.prefix;
    if (prefix === undefined) continue;
    const receipts = (await db.receipts.find({ selector: { tripId: trip.id } }).exec()).map((r) => r.toJSON() as Receipt).filter((r) => r.deviceId === deviceId);
    if (receipts.length === 0) continue;
    const stored = await db.caseEvents.findByIds(receipts.map((r) => `${r.caseId}:fee`)).exec();
    for (const receipt of receipts) {
      if (stored.has(`${receipt.caseId}:fee`)) continue;
      if (await ensureFeeEvent(db, deviceId, receipt, prefix)) repaired.push(receipt.number);
    }
  }
  return repaired;
}
