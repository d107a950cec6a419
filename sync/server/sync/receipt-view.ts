import { canonicalJson } from '#protocol/canonical-json.ts';
import { EVENT_PAYLOAD_SCHEMAS } from '#protocol/documents/event-payloads.ts';
import { type CaseEventDoc, ReceiptDoc } from '#protocol/documents/van.ts';
import { type PreparedDocument } from '#server/storage/storage.ts';

/**
 * The receipt a 收费 event stands for, when the event names its trip (protocol 17): such a van writes the event
 * only, so a crash can leave no receipt without its charge, and the office keeps its receipt row as a view of
 * the event, stored in the event's transaction. The row is what an older van wrote itself (same id, fields and
 * item codes), so the office's readers of receipts see no difference. Undefined for every other event.
 */
export function receiptViewOf(event: CaseEventDoc): PreparedDocument | undefined {
  if (event.kind !== 'fee-charged') return undefined;
  const payload = EVENT_PAYLOAD_SCHEMAS['fee-charged'].safeParse(event.payload);
  if (!payload.success || payload.data.tripId === undefined) return undefined;
  const p = payload.data;
  const body = ReceiptDoc.safeParse({
    id: `${p.tripId}:${event.deviceId}:${p.receiptNumber}`,
    tripId: p.tripId,
    caseId: event.caseId,
    deviceId: event.deviceId,
    number: p.receiptNumber,
    amountFen: p.totalFen,
    items: p.items.map((i, k) => ({ code: `item-${k + 1}`, label: i.name, amountFen: i.amountFen })),
    payer: p.payer,
    issuedAt: event.at,
    issuedBy: event.actor,
    method: p.method,
    rules: p.rules,
    ...(p.transactionRef === undefined ? {} : { transactionRef: p.transactionRef }),
    _deleted: false,
  });
  if (!body.success) return undefined;
  const r = body.data;
  return {
    id: r.id,
    body: r,
    canonical: canonicalJson(r),
    owned: { collection: 'receipts', id: r.id, caseId: r.caseId, tripId: r.tripId, receiptNumber: r.number },
    receipt: { number: r.number, tripId: r.tripId },
  };
}
