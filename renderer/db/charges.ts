import { addDays } from '#domain/calendar/china-time.ts';
import { type CaseEventBody } from '#domain/case/events.ts';
import { type ChargeReceipt, receiptOfCharge } from '#domain/receipts/receipt-of-charge.ts';
import { appendCaseEventOnce, type CaseEvent, firstSeqSince } from './case-events.ts';
import { type VanDatabase } from './database.ts';

type FeeCharged = Extract<CaseEventBody, { kind: 'fee-charged' }>['payload'];

/** A case's charge is one 收费 event with this id, and its receipt is read from it (docs/receipt-numbers.md). */
export const feeEventId = (caseId: string): string => `${caseId}:fee`;

/** The receipt a 收费 event stands for; `tripId`: the case's trip, for events that name none. */
export const receiptOfEvent = (e: CaseEvent, tripId: string): ChargeReceipt | undefined =>
  e.kind === 'fee-charged' ? receiptOfCharge({ ...e, payload: e.payload as FeeCharged }, tripId) : undefined;

export async function receiptOfCase(db: VanDatabase, caseId: string, tripId: string): Promise<ChargeReceipt | undefined> {
  const event = await db.caseEvents.findOne(feeEventId(caseId)).exec();
  return event ? receiptOfEvent(event.toJSON(), tripId) : undefined;
}

/**
 * The receipt numbers this device charged on a trip, issued or voided: its 收费 events from the day before the
 * trip's date on (07:00 in China is the day before in UTC), a trip's worth of events, not the van's all.
 */
export async function numbersChargedOnTrip(db: VanDatabase, deviceId: string, tripDate: string): Promise<string[]> {
  const from = await firstSeqSince(db, deviceId, addDays(tripDate, -1));
  const docs = await db.caseEvents.find({ selector: { deviceId, seq: { $gte: from }, kind: 'fee-charged' }, sort: [{ deviceId: 'asc' }, { seq: 'asc' }] }).exec();
  return docs.map((d) => String(d.payload['receiptNumber']));
}

/**
 * Once, at the first login after the van stopped writing receipt documents: this device's receipt whose 收费 a
 * crash between the older version's two writes lost (the last one written, so of a newest trip) gets it, as
 * that version wrote it (no trip named: the receipt document itself goes to the office). Receipts from before
 * protocol 3 have no payment method to build it from. Returns the numbers given their event.
 */
export async function migrateFeeRecords(db: VanDatabase, deviceId: string): Promise<string[]> {
  if (await db.getLocal('fee-records-v17')) return [];
  const written: string[] = [];
  for (const trip of await db.trips.find({ sort: [{ date: 'desc' }], limit: 2 }).exec()) {
    for (const r of (await db.receipts.find({ selector: { tripId: trip.id } }).exec()).map((d) => d.toJSON())) {
      if (!trip.receiptBlock || r.deviceId !== deviceId || r.method === undefined || r.rules === undefined) continue;
      const items = r.items.map((i) => ({ name: i.label ?? '', amountFen: i.amountFen ?? 0 }));
      const payload: FeeCharged = { receiptCode: trip.receiptBlock.prefix, receiptNumber: r.number, payer: r.payer, items, totalFen: r.amountFen, method: r.method, rules: r.rules };
      const event = { id: feeEventId(r.caseId), caseId: r.caseId, at: r.issuedAt, actor: r.issuedBy, kind: 'fee-charged' as const, payload: r.transactionRef ? { ...payload, transactionRef: r.transactionRef } : payload };
      if ((await appendCaseEventOnce(db, deviceId, event)).appended) written.push(r.number);
    }
  }
  await db.insertLocal('fee-records-v17', { written });
  return written;
}
