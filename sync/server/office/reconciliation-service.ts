import { createHash } from 'node:crypto';
import { reconcileTrip, type Reconciliation } from '#domain/reconciliation/reconcile.ts';
import { type TripDoc } from '#protocol/documents/office.ts';
import { type OfficeContext } from '#server/context.ts';
import { auditDeviceChain } from '#server/sync/chain-audit.ts';
import { accountReceiptNumbers, feeTablesOf, paymentMethodOf, recomputeCaseFee, unknownFeeRules, voidedReceiptIds } from './domain-adapter.ts';
import { getParsed, groupByCase, inCaseOrder, listParsed } from './office-data.ts';
import { type AppointmentOutcome, type OfficeRecords, type TripReturn } from './records.ts';
import { OFFICE_DEVICE_ID } from './review-service.ts';

export type TripReconciliation = { trip: TripDoc; returned: TripReturn | null; outcomes: AppointmentOutcome[]; result: Reconciliation };

/**
 * Gathers what the office holds for one trip and runs the domain reconciliation over it. Cases belong to
 * the trip by their `tripId`; receipts by theirs; the devices whose chains are checked are every device
 * that sent anything for the trip.
 */
export async function reconcileTripAtOffice(ctx: OfficeContext, records: OfficeRecords, tripId: string): Promise<TripReconciliation | undefined> {
  const { storage } = ctx;
  const trip = await getParsed(storage, 'trips', tripId);
  if (!trip) return undefined;
  const returned = (await records.tripReturn(tripId)) ?? null;
  const outcomes = await records.appointmentOutcomes(tripId);

  const cases = (await listParsed(storage, 'cases')).filter((c) => c.tripId === tripId);
  const caseIds = new Set(cases.map((c) => c.id));
  const receipts = (await listParsed(storage, 'receipts')).filter((r) => r.tripId === tripId);
  const allEvents = await listParsed(storage, 'caseEvents');
  const tripDevices = new Set([...cases.map((c) => c.deviceId), ...receipts.map((r) => r.deviceId)]);
  const vanEvents = allEvents.filter((e) => e.deviceId !== OFFICE_DEVICE_ID && (caseIds.has(e.caseId) || tripDevices.has(e.deviceId)));
  const eventsByCase = groupByCase(vanEvents.filter((e) => caseIds.has(e.caseId) || receipts.some((r) => r.caseId === e.caseId)));
  const scans = (await listParsed(storage, 'scans')).filter((s) => caseIds.has(s.caseId) || tripDevices.has(s.deviceId));

  const referenced = new Set<string>([...receipts.map((r) => r.caseId), ...scans.map((s) => s.caseId), ...[...eventsByCase.keys()]]);
  const voided = voidedReceiptIds(vanEvents, receipts);
  const tables = feeTablesOf(await listParsed(storage, 'feeSchedules'));

  const uploaded = new Set<string>();
  const verified = new Set<string>();
  for (const s of scans) {
    const blob = await storage.scanBlob(s.sha256);
    if (blob) {
      uploaded.add(s.sha256);
      verified.add(s.sha256);
    }
  }

  const result = reconcileTrip({
    trip: { id: trip.id, appointmentIds: trip.appointmentIds },
    cases: cases.map((c) => ({ id: c.id, tripId: c.tripId, appointmentId: c.appointmentId })),
    referencedCaseIds: referenced,
    resolvedAppointmentIds: new Set(outcomes.map((o) => o.appointmentId)),
    receipts: receipts.map((r) => ({
      id: r.id,
      number: r.number,
      caseId: r.caseId,
      state: voided.has(r.id) ? 'voided' : 'issued',
      amountFen: r.amountFen,
      paymentMethod: paymentMethodOf(r, eventsByCase.get(r.caseId) ?? []),
    })),
    receiptNumbers: accountReceiptNumbers(trip.receiptBlock, receipts, voided, returned?.unusedNumbers ?? []),
    fees: cases.flatMap((c) => {
      const fee = recomputeCaseFee(c, (eventsByCase.get(c.id) ?? []).sort(inCaseOrder), tables);
      return fee ? [{ caseId: c.id, ...fee }] : [];
    }),
    unknownFeeRules: cases.flatMap((c) => {
      const rules = unknownFeeRules(c, eventsByCase.get(c.id) ?? [], tables);
      return rules === null ? [] : [{ caseId: c.id, rules }];
    }),
    declaredByMethod: returned ? new Map(Object.entries(returned.byMethod)) : null,
    scans: { expected: scans.map((s) => ({ sha256: s.sha256, caseId: s.caseId, material: s.material.name })), uploaded, verified },
    chains: await Promise.all([...tripDevices].sort().map(async (d) => auditDeviceChain(storage, d))),
  });
  return { trip, returned, outcomes, result };
}

/** The hash of the report as signed: the sign-off stores it, and the PDF prints it. */
export const reportHash = (r: Reconciliation): string => createHash('sha256').update(JSON.stringify(r)).digest('hex');
