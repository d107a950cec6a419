import { type CaseEventBody } from '#domain/case/events.ts';
import { type ChargeReceipt, receiptOfCharge } from '#domain/receipts/receipt-of-charge.ts';
import { appendCaseEventOnce, type CaseEvent, chainHead } from './case-events.ts';
import { type VanDatabase } from './database.ts';

type FeeCharged = Extract<CaseEventBody, { kind: 'fee-charged' }>['payload'];

/** The local document marking the one-time migration of receipt documents into 收费 events, with the numbers it gave one. */
const MIGRATED = 'fee-records-v17';

/** A case's charge is one 收费 event with this id, and its receipt is read from it (docs/receipt-numbers.md). */
export const feeEventId = (caseId: string): string => `${caseId}:fee`;

/** The receipt a 收费 event stands for; `tripId`: the case's trip, for events that name none. */
export const receiptOfEvent = (e: CaseEvent, tripId: string): ChargeReceipt | undefined =>
  e.kind === 'fee-charged' ? receiptOfCharge({ ...e, payload: e.payload as FeeCharged }, tripId) : undefined;

/** The receipt the office keeps as a view of a 收费 naming its trip (protocol 17), if `e` is one. */
export const receiptViewOf = (e: CaseEvent): ChargeReceipt | undefined => {
  const tripId = e.payload['tripId'];
  return typeof tripId === 'string' ? receiptOfEvent(e, tripId) : undefined;
};

export async function receiptOfCase(db: VanDatabase, caseId: string, tripId: string): Promise<ChargeReceipt | undefined> {
  const event = await db.caseEvents.findOne(feeEventId(caseId)).exec();
  return event ? receiptOfEvent(event.toJSON(), tripId) : undefined;
}

/** How many events one step of the backward walk reads (one range of the [deviceId, seq] index). */
const WALK_STEP = 256;

/**
 * The receipt numbers charged on a trip, issued or voided: the trip's receipt documents (written by versions
 * before the 收费 event became the only record) and this device's 收费 events naming the trip.
 *
 * The events are walked back from the newest in `seq` order, the order the device wrote them, until a 收费 of
 * an earlier trip or of an older version: everything before it was written before this trip's charges. The
 * laptop's clock decides nothing here; a clock set back (a flat CMOS battery, a wrong time zone) must not make
 * the walk stop early and a printed number be printed again.
 */
export async function numbersChargedOnTrip(db: VanDatabase, deviceId: string, trip: { id: string; date: string }): Promise<string[]> {
  const legacy = (await db.receipts.find({ selector: { tripId: trip.id } }).exec()).map((r) => r.number);
  const migrated = new Set(((await db.getLocal<{ written: string[] }>(MIGRATED))?.toJSON().data.written ?? []));
  const tripDates = new Map<string, string | null>();
  const earlierTrip = async (tripId: string): Promise<boolean> => {
    if (!tripDates.has(tripId)) tripDates.set(tripId, (await db.trips.findOne(tripId).exec())?.date ?? null);
    const date = tripDates.get(tripId);
    // A trip no longer on the van is one that ended before.
    return date === null || date === undefined || date < trip.date;
  };
  const charged: string[] = [];
  for (let top = ((await chainHead(db, deviceId))?.seq ?? 0) + 1; top > 1; top -= WALK_STEP) {
    // RxDB on IndexedDB reads an index upwards only: each step is one upward range below the last.
    const docs = await db.caseEvents.find({ selector: { deviceId, seq: { $gte: Math.max(1, top - WALK_STEP), $lt: top } }, sort: [{ deviceId: 'asc' }, { seq: 'asc' }] }).exec();
    for (const doc of docs.reverse()) {
      if (doc.kind !== 'fee-charged') continue;
      const number = String(doc.payload['receiptNumber']);
      const named = doc.payload['tripId'];
      if (named === trip.id) charged.push(number);
      else if (typeof named === 'string' ? await earlierTrip(named) : !migrated.has(number)) return [...legacy, ...charged.reverse()];
    }
  }
  return [...legacy, ...charged.reverse()];
}

/**
 * Once, at the first login after the van stopped writing receipt documents: this device's receipt whose 收费 a
 * crash between the older version's two writes lost (the last one written, so of a newest trip) gets it, as
 * that version wrote it (no trip named: the receipt document itself goes to the office). Receipts from before
 * protocol 3 have no payment method to build it from. Returns the numbers given their event.
 */
export async function migrateFeeRecords(db: VanDatabase, deviceId: string): Promise<string[]> {
  if (await db.getLocal(MIGRATED)) return [];
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
  await db.insertLocal(MIGRATED, { written });
  return written;
}
