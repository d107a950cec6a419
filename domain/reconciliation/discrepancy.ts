/**
 * One finding of a trip reconciliation. Codes are closed: the report text and the action to take
 * live in reconciliation-text.ts, keyed by code.
 */
export const DISCREPANCY_CODES = [
  'case-not-received',
  'case-not-on-trip',
  'appointment-without-outcome',
  'receipt-number-missing',
  'receipt-number-duplicate',
  'receipt-number-outside-block',
  'receipt-amount-mismatch',
  'fee-rules-unknown',
  'case-fee-unpaid',
  'payment-total-mismatch',
  'qr-payment-unconfirmed',
  'scan-missing',
  'scan-unverified',
  'chain-broken',
  'chain-gap',
] as const;
export type DiscrepancyCode = (typeof DISCREPANCY_CODES)[number];

/** `error` blocks sign-off until explained; `warning` is shown and signed off with the report. */
export type Severity = 'error' | 'warning';

export type Discrepancy = {
  code: DiscrepancyCode;
  severity: Severity;
  /** What the finding is about, for the reader: a case id, a receipt number, a device id, a scan hash. */
  subject: string;
  caseId: string | null;
  /** Facts behind the finding (numbers, amounts in fen, hashes), shown beside the text. */
  detail: string;
};

export const SEVERITY_OF: Record<DiscrepancyCode, Severity> = {
  'case-not-received': 'error',
  'case-not-on-trip': 'warning',
  'appointment-without-outcome': 'warning',
  'receipt-number-missing': 'error',
  'receipt-number-duplicate': 'error',
  'receipt-number-outside-block': 'error',
  'receipt-amount-mismatch': 'error',
  'fee-rules-unknown': 'error',
  'case-fee-unpaid': 'error',
  'payment-total-mismatch': 'error',
  'qr-payment-unconfirmed': 'error',
  'scan-missing': 'error',
  'scan-unverified': 'error',
  'chain-broken': 'error',
  'chain-gap': 'error',
};

export const discrepancy = (
  code: DiscrepancyCode,
  subject: string,
  detail: string,
  caseId: string | null = null,
): Discrepancy => ({ code, severity: SEVERITY_OF[code], subject, caseId, detail });
