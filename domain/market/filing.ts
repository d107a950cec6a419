import { type Result, err, ok } from '#domain/result.ts';
import { normalIdNumber } from '#domain/query/holdings.ts';
import { type Buyer, type ContractTerms, normalizeIdNumber } from './contract.ts';

/**
 * The life of a filed sale contract (商品房买卖合同网签备案) as events, never edits: filed, changed,
 * cancelled (by both parties' consent, or by a court's document), a bank's 预抵押 recorded or released, and
 * closed when the buyer's 转移登记 is written in the register. Its state is a projection of them, the same
 * wherever it is computed; every write goes through `decideFiling`.
 *
 * 《城市房地产管理法》第四十五条第二款: the presale contract is filed with the housing authority; the filing
 * is what keeps one home from being sold twice, so while a filing stands no other contract is filed on its
 * unit (the office's database holds one active filing per unit by a unique index).
 */

export type ActorKind = 'developer' | 'bank' | 'office' | 'buyer' | 'registration';

/** Who did something, as the filing's history shows it. */
export type Actor = { kind: ActorKind; id: string; name: string; orgId: string | null; orgName: string | null };

/** 判决书, 裁定书, 调解书 or 协助执行通知书 that rescinds the contract or orders its filing cancelled. */
export type CourtDocument = { court: string; documentNumber: string; documentKind: 'judgment' | 'ruling' | 'mediation' | 'assistance-notice' };

/** A buyer's agreement, shown by their ID card on a reader or checked by office staff at the counter. */
export type Consent = { idNumber: string; via: 'card-reader'; stationId: string; readAt: string } | { idNumber: string; via: 'counter'; staffId: string };

export type FiledTerms = ContractTerms & { contractNumber: string; developerId: string; developerName: string; permitNumber: string };

export type FilingEventBody =
  | { kind: 'filed'; terms: FiledTerms; buyers: readonly Buyer[] }
  | { kind: 'changed'; before: Partial<ContractTerms>; after: Partial<ContractTerms>; reason: string; consents: readonly Consent[] }
  | { kind: 'cancellation-requested'; reason: string }
  | { kind: 'cancellation-consented'; consent: Consent }
  | { kind: 'cancellation-withdrawn'; reason: string }
  | { kind: 'cancelled'; ground: 'consent' | 'court'; reason: string; court: CourtDocument | null }
  | { kind: 'pre-mortgage-recorded'; bankId: string; bankName: string; loanFen: number; mortgageContractNumber: string }
  | { kind: 'pre-mortgage-released'; bankId: string; bankName: string; reason: string }
  | { kind: 'closed'; caseId: string; caseNumber: string };

export type FilingEventKind = FilingEventBody['kind'];
export type FilingEvent = FilingEventBody & { seq: number; at: string; actor: Actor };

export type FilingStatus = 'active' | 'cancelled' | 'closed';

export type PreMortgage = { bankId: string; bankName: string; loanFen: number; mortgageContractNumber: string; at: string };

export type FilingState = {
  status: FilingStatus;
  terms: FiledTerms;
  buyers: readonly Buyer[];
  filedAt: string;
  pendingCancellation: { reason: string; requestedBy: Actor; at: string; consentedIds: readonly string[] } | null;
  preMortgage: PreMortgage | null;
  /** The sequence of the latest event: a write names the state it decided on. */
  seq: number;
};

/** How much a person writes when asked why (a Chinese character counts one). */
export const MIN_FILING_REASON_CHARS = 4;

const given = (text: string): boolean => [...text.trim()].length >= MIN_FILING_REASON_CHARS;

function apply(s: FilingState, e: FilingEvent): FilingState {
  const next = { ...s, seq: e.seq };
  switch (e.kind) {
    case 'filed':
      return next; // only ever the first event: see projectFiling
    case 'changed':
      return { ...next, terms: { ...s.terms, ...e.after } };
    case 'cancellation-requested':
      return { ...next, pendingCancellation: { reason: e.reason, requestedBy: e.actor, at: e.at, consentedIds: [] } };
    case 'cancellation-consented':
      return s.pendingCancellation ? { ...next, pendingCancellation: { ...s.pendingCancellation, consentedIds: [...s.pendingCancellation.consentedIds, normalizeIdNumber(e.consent.idNumber)] } } : next;
    case 'cancellation-withdrawn':
      return { ...next, pendingCancellation: null };
    case 'cancelled':
      return { ...next, status: 'cancelled', pendingCancellation: null };
    case 'pre-mortgage-recorded':
      return { ...next, preMortgage: { bankId: e.bankId, bankName: e.bankName, loanFen: e.loanFen, mortgageContractNumber: e.mortgageContractNumber, at: e.at } };
    case 'pre-mortgage-released':
      return { ...next, preMortgage: null };
    case 'closed':
      return { ...next, status: 'closed', pendingCancellation: null };
  }
}

/**
 * The state of a filing from its events in sequence order.
 * @throws Error when the first event is not `filed`: a stored history always starts with it.
 */
export function projectFiling(events: readonly FilingEvent[]): FilingState {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  const first = sorted[0];
  if (first?.kind !== 'filed') throw new Error('a filing history starts with its filed event');
  const start: FilingState = { status: 'active', terms: first.terms, buyers: first.buyers, filedAt: first.at, pendingCancellation: null, preMortgage: null, seq: first.seq };
  return sorted.slice(1).reduce(apply, start);
}

export type FilingCommand =
  | { kind: 'change'; after: Partial<ContractTerms>; reason: string; consents: readonly Consent[] }
  | { kind: 'request-cancel'; reason: string }
  | { kind: 'consent-cancel'; consent: Consent }
  | { kind: 'withdraw-cancel'; reason: string }
  | { kind: 'court-cancel'; court: CourtDocument; reason: string }
  | { kind: 'pre-mortgage'; loanFen: number; mortgageContractNumber: string }
  | { kind: 'release-pre-mortgage'; reason: string }
  | { kind: 'close'; caseId: string; caseNumber: string };

export type FilingRefusal =
  | 'not-active'
  | 'not-allowed'
  | 'reason-missing'
  | 'consent-missing'
  | 'not-a-buyer'
  | 'already-consented'
  | 'cancel-pending'
  | 'no-cancel-pending'
  | 'pre-mortgaged'
  | 'already-pre-mortgaged'
  | 'no-pre-mortgage'
  | 'loan-too-large'
  | 'mortgage-contract-missing'
  | 'court-document-missing'
  | 'nothing-changed'
  | 'unit-fixed';

/** Which kind of actor may give which command; a developer or bank acts only on its own filings (checked below). */
const WHO: Record<FilingCommand['kind'], readonly ActorKind[]> = {
  change: ['developer'],
  'request-cancel': ['developer'],
  'consent-cancel': ['buyer', 'office'],
  'withdraw-cancel': ['developer'],
  'court-cancel': ['office'],
  'pre-mortgage': ['bank'],
  'release-pre-mortgage': ['bank'],
  close: ['registration'],
};

const isBuyer = (s: FilingState, idNumber: string): boolean => s.buyers.some((b) => normalizeIdNumber(b.idNumber) === normalizeIdNumber(idNumber));

/** Every buyer has consented, each by their own ID number. */
const allConsented = (s: FilingState, ids: readonly string[]): boolean => s.buyers.every((b) => ids.includes(normalizeIdNumber(b.idNumber)));

function changed(s: FilingState, after: Partial<ContractTerms>): { before: Partial<ContractTerms>; after: Partial<ContractTerms> } {
  const keys = (Object.keys(after) as (keyof ContractTerms)[]).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(s.terms[k]));
  const pick = (from: Partial<ContractTerms>) => Object.fromEntries(keys.map((k) => [k, from[k]])) as Partial<ContractTerms>;
  return { before: pick(s.terms), after: pick(after) };
}

/**
 * Decides a command on a filing: the events to append, or why not. Pure: the caller stores the events under
 * the sequence it read (so two decisions on one state cannot both be stored).
 */
export function decideFiling(s: FilingState, c: FilingCommand, actor: Actor): Result<FilingEventBody[], FilingRefusal> {
  if (!WHO[c.kind].includes(actor.kind)) return err('not-allowed');
  if (actor.kind === 'developer' && actor.orgId !== s.terms.developerId) return err('not-allowed');
  if (s.status !== 'active') return err('not-active');
  switch (c.kind) {
    case 'change': {
      if (!given(c.reason)) return err('reason-missing');
      if (s.pendingCancellation) return err('cancel-pending');
      if (c.after.unitNumber !== undefined && c.after.unitNumber !== s.terms.unitNumber) return err('unit-fixed');
      const d = changed(s, c.after);
      if (Object.keys(d.after).length === 0) return err('nothing-changed');
      if (!allConsented(s, c.consents.map((x) => normalizeIdNumber(x.idNumber)))) return err('consent-missing');
      return ok([{ kind: 'changed', ...d, reason: c.reason.trim(), consents: c.consents }]);
    }
    case 'request-cancel':
      if (!given(c.reason)) return err('reason-missing');
      if (s.pendingCancellation) return err('cancel-pending');
      // The bank's 预抵押 rests on this contract: it is released (the loan settled) before the parties may undo it.
      if (s.preMortgage) return err('pre-mortgaged');
      return ok([{ kind: 'cancellation-requested', reason: c.reason.trim() }]);
    case 'consent-cancel': {
      const p = s.pendingCancellation;
      if (!p) return err('no-cancel-pending');
      if (!isBuyer(s, c.consent.idNumber)) return err('not-a-buyer');
      const id = normalizeIdNumber(c.consent.idNumber);
      if (p.consentedIds.includes(id)) return err('already-consented');
      if (s.preMortgage) return err('pre-mortgaged');
      const events: FilingEventBody[] = [{ kind: 'cancellation-consented', consent: c.consent }];
      if (allConsented(s, [...p.consentedIds, id])) events.push({ kind: 'cancelled', ground: 'consent', reason: p.reason, court: null });
      return ok(events);
    }
    case 'withdraw-cancel':
      if (!s.pendingCancellation) return err('no-cancel-pending');
      if (!given(c.reason)) return err('reason-missing');
      return ok([{ kind: 'cancellation-withdrawn', reason: c.reason.trim() }]);
    case 'court-cancel':
      if (c.court.court.trim() === '' || c.court.documentNumber.trim() === '') return err('court-document-missing');
      if (!given(c.reason)) return err('reason-missing');
      return ok([{ kind: 'cancelled', ground: 'court', reason: c.reason.trim(), court: c.court }]);
    case 'pre-mortgage':
      if (s.preMortgage) return err('already-pre-mortgaged');
      if (s.pendingCancellation) return err('cancel-pending');
      if (c.mortgageContractNumber.trim() === '') return err('mortgage-contract-missing');
      if (!Number.isSafeInteger(c.loanFen) || c.loanFen <= 0 || c.loanFen > s.terms.pricing.totalFen) return err('loan-too-large');
      return ok([{ kind: 'pre-mortgage-recorded', bankId: actor.orgId ?? '', bankName: actor.orgName ?? '', loanFen: c.loanFen, mortgageContractNumber: c.mortgageContractNumber.trim() }]);
    case 'release-pre-mortgage':
      if (!s.preMortgage) return err('no-pre-mortgage');
      if (s.preMortgage.bankId !== actor.orgId) return err('not-allowed');
      if (!given(c.reason)) return err('reason-missing');
      return ok([{ kind: 'pre-mortgage-released', bankId: s.preMortgage.bankId, bankName: s.preMortgage.bankName, reason: c.reason.trim() }]);
    case 'close':
      return ok([{ kind: 'closed', caseId: c.caseId, caseNumber: c.caseNumber }]);
  }
}

/** Events a bank holding or watching a filing is told about (everything after its filing). */
export const NOTIFIES_BANKS: ReadonlySet<FilingEventKind> = new Set(['changed', 'cancellation-requested', 'cancellation-withdrawn', 'cancelled', 'pre-mortgage-recorded', 'pre-mortgage-released', 'closed']);

/**
 * The 登簿 that ends a filing (《城市商品房预售管理办法》第十条: the filing serves the buyer's title until it is
 * registered): the unit's ownership registered by a case after the contract was filed, to exactly its buyers. A
 * registration to anyone else (a court's sale, a different buyer) does not close it; the filing stays for the
 * office to look at.
 */
export function closingRegistration(s: FilingState, ownership: { holderIds: readonly string[]; ownershipCase: { caseId: string; caseNumber: string; registeredAt: string } | null }): { caseId: string; caseNumber: string } | null {
  const by = ownership.ownershipCase;
  if (s.status !== 'active' || !by || by.registeredAt < s.filedAt) return null;
  // Old registers hold 15-digit resident ID numbers; cards and contracts carry 18 (GB 11643-1999).
  const buyers = new Set(s.buyers.map((b) => normalIdNumber(b.idNumber)));
  const holders = new Set(ownership.holderIds.map(normalIdNumber));
  if (buyers.size !== holders.size || [...buyers].some((b) => !holders.has(b))) return null;
  return { caseId: by.caseId, caseNumber: by.caseNumber };
}
