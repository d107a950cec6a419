import { type Applicant } from '#domain/case/events.ts';
import { chinaDate } from '#domain/calendar/china-time.ts';
import { normalIdNumber } from '#domain/query/holdings.ts';
import { type FilingState } from './filing.ts';

/**
 * A unit's contract filing as registration reads it (the register page, the transfer review, the van's intake):
 * the contract, its buyers, its price and what stands on it, never its payment plan or phone numbers.
 */
export type FilingSlot = {
  contractNumber: string;
  status: FilingState['status'];
  filedOn: string;
  buyers: { name: string; idNumber: string }[];
  totalFen: number;
  developerName: string;
  preMortgage: { bankName: string; loanFen: number } | null;
  cancellationPending: boolean;
};

export function filingSlotOf(s: FilingState): FilingSlot {
  return {
    contractNumber: s.terms.contractNumber,
    status: s.status,
    // The date a person in Jiamusi reads: a contract filed at 01:00 Beijing time (17:00 UTC) is filed that day.
    filedOn: chinaDate(s.filedAt),
    buyers: s.buyers.map((b) => ({ name: b.name, idNumber: b.idNumber })),
    totalFen: s.terms.pricing.totalFen,
    developerName: s.terms.developerName,
    preMortgage: s.preMortgage && { bankName: s.preMortgage.bankName, loanFen: s.preMortgage.loanFen },
    cancellationPending: s.pendingCancellation !== null,
  };
}

export type FilingCheck =
  | { outcome: 'matches' }
  /** The case's 权利人 are not the filed contract's buyers: who is only on the case, who only in the filing. */
  | { outcome: 'buyers-differ'; caseOnly: string[]; filingOnly: string[] };

/**
 * A 转移登记 of a unit under an active filing (the first transfer of a new home from the developer) is checked
 * against the filed contract (《城市商品房预售管理办法》第十条: the filed contract is the sale): the case's 权利人
 * must be exactly its buyers. The unit is the
 * filing's by construction, and the price is the filing's, shown beside the contract in the case's materials.
 */
export function checkTransferAgainstFiling(applicants: readonly Pick<Applicant, 'name' | 'idNumber' | 'side'>[], filing: Pick<FilingSlot, 'buyers'>): FilingCheck {
  const holders = applicants.filter((a) => a.side === 'holder');
  const filed = new Set(filing.buyers.map((b) => normalIdNumber(b.idNumber)));
  const onCase = new Set(holders.map((a) => normalIdNumber(a.idNumber)));
  const caseOnly = holders.filter((a) => !filed.has(normalIdNumber(a.idNumber))).map((a) => a.name);
  const filingOnly = filing.buyers.filter((b) => !onCase.has(normalIdNumber(b.idNumber))).map((b) => b.name);
  return caseOnly.length === 0 && filingOnly.length === 0 ? { outcome: 'matches' } : { outcome: 'buyers-differ', caseOnly, filingOnly };
}
