import { type CaseEventBody, type PaymentMethod } from '#domain/case/events.ts';

type FeeCharged = Extract<CaseEventBody, { kind: 'fee-charged' }>['payload'];

/** A receipt as it is printed and reconciled: one per charge, numbered from the trip's block. */
export type ChargeReceipt = {
  id: string;
  tripId: string;
  caseId: string;
  deviceId: string;
  number: string;
  amountFen: number;
  items: { code: string; label: string; amountFen: number }[];
  payer: string;
  issuedAt: string;
  issuedBy: string;
  method: PaymentMethod;
  rules: string;
  transactionRef?: string;
};

/**
 * The receipt a 收费 event stands for. The van records a charge as this one event (a receipt written beside it
 * could be lost to a crash between two writes, see docs/receipt-numbers.md), and the van's screens and the
 * office's receipt row both read the receipt from it: the same fields, id and item codes a separate receipt
 * document had. `tripId`: the trip when the event does not name one (events of vans before the event did).
 */
export function receiptOfCharge(event: { caseId: string; deviceId: string; at: string; actor: string; payload: FeeCharged }, tripId?: string): ChargeReceipt | undefined {
  const p = event.payload;
  const trip = p.tripId ?? tripId;
  if (trip === undefined) return undefined;
  return {
    id: `${trip}:${event.deviceId}:${p.receiptNumber}`,
    tripId: trip,
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
  };
}
