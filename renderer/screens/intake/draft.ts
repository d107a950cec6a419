/**
 * The intake being taken, and how it is written: the case document and its first event in one
 * go (accepted, or the one-time correction notice), then the receipt and its fee event. Every
 * write is a new immutable document; a retry after a failure writes nothing twice (fixed ids).
 */
import { caseNumberFor } from '#domain/case/case-number.ts';
import { assertNever } from '#domain/assert.ts';
import { type AcceptedPayload, type Applicant, type PaymentMethod, type ReceivedMaterial, type TransferCause } from '#domain/case/events.ts';
import { queryCodeOf, statusLinkOf } from '#domain/case/status-link.ts';
import { nextGrantedNumber } from '#domain/receipts/grants.ts';
import { type ScanMeta } from '#electron/ipc/contract.ts';
import { type NoticeRequest } from './notice-request.ts';
import { type TripDoc, type UnitDoc } from '#protocol/documents/office.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { appendCaseEventOnce } from '#renderer/db/case-events.ts';
import { feeEventId, numbersChargedOnTrip, receiptOfCase, receiptOfEvent } from '#renderer/db/charges.ts';
import { type ChargeReceipt } from '#domain/receipts/receipt-of-charge.ts';
import { insertNew } from '#renderer/db/insert-new.ts';
import { grantsOf } from '#renderer/db/trip-ledger.ts';
import { type BusinessKind, type IntakeDecision, type MaterialSpec, type PropertyUse, type Quote, BUSINESS_KINDS, requiredMaterials } from './intake-rules.ts';

export type Unit = Omit<UnitDoc, '_deleted'>;
export type Trip = Omit<TripDoc, '_deleted'>;

/**
 * A material of the 收件 list and what came: `received` once anything came, in the form (original or copy) and
 * number of copies actually handed over, and the pages counted (from the scans, or typed when there is no scan).
 * A copy where the original is required, or too few copies, is a defect the one-time 补正 notice names.
 */
export type MaterialLine = MaterialSpec & { received: boolean; receivedOriginal: boolean; receivedCount: number; typedPages: number | null; scans: ScanMeta[] };

/** A fresh line of the list: nothing received yet; when it comes, the form and count default to what is required. */
export const materialLine = (spec: MaterialSpec): MaterialLine => ({ ...spec, received: false, receivedOriginal: spec.original, receivedCount: spec.count, typedPages: null, scans: [] });

/** Pages of a received material: its scans' pages, or what was typed when it came without a scan. */
export const pagesOf = (m: MaterialLine): number => (m.scans.length > 0 ? m.scans.reduce((s, x) => s + x.pages, 0) : (m.typedPages ?? 0));

export type Draft = {
  caseId: string;
  appointmentId: string | null;
  kind: BusinessKind | null;
  use: PropertyUse;
  certificates: number;
  applicants: Applicant[];
  units: Unit[];
  mortgageeConsent: boolean;
  materials: MaterialLine[];
  feeCase: { key: string; reason: string } | null;
  /** For a 转移登记: why the right moves (继承 is applied for by the heir alone, 条例 第十四条). */
  cause: TransferCause | null;
  /**
   * An application told to 补正 at the counter, continued when the materials come: it keeps its number, and
   * its acceptance is recorded as the 收件 of the materials the notice listed (`missing`), not as a new intake.
   */
  continued?: { caseNumber: string; missing: string[] };
  /** The notice as drawn at the notice step: the signature step draws its signed copy from it. */
  notice?: NoticeRequest;
};

/** The circumstances that shape the 收件 list: who applies and for whom, how many, and why. */
export function circumstancesOf(d: Pick<Draft, 'applicants' | 'cause' | 'units' | 'mortgageeConsent'>) {
  return {
    applicants: Math.max(1, d.applicants.length),
    guardian: d.applicants.some((a) => a.representative?.kind === 'guardian'),
    agent: d.applicants.some((a) => a.representative?.kind === 'agent'),
    mortgaged: d.units.some((u) => u.flags.mortgaged),
    ...(d.cause ? { cause: d.cause } : {}),
  };
}

/** The 收件 list for the draft as it stands, keeping what was already recorded against each item. */
export function refreshMaterials(d: Draft): MaterialLine[] {
  if (!d.kind) return [];
  return requiredMaterials(d.kind, circumstancesOf(d)).map((spec) => {
    const had = d.materials.find((m) => m.key === spec.key);
    // Nothing received yet: the copies expected follow the list (one identity proof per applicant).
    return had ? { ...had, ...spec, ...(had.received ? {} : { receivedCount: spec.count, receivedOriginal: spec.original }) } : materialLine(spec);
  });
}

/** Whether the kind is applied for by both sides: 继承 is not (条例 第十四条第二款第（二）项). */
export const isJoint = (d: Pick<Draft, 'kind' | 'cause'>): boolean => d.kind !== null && BUSINESS_KINDS[d.kind].joint && !(d.kind === 'transfer' && d.cause === 'inheritance');

export const caseNumberOf = (trip: Trip, caseId: string): string => caseNumberFor(trip.date, caseId);
/** The draft's case number: a continued application keeps the number its 补正 notice carried. */
export const draftCaseNumber = (trip: Trip, d: Pick<Draft, 'caseId' | 'continued'>): string => d.continued?.caseNumber ?? caseNumberOf(trip, d.caseId);
/** The case's public status link (the QR on its receipt and notice), from the office's public address. */
export const statusLinkFor = (publicUrl: string, trip: Trip, d: Pick<Draft, 'caseId' | 'continued'>): string =>
  statusLinkOf(publicUrl, { caseNumber: draftCaseNumber(trip, d), queryCode: queryCodeOf(d.caseId) });

export function acceptedPayload(d: Draft, trip: Trip, promisedDays?: number): AcceptedPayload {
  if (!d.kind) throw new Error('no business kind');
  const materials = receivedMaterials(d);
  return {
    caseNumber: draftCaseNumber(trip, d),
    queryCode: queryCodeOf(d.caseId),
    businessKind: d.kind,
    use: d.use,
    applicants: d.applicants,
    units: d.units.map((u) => ({ unitNumber: u.unitNumber, address: u.address, certificateNumber: u.certificateNumber, snapshotAt: u.snapshotAt, use: u.use })),
    materials,
    ...(d.feeCase ? { feeCase: d.feeCase } : {}),
    certificates: d.certificates,
    ...(d.kind === 'transfer' && d.cause ? { cause: d.cause } : {}),
    ...(promisedDays !== undefined ? { promisedDays } : {}),
  };
}

/** What was actually handed over, in the form and number received (the domain compares it with the list). */
export function receivedMaterials(d: Pick<Draft, 'materials'>): ReceivedMaterial[] {
  return d.materials
    .filter((m) => m.received)
    .map((m) => ({ key: m.key, name: m.name, original: m.receivedOriginal, count: m.receivedCount, pages: pagesOf(m), scanIds: m.scans.map((x) => x.sha256) }));
}

/** How the intake ends at the counter, as saveIntake writes it. */
export type IntakeOutcome = { kind: 'accepted'; promisedDays: number } | { kind: 'correction'; decision: Extract<IntakeDecision, { outcome: 'correction' }> } | { kind: 'refused'; decision: Extract<IntakeDecision, { outcome: 'refuse' }> };

type Ctx = { db: VanDatabase; deviceId: string; staffId: string; now: () => Date; trip: Trip };

/**
 * Writes the case, its scans' metadata and its first event. Idempotent on the draft's ids: each write
 * inserts what is not stored yet in one go (a conflict on a fixed id means a retried save), so a save is a
 * handful of IndexedDB transactions rather than a read before every write.
 */
export async function saveIntake(ctx: Ctx, d: Draft, outcome: IntakeOutcome, opts: { awaitsNotice?: boolean } = {}): Promise<void> {
  const at = ctx.now().toISOString();
  const caseDoc = {
    id: d.caseId,
    tripId: ctx.trip.id,
    appointmentId: d.appointmentId,
    deviceId: ctx.deviceId,
    businessKind: d.kind ?? 'other',
    unitIds: d.units.map((u) => u.id),
    // The case header keeps who applied; who acts for them is in the intake event.
    applicants: d.applicants.map(({ representative: _r, ...a }) => a),
    createdAt: at,
    createdBy: ctx.staffId,
  };
  const scans = materialScanDocs(ctx, d, await storedScans(ctx.db, d.caseId));
  // The case and its scans' metadata are independent writes (separate IndexedDB transactions), so they run
  // side by side. The first event comes after both: a crash leaves at most a case without its intake event,
  // which the retried save completes.
  await Promise.all([insertNew(ctx.db.cases, [caseDoc]), insertNew(ctx.db.scans, scans)]);
  const firstId = `${d.caseId}:intake`;
  const head = { id: firstId, caseId: d.caseId, at, actor: ctx.staffId };
  switch (outcome.kind) {
    case 'accepted':
      if (d.continued) {
        // 补正 complete: the 收件 of what the notice listed accepts the application (domain/case/lifecycle.ts).
        const missing = new Set(d.continued.missing);
        const materials = receivedMaterials(d).filter((m) => missing.has(m.key));
        await appendCaseEventOnce(ctx.db, ctx.deviceId, { ...head, id: `${d.caseId}:continued`, kind: 'materials-received', payload: { materials, complete: true } });
        break;
      }
      // From the guided flow the notice follows (notice-issued.ts): until it does, the office does not count the case.
      await appendCaseEventOnce(ctx.db, ctx.deviceId, { ...head, kind: 'accepted', payload: { ...acceptedPayload(d, ctx.trip, outcome.promisedDays), ...(opts.awaitsNotice ? { awaitsNotice: true as const } : {}) } });
      break;
    case 'correction':
      await appendCaseEventOnce(ctx.db, ctx.deviceId, { ...head, kind: 'correction-notified', payload: { missing: outcome.decision.shortfalls, intake: acceptedPayload(d, ctx.trip) } });
      break;
    case 'refused': {
      const r = outcome.decision;
      await appendCaseEventOnce(ctx.db, ctx.deviceId, {
        ...head, kind: 'intake-refused',
        payload: { reason: r.reasons.join('；'), ground: r.ground, basis: r.basis, ...(r.referTo ? { referTo: r.referTo.officeName } : {}), intake: acceptedPayload(d, ctx.trip) },
      });
      break;
    }
    default:
      assertNever(outcome, 'intake outcome');
  }
}

/** Writes the metadata documents of stored scan files (one per file and case; ids stay under 100 characters). */
export async function recordScans(ctx: Pick<Ctx, 'db' | 'deviceId' | 'now'>, caseId: string, material: { name: string; original: boolean; copies: number }, scans: readonly ScanMeta[]): Promise<void> {
  await insertNew(ctx.db.scans, scanDocs(ctx, caseId, material, scans));
}

/** The case's scan records already stored (none before its first save): the ids a save must not take again. */
export async function storedScans(db: VanDatabase, caseId: string): Promise<StoredScan[]> {
  return (await db.scans.find({ selector: { caseId } }).exec()).map((doc) => ({ id: doc.id, sha256: doc.sha256, material: doc.material.name }));
}

export type StoredScan = { id: string; sha256: string; material: string };

/**
 * The scan records of the draft's materials: one per file and material, so a file scanned for two materials (one
 * page holding both, say) is recorded under each of them. The bytes stay one file, named by their hash: the van
 * uploads it once and the office verifies it once. The first material that holds a file keeps the id a scan had
 * before (case and hash), so a case saved earlier keeps its records; a further material adds its key (the case id,
 * 17 characters of hash and a material key stay under the 100 of an id). A file already on record for a material
 * keeps that record (a retried save adds nothing), and the case and hash id taken by a record stored earlier is not
 * taken again: an application continued after 补正 holds only the materials taken now, and one of them may bring a
 * file already on record for a material taken the first time.
 */
function materialScanDocs(ctx: Pick<Ctx, 'deviceId' | 'now'>, d: Pick<Draft, 'caseId' | 'materials'>, stored: readonly StoredScan[]) {
  const taken = new Set(stored.map((r) => r.id));
  return d.materials.flatMap((m) => {
    const docs = scanDocs(ctx, d.caseId, { name: m.name, original: m.receivedOriginal, copies: Math.max(1, m.receivedCount) }, m.scans);
    return docs.flatMap((doc) => {
      if (stored.some((r) => r.sha256 === doc.sha256 && r.material === m.name)) return [];
      const id = taken.has(doc.id) ? `${doc.id}:${m.key}` : doc.id;
      taken.add(id);
      return [{ ...doc, id }];
    });
  });
}

function scanDocs(ctx: Pick<Ctx, 'deviceId' | 'now'>, caseId: string, material: { name: string; original: boolean; copies: number }, scans: readonly ScanMeta[]) {
  return scans.map((s) => ({
    id: `${caseId}:${s.sha256.slice(0, 16)}`,
    caseId,
    deviceId: ctx.deviceId,
    sha256: s.sha256,
    bytes: s.bytes,
    mime: s.mime as 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/tiff',
    pages: s.pages,
    material,
    createdAt: ctx.now().toISOString(),
  }));
}

/** A receipt as recorded, with who paid and how (a retried print repeats the first charge's payer, method and reference). */
export type IssuedReceipt = { id: string; code: string; number: string; issuedAt: string; payer: string; method: PaymentMethod; transactionRef?: string };

/** Why no receipt could be issued: the trip has no block, this device holds no run of it, or its runs are used up. */
export type NoReceipt = 'no-block' | 'no-grant' | 'exhausted';

/**
 * Takes the next number of this device's own runs of the trip's block for this case and records the charge
 * (its 收费 event) BEFORE printing, so a printer failure never loses or reuses the number. A second call
 * for the same case returns the receipt already issued.
 */
export function issueReceipt(ctx: Ctx, d: Draft, quote: Quote, payer: string, method: PaymentMethod, transactionRef?: string): Promise<IssuedReceipt | NoReceipt> {
  // One issue at a time in this window (the enterprise batch issues many): reading the used numbers and
  // appending the next one must not interleave.
  const run = () => issueReceiptNow(ctx, d, quote, payer, method, transactionRef);
  const result = issueQueue.then(run, run);
  issueQueue = result.catch(() => undefined);
  return result;
}

let issueQueue: Promise<unknown> = Promise.resolve();

/**
 * The receipt already charged for this case on this trip, if any: an intake resumed after a reload or a crash at
 * the payment step must show the charge it made, not offer to take the money again.
 */
export async function recordedReceipt(ctx: Pick<Ctx, 'db' | 'trip'>, caseId: string): Promise<IssuedReceipt | undefined> {
  const existing = await receiptOfCase(ctx.db, caseId, ctx.trip.id);
  return existing ? issuedOf(existing, ctx.trip.receiptBlock?.prefix ?? '') : undefined;
}

async function issueReceiptNow(ctx: Ctx, d: Draft, quote: Quote, payer: string, method: PaymentMethod, transactionRef: string | undefined): Promise<IssuedReceipt | NoReceipt> {
  // A charge is one 收费 event (docs/receipt-numbers.md): a repeated charge, or a case resumed on a later
  // trip, finds its event and keeps its receipt.
  const existing = await receiptOfCase(ctx.db, d.caseId, ctx.trip.id);
  if (existing) return issuedOf(existing, ctx.trip.receiptBlock?.prefix ?? '');
  const block = ctx.trip.receiptBlock;
  if (!block) return 'no-block';
  // The next number of this device's own runs (domain/receipts/grants.ts): voided numbers count as used.
  const [grants, used] = await Promise.all([grantsOf(ctx.db, ctx.trip.id, ctx.deviceId), numbersChargedOnTrip(ctx.db, ctx.deviceId, ctx.trip)]);
  const next = nextGrantedNumber(block, grants, used);
  if (!next.ok) return next.error;
  const number = next.value;
  const at = ctx.now().toISOString();
  const items = quote.items.map((i) => ({ name: i.name, amountFen: i.amountFen }));
  const payload = { receiptCode: block.prefix, receiptNumber: number, payer, items, totalFen: quote.totalFen, method, rules: quote.rules, tripId: ctx.trip.id, ...(transactionRef ? { transactionRef } : {}) };
  // The one write: a crash before it leaves no charge, after it one whole charge.
  const { event } = await appendCaseEventOnce(ctx.db, ctx.deviceId, { id: feeEventId(d.caseId), caseId: d.caseId, at, actor: ctx.staffId, kind: 'fee-charged', payload });
  const issued = receiptOfEvent(event, ctx.trip.id);
  if (!issued) throw new Error(`case event ${event.id}: not a charge`);
  return issuedOf(issued, block.prefix);
}

/** What the fee step shows and prints of a charge's receipt (its id names trip, device and number: docs/receipt-numbers.md). */
const issuedOf = (r: ChargeReceipt, code: string): IssuedReceipt => ({
  id: r.id, code, number: r.number, issuedAt: r.issuedAt, payer: r.payer, method: r.method, ...(r.transactionRef ? { transactionRef: r.transactionRef } : {}),
});
