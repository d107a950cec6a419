/**
 * The intake being taken, and how it is written: the case document and its first event in one
 * go (accepted, or the one-time correction notice), then the receipt and its fee event. Every
 * write is a new immutable document; a retry after a failure writes nothing twice (fixed ids).
 */
import { type AcceptedPayload, type Applicant, type ReceivedMaterial } from '#domain/case/events.ts';
import { queryCodeOf, statusLinkOf } from '#domain/case/status-link.ts';
import { type ScanMeta } from '#electron/ipc/contract.ts';
import { type TripDoc, type UnitDoc } from '#protocol/documents/office.ts';
import { type ReceiptDoc } from '#protocol/documents/van.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { appendCaseEventOnce } from '#renderer/db/case-events.ts';
import { ensureFeeEvent, feeEventOf } from '#renderer/db/fee-repair.ts';
import { insertNew } from '#renderer/db/insert-new.ts';
import { type BusinessKind, type MaterialSpec, type PropertyUse, type Quote, nextNumber } from './intake-rules.ts';

export type Unit = Omit<UnitDoc, '_deleted'>;
export type Trip = Omit<TripDoc, '_deleted'>;
type Receipt = Omit<ReceiptDoc, '_deleted'>;

export type MaterialLine = MaterialSpec & { received: boolean; scans: ScanMeta[] };

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
};

export const caseNumberOf = (trip: Trip, caseId: string) => `${trip.date.replaceAll('-', '')}-${caseId.slice(0, 8).toUpperCase()}`;
/** The case's public status link (the QR on its receipt and notice), from the office's public address. */
export const statusLinkFor = (publicUrl: string, trip: Trip, caseId: string): string =>
  statusLinkOf(publicUrl, { caseNumber: caseNumberOf(trip, caseId), queryCode: queryCodeOf(caseId) });

export function acceptedPayload(d: Draft, trip: Trip): AcceptedPayload {
  if (!d.kind) throw new Error('no business kind');
  const materials: ReceivedMaterial[] = d.materials
    .filter((m) => m.received)
    .map((m) => ({ key: m.key, name: m.name, original: m.original, count: m.count, pages: m.scans.reduce((s, x) => s + x.pages, 0), scanIds: m.scans.map((x) => x.sha256) }));
  return {
    caseNumber: caseNumberOf(trip, d.caseId),
    queryCode: queryCodeOf(d.caseId),
    businessKind: d.kind,
    use: d.use,
    applicants: d.applicants,
    units: d.units.map((u) => ({ unitNumber: u.unitNumber, address: u.address, certificateNumber: u.certificateNumber, snapshotAt: u.snapshotAt })),
    materials,
    ...(d.feeCase ? { feeCase: d.feeCase } : {}),
    certificates: d.certificates,
  };
}

type Ctx = { db: VanDatabase; deviceId: string; staffId: string; now: () => Date; trip: Trip };

/**
 * Writes the case, its scans' metadata and its first event. Idempotent on the draft's ids: each write
 * inserts what is not stored yet in one go (a conflict on a fixed id means a retried save), so a save is a
 * handful of IndexedDB transactions rather than a read before every write.
 */
export async function saveIntake(ctx: Ctx, d: Draft, outcome: 'accepted' | 'correction'): Promise<void> {
  const at = ctx.now().toISOString();
  const caseDoc = {
    id: d.caseId,
    tripId: ctx.trip.id,
    appointmentId: d.appointmentId,
    deviceId: ctx.deviceId,
    businessKind: d.kind ?? 'other',
    unitIds: d.units.map((u) => u.id),
    applicants: d.applicants,
    createdAt: at,
    createdBy: ctx.staffId,
  };
  const scans = d.materials.flatMap((m) => scanDocs(ctx, d.caseId, { name: m.name, original: m.original, copies: m.count }, m.scans));
  // The case and its scans' metadata are independent writes (separate IndexedDB transactions), so they run
  // side by side. The first event comes after both: a crash leaves at most a case without its intake event,
  // which the retried save completes.
  await Promise.all([insertNew(ctx.db.cases, [caseDoc]), insertNew(ctx.db.scans, scans)]);
  const firstId = `${d.caseId}:intake`;
  const intake = acceptedPayload(d, ctx.trip);
  if (outcome === 'accepted') {
    await appendCaseEventOnce(ctx.db, ctx.deviceId, { id: firstId, caseId: d.caseId, at, actor: ctx.staffId, kind: 'accepted', payload: intake });
  } else {
    const missing = d.materials.filter((m) => !m.received).map((m) => ({ key: m.key, name: m.name, problem: 'missing' as const }));
    await appendCaseEventOnce(ctx.db, ctx.deviceId, { id: firstId, caseId: d.caseId, at, actor: ctx.staffId, kind: 'correction-notified', payload: { missing, intake } });
  }
}

/** Writes the metadata documents of stored scan files (one per file and case; ids stay under 100 characters). */
export async function recordScans(ctx: Pick<Ctx, 'db' | 'deviceId' | 'now'>, caseId: string, material: { name: string; original: boolean; copies: number }, scans: readonly ScanMeta[]): Promise<void> {
  await insertNew(ctx.db.scans, scanDocs(ctx, caseId, material, scans));
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

export type IssuedReceipt = { id: string; code: string; number: string; issuedAt: string };

/**
 * Takes the next free number of the trip's block for this case and records the receipt and the
 * fee event BEFORE printing, so a printer failure never loses or reuses the number. A second call
 * for the same case returns the receipt already issued.
 */
export function issueReceipt(ctx: Ctx, d: Draft, quote: Quote, payer: string, method: 'cash' | 'bank-card'): Promise<IssuedReceipt | 'no-block' | 'exhausted'> {
  // One issue at a time in this window (the enterprise batch issues many): reading the used numbers and
  // inserting the next one must not interleave. The receipt's id is its number, so even a second window
  // could not store the same number twice: the insert would fail instead of printing a duplicate.
  const run = () => issueReceiptNow(ctx, d, quote, payer, method);
  const result = issueQueue.then(run, run);
  issueQueue = result.catch(() => undefined);
  return result;
}

let issueQueue: Promise<unknown> = Promise.resolve();

async function issueReceiptNow(ctx: Ctx, d: Draft, quote: Quote, payer: string, method: 'cash' | 'bank-card'): Promise<IssuedReceipt | 'no-block' | 'exhausted'> {
  // Side by side: the numbers the trip used, and the case's own receipt from any trip (a repeated charge, or
  // a case resumed on a later trip, keeps its receipt).
  const [ofTrip, existing] = await Promise.all([
    ctx.db.receipts.find({ selector: { tripId: ctx.trip.id } }).exec(),
    ctx.db.receipts.findOne({ selector: { caseId: d.caseId } }).exec(),
  ]);
  if (existing) {
    const code = ctx.trip.receiptBlock?.prefix ?? '';
    // A charge repeated after a crash between the receipt and its event writes the missing event.
    await ensureFeeEvent(ctx.db, ctx.deviceId, existing.toJSON() as Receipt, code);
    return { id: existing.id, code, number: existing.number, issuedAt: existing.issuedAt };
  }
  const block = ctx.trip.receiptBlock;
  if (!block) return 'no-block';
  const used = new Set(ofTrip.map((r) => r.number));
  // The next unused number of the trip's block (domain/receipts): voided numbers count as used.
  const next = nextNumber(block, used);
  if (!next.ok) return 'exhausted';
  const number = next.value;
  const at = ctx.now().toISOString();
  const id = `${ctx.trip.id}:${number}`;
  const receipt = {
    id,
    tripId: ctx.trip.id,
    caseId: d.caseId,
    deviceId: ctx.deviceId,
    number,
    amountFen: quote.totalFen,
    items: quote.items.map((i, k) => ({ code: `item-${k + 1}`, label: i.name, amountFen: i.amountFen })),
    payer,
    issuedAt: at,
    issuedBy: ctx.staffId,
    method,
    rules: quote.rules,
  };
  // The receipt first (it holds the number), then its fee event built from it alone (fee-repair.ts).
  await ctx.db.receipts.insert(receipt);
  await appendCaseEventOnce(ctx.db, ctx.deviceId, feeEventOf(receipt, block.prefix));
  return { id, code: block.prefix, number, issuedAt: at };
}
