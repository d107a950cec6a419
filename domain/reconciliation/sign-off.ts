import { isReasonGiven } from '#domain/reasons.ts';

/** Why a trip's reconciliation refuses a change or a sign-off. */
export type ReconciliationRefusal = 'already-signed' | 'return-first' | 'note-required';

/**
 * A signed-off reconciliation is final: the signer vouched for the report as it stood, so no return or
 * appointment outcome may change what it was computed from afterwards.
 */
export const amendRefusal = (signed: boolean): ReconciliationRefusal | null => (signed ? 'already-signed' : null);

/**
 * Whether a trip may be signed off: once only, after the return (money and unused receipt numbers) is
 * declared, and with open errors only when the signer writes why.
 */
export function signOffRefusal(s: { signed: boolean; returned: boolean; isClean: boolean; note: string }): ReconciliationRefusal | null {
  if (s.signed) return 'already-signed';
  if (!s.returned) return 'return-first';
  if (!s.isClean && !isReasonGiven('signOffWithErrors', s.note)) return 'note-required';
  return null;
}
