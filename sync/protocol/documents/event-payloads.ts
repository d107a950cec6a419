import { z } from 'zod';
import { BUSINESS_KIND_KEYS, type BusinessKind, type PropertyUse } from '#domain/business/business-kinds.ts';
import { type CaseEventBody, type CaseEventKind, PAYMENT_METHODS, type PaymentMethod } from '#domain/case/events.ts';
import { FenAmount, Id, IsoTime } from './common.ts';

/**
 * The `payload` of each case event kind (domain/case/events.ts `CaseEventBody`), checked by the office on
 * push and by the van before it appends. Objects are not strict: a payload carrying a field this version
 * does not know is still accepted (it is hashed as sent, never stripped), so an older or newer writer is
 * not refused for an addition. The type check at the bottom fails to compile if a schema drifts from its
 * domain type in either direction.
 */

const Text = (max: number) => z.string().max(max);
const Name = z.string().min(1).max(200);
const Level = z.union([z.literal(1), z.literal(2), z.literal(3)]);

const IdType = z.enum(['resident-id', 'hmt-residence-permit', 'foreign-permanent-residence', 'passport', 'business-license', 'other']);
const Use = z.enum(['residential', 'non-residential', 'parking'] as const satisfies readonly PropertyUse[]);

/** Since protocol 4: who acts for the applicant (监护人, 委托代理人). */
const Representative = z.object({
  kind: z.enum(['guardian', 'agent']),
  name: z.string().min(1).max(100),
  idType: IdType,
  idNumber: Text(40),
  relation: Text(200),
  fromCard: z.boolean().optional(),
});

const Applicant = z.object({
  name: z.string().min(1).max(100),
  idType: IdType,
  idNumber: Text(40),
  side: z.enum(['holder', 'obligor']),
  phone: Text(30).optional(),
  fromCard: z.boolean().optional(),
  representative: Representative.optional(),
});

const UnitRef = z.object({
  unitNumber: Text(40),
  address: Text(300),
  use: Use.optional(),
  certificateNumber: Text(100).optional(),
  snapshotAt: IsoTime,
});

const ReceivedMaterial = z.object({
  key: Text(100),
  name: Name,
  original: z.boolean(),
  count: z.number().int().nonnegative().max(1000),
  pages: z.number().int().nonnegative().max(100_000),
  scanIds: z.array(Id).max(500),
});

const AcceptedPayload = z.object({
  caseNumber: z.string().min(1).max(60),
  queryCode: Text(60),
  businessKind: z.enum(BUSINESS_KIND_KEYS as [BusinessKind, ...BusinessKind[]]),
  use: Use,
  applicants: z.array(Applicant).max(50),
  units: z.array(UnitRef).max(200),
  materials: z.array(ReceivedMaterial).max(200),
  feeCase: z.object({ key: Text(100), reason: Text(500) }).optional(),
  certificates: z.number().int().nonnegative().max(1000),
  cause: z.enum(['sale', 'gift', 'exchange', 'inheritance', 'court-order', 'other']).optional(),
  promisedDays: z.number().int().min(1).max(30).optional(),
  /** Protocol 10: the intake counts only once its `notice-issued` event follows. */
  awaitsNotice: z.literal(true).optional(),
});

const Reason = Text(2000);
const ScanId = z.string().regex(/^[0-9a-f]{64}$/);
const FlagCode = z.enum(['seized-after-acceptance', 'unit-status-changed', 'chain-broken', 'other']);
const Shortfall = z.object({ key: Text(100), name: Name, problem: z.enum(['missing', 'defective']), note: Text(500).optional(), basis: Text(500).optional() });
/** A payment channel's transaction (or merchant order) reference as printed on its statement. */
export const TransactionRef = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, '交易单号应为6到64位字母、数字、“-”或“_”');

export const EVENT_PAYLOAD_SCHEMAS = {
  accepted: AcceptedPayload,
  'materials-received': z.object({ materials: z.array(ReceivedMaterial).max(200), complete: z.boolean() }),
  'correction-notified': z.object({ missing: z.array(Shortfall).max(200), intake: AcceptedPayload }),
  'intake-refused': z.object({
    reason: Reason,
    ground: z.enum(['seized', 'advance-notice', 'in-progress', 'filed-contract', 'outside-area', 'materials']).optional(),
    basis: Reason.optional(),
    referTo: Text(200).optional(),
    intake: AcceptedPayload.optional(),
  }),
  'fee-charged': z.object({
    receiptCode: Text(60),
    receiptNumber: z.string().min(1).max(40),
    payer: Text(100),
    items: z.array(z.object({ name: Name, amountFen: FenAmount, basis: Text(500).optional() })).max(50),
    totalFen: FenAmount,
    method: z.enum(PAYMENT_METHODS as [PaymentMethod, ...PaymentMethod[]]),
    rules: Text(200),
    /** Protocol 9: the channel's transaction reference of a QR payment (微信, 支付宝, 云闪付). */
    transactionRef: TransactionRef.optional(),
    /** Protocol 17: the trip whose block the number is from. A van that sends it writes no receipt document: the office keeps the receipt as a view of this event. */
    tripId: Id.optional(),
  }),
  'receipt-voided': z.object({ receiptNumber: z.string().min(1).max(40), reason: Reason }),
  'receipt-reprinted': z.object({ receiptNumber: z.string().min(1).max(40), reason: Reason.optional() }),
  withdrawn: z.object({ reason: Reason }),
  'fee-refunded': z.object({
    receiptNumber: z.string().min(1).max(40),
    refundNumber: z.string().min(1).max(40),
    amountFen: FenAmount,
    method: z.enum(PAYMENT_METHODS as [PaymentMethod, ...PaymentMethod[]]),
    reason: Reason,
    ground: z.enum(['withdrawn', 'registration-refused']),
    tripId: Id.optional(),
  }),
  'interview-recorded': z.object({
    interviewee: z.string().min(1).max(100),
    answers: z.array(z.object({ question: Text(500), answer: Text(2000) })).min(1).max(50),
    signatureScanId: ScanId,
  }),
  'inspection-recorded': z.object({
    ground: z.enum(['first-building', 'mortgage-under-construction', 'destroyed', 'other']),
    findings: Reason,
    matchesApplication: z.boolean(),
    photoScanIds: z.array(ScanId).max(100),
    signatureScanId: ScanId,
  }),
  'review-passed': z.object({ level: Level, opinion: Reason, outOfOrderReason: Reason.optional() }),
  'returned-for-correction': z.object({
    level: Level,
    missing: z.array(z.object({ key: Text(100), name: Name, note: Text(500).optional() })).max(200),
    opinion: Reason,
  }),
  'registration-refused': z.object({ reason: Reason, basis: Reason.optional() }),
  suspended: z.object({ reason: Reason }),
  resumed: z.object({ reason: Reason.optional() }),
  registered: z.object({ unitStatusCheckedAt: IsoTime }),
  'certificate-prepared': z.object({ certificateNumbers: z.array(z.string().min(1).max(60)).max(200) }),
  'certificate-issued': z.object({ collectorName: z.string().min(1).max(100), collectorIdNumber: Text(40).optional() }),
  archived: z.object({ archiveNumber: Text(100).optional() }),
  flagged: z.object({ code: FlagCode, message: Reason }),
  'flag-cleared': z.object({ code: FlagCode, reason: Reason }),
  'publication-started': z.object({ reason: Reason, workingDays: z.number().int().min(1).max(250) }),
  'publication-ended': z.object({ objections: z.boolean(), note: Reason.optional() }),
  /** Protocol 10: the written answer of the intake, handed over; the archived PDF's hash and pages. */
  'notice-issued': z.object({ notice: z.enum(['acceptance', 'correction', 'refusal']), sha256: ScanId, pages: z.number().int().min(1).max(1000) }),
} satisfies { [K in CaseEventKind]: z.ZodType<EventPayload<K>> };

/** The payload type of one kind, from the domain. */
export type EventPayload<K extends CaseEventKind> = Extract<CaseEventBody, { kind: K }>['payload'];

export type PayloadIssue = { path: string; message: string };

/** Checks `payload` against its kind's schema; the first issue names the field (e.g. `applicants.0.idType`). */
export function checkEventPayload(kind: CaseEventKind, payload: unknown): PayloadIssue | null {
  const parsed = EVENT_PAYLOAD_SCHEMAS[kind].safeParse(payload);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return { path: issue?.path.map(String).join('.') ?? '', message: issue?.message ?? '' };
}

// Compile-time drift check: each schema's output equals the domain's payload type exactly.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Drift = { [K in CaseEventKind]: Equal<z.infer<(typeof EVENT_PAYLOAD_SCHEMAS)[K]>, EventPayload<K>> };
type AllMatch = false extends Drift[CaseEventKind] ? false : true;
const NO_DRIFT: AllMatch = true;
export const EVENT_PAYLOADS_MATCH_DOMAIN = NO_DRIFT;
