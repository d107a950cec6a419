import { z } from 'zod';
import { BUSINESS_KIND_KEYS, type BusinessKind } from '#domain/business/business-kinds.ts';
import { CASE_EVENT_KINDS, type CaseEventKind, PAYMENT_METHODS, type PaymentMethod } from '#domain/case/events.ts';
import { TransactionRef } from './event-payloads.ts';
import { FenAmount, Id, IsoTime, NotDeleted, Sha256Hex } from './common.ts';

/** Van-authored documents: immutable once written; corrections are new case events. */

export const CaseDoc = z.strictObject({
  id: Id,
  tripId: Id,
  appointmentId: Id.nullable(),
  deviceId: Id,
  businessKind: z.enum(BUSINESS_KIND_KEYS as [BusinessKind, ...BusinessKind[]]),
  unitIds: z.array(Id).max(200),
  /** domain/case/events.ts `Applicant`. */
  applicants: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(100),
        idType: z.enum(['resident-id', 'hmt-residence-permit', 'foreign-permanent-residence', 'passport', 'business-license', 'other']),
        idNumber: z.string().max(40),
        side: z.enum(['holder', 'obligor']),
        phone: z.string().max(30).optional(),
        fromCard: z.boolean().optional(),
      }),
    )
    .max(50),
  createdAt: IsoTime,
  createdBy: Id,
  _deleted: NotDeleted,
});
export type CaseDoc = z.infer<typeof CaseDoc>;

/** The case event envelope (domain/case/events.ts); `hash` covers every other field. */
export const CaseEventDoc = z.strictObject({
  id: Id,
  caseId: Id,
  deviceId: Id,
  seq: z.number().int().positive(),
  kind: z.enum(CASE_EVENT_KINDS as [CaseEventKind, ...CaseEventKind[]]),
  at: IsoTime,
  actor: Id,
  payload: z.record(z.string(), z.unknown()),
  prevHash: z.string().max(128).nullable(),
  hash: z.string().min(1).max(128),
  _deleted: NotDeleted,
});
export type CaseEventDoc = z.infer<typeof CaseEventDoc>;

export const ReceiptDoc = z.strictObject({
  id: Id,
  tripId: Id,
  caseId: Id,
  deviceId: Id,
  number: z.string().min(1).max(40),
  amountFen: FenAmount,
  items: z.array(z.strictObject({ code: z.string().max(40), label: z.string().max(100), amountFen: FenAmount })).max(50),
  payer: z.string().max(100),
  issuedAt: IsoTime,
  issuedBy: Id,
  /** Since protocol 3: how it was paid and the fee rules it was charged under (as in its fee-charged event). */
  method: z.enum(PAYMENT_METHODS as [PaymentMethod, ...PaymentMethod[]]).optional(),
  rules: z.string().min(1).max(60).optional(),
  /** Since protocol 9: a QR payment's transaction reference (微信, 支付宝, 云闪付), matched against the channel's statement. */
  transactionRef: TransactionRef.optional(),
  _deleted: NotDeleted,
});
export type ReceiptDoc = z.infer<typeof ReceiptDoc>;

export const ScanDoc = z.strictObject({
  id: Id,
  caseId: Id,
  deviceId: Id,
  sha256: Sha256Hex,
  bytes: z.number().int().positive(),
  mime: z.enum(['application/pdf', 'image/jpeg', 'image/png', 'image/tiff']),
  pages: z.number().int().positive().max(2000),
  /** 收件 material: name, original or copy, count, as the national exchange table DJF_DJ_SJ (收件) records each item. */
  material: z.strictObject({ name: z.string().min(1).max(100), original: z.boolean(), copies: z.number().int().positive().max(100) }),
  createdAt: IsoTime,
  _deleted: NotDeleted,
});
export type ScanDoc = z.infer<typeof ScanDoc>;
