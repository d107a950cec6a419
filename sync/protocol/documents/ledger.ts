import { z } from 'zod';
import { Id, IsoDate, IsoTime, NotDeleted } from './common.ts';

/**
 * Protocol 9: the trip ledger, what passes between the office and one device of a van about a trip
 * besides its cases. Entries are never changed once written; a correction is a newer entry.
 * - `receipt-grant` (written by the office, seen only by that device): a run of the trip's receipt block
 *   the device alone may print from (domain/receipts/grants.ts);
 * - `visit-outcome` (written by the van): what came of an appointment that produced no case.
 */
export const ReceiptGrantEntry = z.strictObject({
  id: Id,
  kind: z.literal('receipt-grant'),
  tripId: Id,
  deviceId: Id,
  /** Counters of the trip's block, inclusive. */
  first: z.number().int().positive(),
  last: z.number().int().positive(),
  grantedAt: IsoTime,
  _deleted: z.boolean(),
});
export type ReceiptGrantEntry = z.infer<typeof ReceiptGrantEntry>;

/** 未遇 (nobody at the door), 改约 (moved to another day), 放弃 (the applicant gave up). */
export const VISIT_OUTCOMES = ['not-home', 'rescheduled', 'cancelled'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

export const VisitOutcomeEntry = z.strictObject({
  id: Id,
  kind: z.literal('visit-outcome'),
  tripId: Id,
  deviceId: Id,
  appointmentId: Id,
  outcome: z.enum(VISIT_OUTCOMES),
  note: z.string().max(500),
  /** The new date agreed for a 改约. */
  rescheduledTo: IsoDate.optional(),
  /** Protocol 11: the Beijing time of day agreed for a 改约, `HH:mm`. */
  rescheduledTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).optional(),
  at: IsoTime,
  actor: Id,
  _deleted: NotDeleted,
});
export type VisitOutcomeEntry = z.infer<typeof VisitOutcomeEntry>;

export const TripLedgerDoc = z.discriminatedUnion('kind', [ReceiptGrantEntry, VisitOutcomeEntry]);
export type TripLedgerDoc = z.infer<typeof TripLedgerDoc>;

/** Which side writes each kind of ledger entry. */
export const LEDGER_AUTHOR = { 'receipt-grant': 'office', 'visit-outcome': 'van' } as const satisfies Record<TripLedgerDoc['kind'], 'office' | 'van'>;
