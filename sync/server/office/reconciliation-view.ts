import { formatYuanText } from '#domain/money.ts';
import { type DiscrepancyCode, type Severity } from '#domain/reconciliation/discrepancy.ts';
import { type MethodTotal } from '#domain/reconciliation/money-checks.ts';
import { isHandedIn } from './domain-adapter.ts';
import { R } from './reconciliation-page-text.ts';
import { type TripReconciliation } from './reconciliation-service.ts';

/** What was handed in of a payment method, as the page and the PDF show it: a QR channel's is checked on its statement. */
export const declaredText = (m: MethodTotal): string =>
  !isHandedIn(m.method) ? R.byStatement : m.declaredFen === null ? R.notDeclared : formatYuanText(m.declaredFen);

/** A finding as the page and the PDF show it: ids replaced by names, a run of missing receipt numbers as one range. */
export type FindingRow = {
  code: DiscrepancyCode;
  severity: Severity;
  /** What a person reads: a case number and applicant, an applicant and appointment time, a number range. */
  subject: string;
  caseId: string | null;
  /** The appointment an outcome can be recorded for (`appointment-without-outcome` only). */
  appointmentId: string | null;
  detail: string;
};

/**
 * The findings of a trip for people. The domain lists every number of the block that has no whereabouts
 * (the JSON API keeps that list); before the van hands back its unused numbers that is most of the block,
 * so consecutive numbers become one row with their count.
 */
export function findingRows(t: TripReconciliation): FindingRow[] {
  const rows: FindingRow[] = [];
  const missing = t.result.discrepancies.filter((d) => d.code === 'receipt-number-missing').map((d) => d.subject);
  for (const d of t.result.discrepancies) {
    if (d.code === 'receipt-number-missing') {
      if (d.subject !== missing[0]) continue;
      for (const run of numberRuns(missing)) {
        rows.push({ code: d.code, severity: d.severity, subject: run.text, caseId: null, appointmentId: null, detail: R.missingRun(run.count, t.returned !== null) });
      }
      continue;
    }
    const subject = d.code === 'payment-total-mismatch' ? (R.methods[d.subject] ?? d.subject) : (t.names[d.caseId ?? d.subject] ?? d.subject);
    rows.push({
      code: d.code,
      severity: d.severity,
      subject,
      caseId: d.caseId,
      appointmentId: d.code === 'appointment-without-outcome' ? d.subject : null,
      detail: withNames(d.detail, t.names),
    });
  }
  return rows;
}

/** Replaces every id the text names (case, appointment, receipt) by what a person reads for it. */
export function withNames(text: string, names: Readonly<Record<string, string>>): string {
  const ids = Object.keys(names).sort((a, b) => b.length - a.length);
  return ids.reduce((out, id) => out.split(id).join(names[id] ?? id), text);
}

type Run = { text: string; count: number };

/** Consecutive numbers of one prefix and width as runs: `JMS2026-001003-001200` (198). */
function numberRuns(numbers: readonly string[]): Run[] {
  const runs: Run[] = [];
  let run: { prefix: string; width: number; to: number; first: string; count: number } | null = null;
  const flush = () => {
    if (run) runs.push({ text: run.count === 1 ? run.first : `${run.first}-${String(run.to).padStart(run.width, '0')}`, count: run.count });
    run = null;
  };
  for (const n of numbers) {
    const m = /^(.*?)(\d+)$/.exec(n);
    if (!m) {
      flush();
      runs.push({ text: n, count: 1 });
      continue;
    }
    const [, prefix = '', digits = ''] = m;
    const value = Number(digits);
    if (run && run.prefix === prefix && run.width === digits.length && value === run.to + 1) {
      run.to = value;
      run.count += 1;
    } else {
      flush();
      run = { prefix, width: digits.length, to: value, first: n, count: 1 };
    }
  }
  flush();
  return runs;
}

/** The inverse of the form's number parsing: consecutive numbers written as `first-last`, comma separated. */
export function compactNumbers(numbers: readonly string[]): string {
  return numberRuns(numbers).map((r) => r.text).join(', ');
}
