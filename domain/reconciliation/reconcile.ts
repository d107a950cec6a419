import { reconcileCases, type ReceivedCase } from './cases.ts';
import { discrepancy, type Discrepancy, DISCREPANCY_CODES } from './discrepancy.ts';
import { reconcileMoney, type MethodTotal, type QrStatements, type ReconciledReceipt, type RecomputedFee, type TripRefund } from './money-checks.ts';
import { reconcileReceiptNumbers, type ReceiptNumberAccount } from './receipt-numbers.ts';
import { reconcileScans, type ExpectedScan } from './scans.ts';
import { reconcileChains, type DeviceChain } from './chains.ts';

export type ReconciliationInput = {
  trip: { id: string; appointmentIds: readonly string[] };
  cases: readonly ReceivedCase[];
  referencedCaseIds: ReadonlySet<string>;
  resolvedAppointmentIds?: ReadonlySet<string>;
  receipts: readonly ReconciledReceipt[];
  receiptNumbers: ReceiptNumberAccount;
  fees: readonly RecomputedFee[];
  /** Cases charged under rules the office does not know: their amounts cannot be checked. */
  unknownFeeRules?: readonly { caseId: string; rules: string }[];
  declaredByMethod: ReadonlyMap<string, number> | null;
  /** Refunds paid out of this trip's takings. */
  refunds?: readonly TripRefund[];
  /** The QR channels' statements imported for the trip; absent, QR receipts are not checked against any. */
  qrStatements?: QrStatements;
  scans: { expected: readonly ExpectedScan[]; uploaded: ReadonlySet<string>; verified: ReadonlySet<string> };
  chains: readonly DeviceChain[];
};

export type Reconciliation = {
  tripId: string;
  cases: { taken: number; received: number };
  receiptNumbers: { total: number; issued: number; voided: number; unused: number; notGranted: number };
  money: { expectedFen: number; chargedFen: number; refundedFen: number; byMethod: MethodTotal[]; refunds: TripRefund[] };
  scans: { expected: number; verified: number };
  chains: { devices: number; intact: number };
  discrepancies: Discrepancy[];
  /** Nothing of severity `error`: the trip may be signed off without explanations. */
  isClean: boolean;
};

/**
 * The whole reconciliation of one trip, from facts the office holds. Pure: the office server gathers
 * the documents, the domain accounts for numbers, fees and chains, and this puts the findings in one
 * ordered list (by code, then subject) so the report reads the same on every run.
 */
export function reconcileTrip(input: ReconciliationInput): Reconciliation {
  const cases = reconcileCases({
    tripId: input.trip.id,
    appointmentIds: input.trip.appointmentIds,
    cases: input.cases,
    referencedCaseIds: input.referencedCaseIds,
    ...(input.resolvedAppointmentIds ? { resolvedAppointmentIds: input.resolvedAppointmentIds } : {}),
  });
  const numbers = reconcileReceiptNumbers(input.receiptNumbers);
  const refunds = [...(input.refunds ?? [])].sort((a, b) => a.refundNumber.localeCompare(b.refundNumber));
  const money = reconcileMoney({ receipts: input.receipts, fees: input.fees, declaredByMethod: input.declaredByMethod, refunds, ...(input.qrStatements ? { qrStatements: input.qrStatements } : {}) });
  const scans = reconcileScans(input.scans);
  const chains = reconcileChains(input.chains);
  const unknownRules = (input.unknownFeeRules ?? []).map((u) => discrepancy('fee-rules-unknown', u.caseId, `收费标准「${u.rules}」在局端没有记录。`, u.caseId));

  const order = new Map(DISCREPANCY_CODES.map((c, i) => [c, i]));
  const discrepancies = [...cases.findings, ...numbers.findings, ...money.findings, ...scans.findings, ...chains.findings, ...unknownRules].sort(
    (a, b) => (order.get(a.code) ?? 0) - (order.get(b.code) ?? 0) || a.subject.localeCompare(b.subject),
  );
  return {
    tripId: input.trip.id,
    cases: { taken: cases.taken, received: cases.received },
    receiptNumbers: numbers.counts,
    money: { expectedFen: money.expectedFen, chargedFen: money.chargedFen, refundedFen: refunds.reduce((n, r) => n + r.amountFen, 0), byMethod: money.byMethod, refunds },
    scans: { expected: scans.expected, verified: scans.verified },
    chains: { devices: input.chains.length, intact: chains.intact },
    discrepancies,
    isClean: discrepancies.every((d) => d.severity !== 'error'),
  };
}
