/**
 * The longest a typed field may be, as the van's inputs cap it (`maxLength`, or a clamp on a number). Each is at
 * most what the record it goes into accepts (the case events' payloads and the trip ledger, sync/protocol): a field
 * typed too long is stopped as it is typed, not refused, in English, when the case is saved after the fee was
 * taken. tests/renderer/field-limits.test.ts holds each to its record's limit.
 */
export const FIELD_MAX = {
  /** An applicant's, a representative's, a payer's or an enterprise's name. */
  name: 100,
  /** A guardian's relation or an agent's mandate. */
  relation: 200,
  /** Why a fee is reduced or waived. */
  feeReason: 500,
  /** Why a visit did not take place (未遇, 改约, 放弃). */
  visitNote: 500,
  /** Why a receipt is voided, an application withdrawn or a fee refunded. */
  reason: 2000,
  /** Copies of one material. */
  copies: 100,
  /** Pages of one material. */
  pages: 10_000,
} as const;

