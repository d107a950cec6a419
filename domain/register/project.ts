import { assertNever } from '#domain/assert.ts';
import { type EntryOf, type Holder, type NaturalStatus, type RegisterEntry, type RegisterSource, inRegisterOrder } from './entries.ts';
import { type SeizureState, seizuresOn } from './seizures.ts';

/**
 * What the register of one unit says on a day (条例 第八条第三款: 自然状况, 权属状况, 权利限制、提示事项), computed
 * from its entries only, the same wherever it is computed.
 */

export type OwnershipView = { holders: Holder[]; certificateNumber: string | null; registeredAt: string; source: RegisterSource };

export type MortgageView = Omit<EntryOf<'mortgage-registered'>, 'kind' | 'prevHash' | 'hash' | 'seq' | 'unitNumber' | 'id' | 'recordedBy'> & {
  /** 抵押顺位: 1 for the earliest registered mortgage still in force. */
  rank: number;
};

export type AdvanceNoticeView = { noticeId: string; holders: Holder[]; certificateNumber: string | null; recordedAt: string };
export type ObjectionView = { objectionId: string; applicant: string; matter: string; recordedAt: string };

/**
 * 合同备案 (filed sale contract), written by the contract filing system. The register shows it as a restriction
 * on disposal: a filed flat is not sold to a second buyer.
 */
export type ContractFilingView = { filingId: string; contractNumber: string; buyers: string[]; filedOn: string };

/** A unit's register status, the colours of the building view and the flags the vans carry. */
export type RegisterStatus = 'seized' | 'mortgaged' | 'filed' | 'registered' | 'vacant';

export type RegisterView = {
  unitNumber: string;
  asOf: string;
  natural: NaturalStatus | null;
  ownership: OwnershipView | null;
  mortgages: MortgageView[];
  seizures: SeizureState;
  advanceNotices: AdvanceNoticeView[];
  objections: ObjectionView[];
  contractFiling: ContractFilingView | null;
  status: RegisterStatus;
  /** Every entry, oldest first. */
  history: RegisterEntry[];
};

type Rights = Pick<RegisterView, 'natural' | 'ownership' | 'mortgages' | 'advanceNotices' | 'objections' | 'contractFiling'>;

function applyEntry(r: Rights, e: RegisterEntry): Rights {
  switch (e.kind) {
    case 'unit-established':
    case 'natural-changed':
      return { ...r, natural: e.natural };
    case 'ownership-registered':
      return { ...r, ownership: { holders: e.holders, certificateNumber: e.certificateNumber, registeredAt: e.recordedAt, source: e.source } };
    case 'ownership-cancelled':
      return { ...r, ownership: null };
    case 'mortgage-registered': {
      const { kind: _k, prevHash: _p, hash: _h, seq: _s, unitNumber: _u, id: _i, recordedBy: _b, ...m } = e;
      return { ...r, mortgages: [...r.mortgages, { ...m, rank: 0 }] };
    }
    case 'mortgage-cancelled':
      return { ...r, mortgages: r.mortgages.filter((m) => m.mortgageId !== e.mortgageId) };
    case 'advance-notice-registered':
      return { ...r, advanceNotices: [...r.advanceNotices, { noticeId: e.noticeId, holders: e.holders, certificateNumber: e.certificateNumber, recordedAt: e.recordedAt }] };
    case 'advance-notice-cancelled':
      return { ...r, advanceNotices: r.advanceNotices.filter((n) => n.noticeId !== e.noticeId) };
    case 'objection-registered':
      return { ...r, objections: [...r.objections, { objectionId: e.objectionId, applicant: e.applicant, matter: e.matter, recordedAt: e.recordedAt }] };
    case 'objection-cancelled':
      return { ...r, objections: r.objections.filter((o) => o.objectionId !== e.objectionId) };
    case 'contract-filed':
      return { ...r, contractFiling: { filingId: e.filingId, contractNumber: e.contractNumber, buyers: e.buyers, filedOn: e.filedOn } };
    case 'contract-filing-cancelled':
      return { ...r, contractFiling: r.contractFiling?.filingId === e.filingId ? null : r.contractFiling };
    case 'case-registered':
      return r;
    case 'seizure-recorded':
    case 'seizure-renewed':
    case 'seizure-lifted':
      return r; // seizures.ts: they depend on the day, not only on order
    default:
      return assertNever(e, 'register entry');
  }
}

export function registerStatus(v: Pick<RegisterView, 'natural' | 'ownership' | 'mortgages' | 'seizures' | 'contractFiling'>): RegisterStatus {
  if (v.seizures.effective) return 'seized';
  if (v.mortgages.length > 0) return 'mortgaged';
  if (v.contractFiling) return 'filed';
  if (v.ownership) return 'registered';
  return 'vacant';
}

/** The register of one unit on `asOf` (a `YYYY-MM-DD` office date), from its entries in any order. */
export function projectRegister(unitNumber: string, entries: readonly RegisterEntry[], asOf: string): RegisterView {
  const history = entries.filter((e) => e.unitNumber === unitNumber).sort(inRegisterOrder);
  const empty: Rights = { natural: null, ownership: null, mortgages: [], advanceNotices: [], objections: [], contractFiling: null };
  const rights = history.reduce(applyEntry, empty);
  const mortgages = rights.mortgages.map((m, i) => ({ ...m, rank: i + 1 }));
  const seizures = seizuresOn(history, asOf);
  const partial = { ...rights, mortgages, seizures };
  return { unitNumber, asOf, ...partial, status: registerStatus(partial), history };
}
