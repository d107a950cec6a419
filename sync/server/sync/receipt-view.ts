import { receiptOfCharge } from '#domain/receipts/receipt-of-charge.ts';
import { canonicalJson } from '#protocol/canonical-json.ts';
import { EVENT_PAYLOAD_SCHEMAS } from '#protocol/documents/event-payloads.ts';
import { type CaseEventDoc, ReceiptDoc } from '#protocol/documents/van.ts';
import { type PreparedDocument } from '#server/storage/storage.ts';

/**
 * The receipt row of a 收费 event that names its trip (protocol 17): such a van writes the event only, so a crash
 * can leave no receipt without its charge, and the office stores this row with the event, in its transaction.
 * It is the row an older van pushed itself, so the office's readers of receipts see no difference. Events that
 * name no trip (older vans, which push their receipts) and other kinds have none.
 */
export function receiptViewOf(event: CaseEventDoc): PreparedDocument | undefined {
  if (event.kind !== 'fee-charged') return undefined;
  const payload = EVENT_PAYLOAD_SCHEMAS['fee-charged'].safeParse(event.payload);
  if (!payload.success || payload.data.tripId === undefined) return undefined;
  const parsed = ReceiptDoc.safeParse({ ...receiptOfCharge({ ...event, payload: payload.data }), _deleted: false });
  if (!parsed.success) return undefined;
  const r = parsed.data;
  return {
    id: r.id,
    body: r,
    canonical: canonicalJson(r),
    owned: { collection: 'receipts', id: r.id, caseId: r.caseId, tripId: r.tripId, receiptNumber: r.number },
    receipt: { number: r.number, tripId: r.tripId },
  };
}
