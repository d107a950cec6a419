import { createHash } from 'node:crypto';
import { reconcileTrip, type Reconciliation } from '#domain/reconciliation/reconcile.ts';
import { type TripDoc } from '#protocol/documents/office.ts';
import { type TripLedgerDoc } from '#protocol/documents/ledger.ts';
import { type OfficeContext } from '#server/context.ts';
import { auditDeviceChain } from '#server/sync/chain-audit.ts';
import { chinaDateTime } from '#domain/calendar/china-time.ts';
import { accountReceiptNumbers, businessKindLabel, chargedWithoutReceipt, feeTableNeeds, paymentMethodOf, projectionOf, recomputeCaseFee, refundsPaidOnTrip, unknownFeeRules, voidedReceiptIds } from './domain-adapter.ts';
import { sortByChain } from './chain-holds.ts';
import { getParsed, groupByCase, inCaseOrder, parsedReads } from './office-data.ts';
import { feeTablesFor } from './fee-tables.ts';
import { signOffRefusal } from '#domain/reconciliation/sign-off.ts';
import { type AppointmentOutcome, type OfficeRecords, type TripReturn, tripRecords } from './records.ts';
import { R } from './reconciliation-page-text.ts';
import { type Staff } from './session.ts';
import { OFFICE_DEVICE_ID } from './review-service.ts';
import { statementReports, type StatementReport } from './statement-service.ts';
import { statementStore, type StatementStore } from './statement-store.ts';
import { amendableTrip, lockedTrip, notFound, type ReconcileOutcome, refused } from './reconciliation-lock.ts';

/** One case of the trip as the report lists it (案件号, who, what, when). */
/** `acceptedAt` is null for an intake whose notice never followed (`awaitsNotice`): its fee counts, the case does not. */
export type TripCaseLine = { caseId: string; caseNumber: string | null; applicants: string; business: string; acceptedAt: string | null; awaitsNotice: boolean };
/** One receipt of the trip as the report lists it. */
export type TripReceiptLine = { number: string; caseId: string; caseNumber: string | null; payer: string; amountFen: number; method: string; voided: boolean };

/**
 * What came of an appointment with no case: recorded on the van at the door (its trip ledger) or by the office
 * at reconciliation, which corrects the van's.
 */
export type TripOutcome = AppointmentOutcome & { source: 'van' | 'office'; rescheduledTo?: string; rescheduledTime?: string };

/** One appointment of the trip and where it stands (已受理 with its case, an outcome, or nothing recorded: 待办). */
export type TripAppointmentLine = { appointmentId: string; applicantName: string; scheduledAt: string; caseId: string | null; caseNumber: string | null; outcome: TripOutcome | null };

export type TripReconciliation = {
  trip: TripDoc;
  returned: TripReturn | null;
  outcomes: TripOutcome[];
  appointments: TripAppointmentLine[];
  /** Who recorded an outcome, by staff id. */
  staffNames: Record<string, string>;
  result: Reconciliation;
  cases: TripCaseLine[];
  receipts: TripReceiptLine[];
  /** What a person reads for an id the findings name: case → 案件号 and applicant, appointment → applicant and time, receipt → its number. */
  names: Record<string, string>;
  /** The QR channels' statements imported for the trip, each matched against the receipts as they stand now. */
  statements: StatementReport[];
};

/**
 * Gathers what the office holds for one trip and runs the domain reconciliation over it. Cases belong to
 * the trip by their `tripId`; receipts by theirs; the devices whose chains are checked are every device
 * that sent anything for the trip.
 */
export async function reconcileTripAtOffice(ctx: OfficeContext, records: OfficeRecords, tripId: string, statementFiles: StatementStore = statementStore(ctx.storage.db)): Promise<TripReconciliation | undefined> {
  const { storage } = ctx;
  const trip = await getParsed(storage, 'trips', tripId);
  if (!trip) return undefined;
  const returned = (await records.tripReturn(tripId)) ?? null;
  const reads = parsedReads(storage.db);
  const outcomes = tripOutcomes(await records.appointmentOutcomes(tripId), await reads.ofTrip('tripLedger', tripId), tripId);

  const cases = await reads.ofTrip('cases', tripId);
  const caseIds = new Set(cases.map((c) => c.id));
  const stored = await reads.ofTrip('receipts', tripId);
  const tripDevices = new Set([...cases.map((c) => c.deviceId), ...stored.map((r) => r.deviceId)]);
  // The events the report reads, on their indexes: those of the trip's cases and of the cases its receipts
  // name, those the trip's devices wrote, and refunds paid out of its takings. One held for a broken chain moves no money.
  const related = await reads.related('caseEvents', { caseIds: [...caseIds, ...stored.map((r) => r.caseId)], deviceIds: [...tripDevices], tripIds: [tripId] });
  const allEvents = (await sortByChain(storage, related)).counted;
  const vanEvents = allEvents.filter((e) => e.deviceId !== OFFICE_DEVICE_ID && (caseIds.has(e.caseId) || tripDevices.has(e.deviceId)));
  const eventsByCase = groupByCase(vanEvents.filter((e) => caseIds.has(e.caseId) || stored.some((r) => r.caseId === e.caseId)));
  // What the trip's cases charged: the receipt documents, and the charges recorded only by a 收费 event.
  const tripCaseEvents = [...eventsByCase.values()].flat();
  const receipts = [
    ...stored.map((r) => ({ id: r.id, number: r.number, caseId: r.caseId, amountFen: r.amountFen, method: paymentMethodOf(r, eventsByCase.get(r.caseId) ?? []) })),
    // A case continued on a later trip charged there, on that trip's receipt: held is every trip's receipts of these cases.
    ...chargedWithoutReceipt(tripCaseEvents, await reads.ofCases('receipts', [...eventsByCase.keys()])),
  ];
  const scans = (await reads.related('scans', { caseIds: [...caseIds], deviceIds: [...tripDevices] })).filter((s) => caseIds.has(s.caseId) || tripDevices.has(s.deviceId));

  const referenced = new Set<string>([...receipts.map((r) => r.caseId), ...scans.map((s) => s.caseId), ...[...eventsByCase.keys()]]);
  const voided = voidedReceiptIds(vanEvents, receipts);
  const grants = await storage.receiptGrants(tripId);
  // A QR payment is never handed in: its channel's statement is what shows the money arrived.
  const statements = await statementReports(ctx, statementFiles, tripId);
  const qrStatements = { channels: new Set<string>(statements.map((s) => s.channel)), confirmed: new Set(statements.flatMap((s) => s.match.matched.map((m) => m.number))) };
  const tables = await feeTablesFor(storage.db, cases.map((c) => feeTableNeeds(c, (eventsByCase.get(c.id) ?? []).sort(inCaseOrder))));

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
      paymentMethod: r.method,
    })),
    receiptNumbers: accountReceiptNumbers(trip.receiptBlock, receipts, voided, returned?.unusedNumbers ?? [], grants.length > 0 ? grants : null),
    fees: cases.flatMap((c) => {
      const fee = recomputeCaseFee(c, (eventsByCase.get(c.id) ?? []).sort(inCaseOrder), tables);
      return fee ? [{ caseId: c.id, ...fee }] : [];
    }),
    unknownFeeRules: cases.flatMap((c) => {
      const rules = unknownFeeRules(c, eventsByCase.get(c.id) ?? [], tables);
      return rules === null ? [] : [{ caseId: c.id, rules }];
    }),
    declaredByMethod: returned ? new Map(Object.entries(returned.byMethod)) : null,
    // Refunds paid out of this trip's takings, whichever trip took the fee.
    refunds: refundsPaidOnTrip(allEvents, tripId),
    qrStatements,
    scans: { expected: scans.map((s) => ({ sha256: s.sha256, caseId: s.caseId, material: s.material.name })), uploaded, verified },
    chains: await Promise.all([...tripDevices].sort().map(async (d) => auditDeviceChain(storage, d))),
  });
  const caseLines = cases.map((c): TripCaseLine => {
    const p = projectionOf(c, (eventsByCase.get(c.id) ?? []).sort(inCaseOrder));
    return {
      caseId: c.id, caseNumber: p.intake?.caseNumber ?? null, applicants: c.applicants.map((a) => a.name).join('、'), business: businessKindLabel(c.businessKind),
      acceptedAt: p.awaitsNotice ? null : c.createdAt, awaitsNotice: p.awaitsNotice,
    };
  });
  const caseNumberOf = new Map(caseLines.map((c) => [c.caseId, c.caseNumber]));
  const receiptLines = stored
    .map((r): TripReceiptLine => ({
      number: r.number, caseId: r.caseId, caseNumber: caseNumberOf.get(r.caseId) ?? null, payer: r.payer, amountFen: r.amountFen,
      method: paymentMethodOf(r, eventsByCase.get(r.caseId) ?? []), voided: voided.has(r.id),
    }))
    .sort((a, b) => a.number.localeCompare(b.number));
  const names: Record<string, string> = {};
  for (const c of caseLines) names[c.caseId] = `${c.caseNumber ?? '未编号案件'}（${c.applicants}）`;
  for (const a of await reads.ofTrip('appointments', tripId)) names[a.id] = `${a.applicantName}（预约 ${chinaDateTime(a.scheduledAt)}）`;
  for (const r of stored) names[r.id] = `${r.number}（${names[r.caseId] ?? r.payer}）`;
  const outcomeOf = new Map(outcomes.map((o) => [o.appointmentId, o]));
  const appointmentDocs = new Map((await reads.many('appointments', trip.appointmentIds)).map((a) => [a.id, a]));
  const appointments = trip.appointmentIds.map((id): TripAppointmentLine => {
    const a = appointmentDocs.get(id);
    const c = cases.find((x) => x.appointmentId === id);
    return { appointmentId: id, applicantName: a?.applicantName ?? id, scheduledAt: a?.scheduledAt ?? '', caseId: c?.id ?? null, caseNumber: c ? (caseNumberOf.get(c.id) ?? null) : null, outcome: c ? null : (outcomeOf.get(id) ?? null) };
  });
  const staffNames = Object.fromEntries((await reads.many('staff', outcomes.map((o) => o.recordedBy))).map((x) => [x.id, x.name]));
  return { trip, returned, outcomes, appointments, staffNames, result, cases: caseLines, receipts: receiptLines, names, statements };
}

/** The hash of the report as signed: the sign-off stores it, and the PDF prints it. */
export const reportHash = (r: Reconciliation): string => createHash('sha256').update(JSON.stringify(r)).digest('hex');

/**
 * The van's visit outcomes of the trip (the latest entry per appointment: a newer one corrects an older one),
 * with the office's own record of an appointment taking their place.
 */
function tripOutcomes(office: readonly AppointmentOutcome[], ledger: readonly TripLedgerDoc[], tripId: string): TripOutcome[] {
  const latest = new Map<string, TripOutcome>();
  for (const e of ledger) {
    if (e.kind !== 'visit-outcome' || e.tripId !== tripId) continue;
    const seen = latest.get(e.appointmentId);
    if (seen && seen.recordedAt >= e.at) continue;
    latest.set(e.appointmentId, {
      appointmentId: e.appointmentId, tripId, outcome: e.outcome, note: e.note, recordedBy: e.actor, recordedAt: e.at, source: 'van',
      ...(e.rescheduledTo ? { rescheduledTo: e.rescheduledTo } : {}), ...(e.rescheduledTime ? { rescheduledTime: e.rescheduledTime } : {}),
    });
  }
  for (const o of office) latest.set(o.appointmentId, { ...o, source: 'office' });
  return [...latest.values()].sort((a, b) => a.appointmentId.localeCompare(b.appointmentId));
}

/** A reconciliation write's answer: done, or refused with what the person reads (nothing written). */
/** Declares what the van brought back (money by method, unused receipt numbers); replaces an earlier declaration until sign-off. */
export async function saveReturn(ctx: Pick<OfficeContext, 'storage' | 'clock'>, staff: Staff, tripId: string, input: { byMethod: Record<string, number>; unusedNumbers: string[] }): Promise<ReconcileOutcome> {
  return ctx.storage.db.transaction(async (tx): Promise<ReconcileOutcome> => {
    const trip = await amendableTrip(tx, tripId);
    if ('ok' in trip) return trip;
    await tripRecords(tx).saveTripReturn({ tripId, byMethod: input.byMethod, unusedNumbers: input.unusedNumbers, declaredBy: staff.id, declaredAt: ctx.clock.now().toISOString() });
    return { ok: true };
  });
}

/** Records what happened at the door of one of the trip's own appointments with no case, until sign-off. */
export async function saveOutcome(
  ctx: Pick<OfficeContext, 'storage' | 'clock'>,
  staff: Staff,
  tripId: string,
  appointmentId: string,
  input: { outcome: AppointmentOutcome['outcome']; note: string },
): Promise<ReconcileOutcome> {
  return ctx.storage.db.transaction(async (tx): Promise<ReconcileOutcome> => {
    const trip = await amendableTrip(tx, tripId, (t) => t.appointmentIds.includes(appointmentId));
    if ('ok' in trip) return trip;
    await tripRecords(tx).setAppointmentOutcome({ appointmentId, tripId, outcome: input.outcome, note: input.note, recordedBy: staff.id, recordedAt: ctx.clock.now().toISOString() });
    return { ok: true };
  });
}

/**
 * What of the office's own records a report was computed from (the return, the outcomes, each channel's statement by
 * its file's hash); a sign-off stores the report only while they still stand.
 */
const officeInputs = (returned: TripReturn | null, outcomes: readonly AppointmentOutcome[], statements: readonly { channel: string; sha256: string }[]): string =>
  JSON.stringify([
    returned,
    [...outcomes].sort((a, b) => a.appointmentId.localeCompare(b.appointmentId)),
    statements.map((s) => `${s.channel}:${s.sha256}`).sort(),
  ]);

/**
 * Signs off the report as it stands now. The report is computed outside the transaction (it reads much);
 * the sign-off is written under the reconciliation lock only if the return, the office's outcomes and the
 * statements it was computed from are still those stored, else it is computed again, so the signed report is
 * always the one of the records it signs.
 */
export async function signOff(ctx: OfficeContext, records: OfficeRecords, staff: Staff, tripId: string, note: string, statementFiles?: StatementStore): Promise<ReconcileOutcome<{ hash: string }>> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = await reconcileTripAtOffice(ctx, records, tripId, statementFiles);
    if (!r) return notFound;
    const seen = officeInputs(r.returned, r.outcomes.filter((o) => o.source === 'office').map(({ source: _source, ...o }) => o), r.statements);
    const out = await ctx.storage.db.transaction(async (tx): Promise<ReconcileOutcome<{ hash: string }> | 'changed'> => {
      if (!(await lockedTrip(tx, tripId))) return notFound;
      const held = tripRecords(tx);
      const returned = (await held.tripReturn(tripId)) ?? null;
      const refusal = signOffRefusal({ signed: (await held.signOffOf(tripId)) !== undefined, returned: returned !== null, isClean: r.result.isClean, note });
      if (refusal) return refused(refusal);
      if (officeInputs(returned, await held.appointmentOutcomes(tripId), await statementStore(tx).hashes(tripId)) !== seen) return 'changed';
      const hash = reportHash(r.result);
      await held.signOff({ tripId, staffId: staff.id, staffName: staff.name, note, report: JSON.stringify(r.result), reportHash: hash, signedAt: ctx.clock.now().toISOString() });
      return { ok: true, hash };
    });
    if (out !== 'changed') return out;
  }
  return { ok: false, status: 409, message: R.changedWhileSigning };
}
