import { type NaturalStatus, type RegisterEntry } from '#domain/register/entries.ts';
import { type RegisterView } from '#domain/register/project.ts';
import { describeEntry, ENTRY_KIND_TEXT, holdingText } from '#domain/register/register-text.ts';
import { type QueryPermission } from './requests.ts';

/**
 * A query's result: the register cut down to what the requester may see (requests.ts). This is what the
 * 查询结果证明 prints and what its QR code vouches for, so it holds nothing the requester may not read.
 */

export type ResultHolder = { name: string; idNumber: string | null; holding: string };

export type RegisterResult = {
  scope: 'register';
  unitNumber: string;
  asOf: string;
  natural: NaturalStatus | null;
  holders: ResultHolder[];
  certificateNumber: string | null;
  mortgages: { rank: number; mortgagee: string; amountFen: number | null; termFrom: string | null; termTo: string | null }[];
  seizures: { court: string; noticeNumber: string; standing: 'effective' | 'waiting'; rank: number; from: string | null; to: string | null }[];
  advanceNotices: { holders: string }[];
  objections: { applicant: string; matter: string }[];
  contractFiling: { contractNumber: string; filedOn: string } | null;
  history: { at: string; kind: string; text: string; caseNumber: string | null }[] | null;
  originals: boolean;
};

export type FactsResult = {
  scope: 'facts';
  unitNumber: string;
  asOf: string;
  natural: NaturalStatus | null;
  isCoOwned: boolean;
  hasMortgage: boolean;
  hasAdvanceNotice: boolean;
  hasObjection: boolean;
  isSeizedOrRestricted: boolean;
  /** 办法 第二十二条, for a lawyer: the named holder checked, the form of holding, who seized. */
  lawyer: { claimedHolder: string; matches: boolean; holding: string | null; seizedBy: string[] } | null;
};

export type QueryResult = RegisterResult | FactsResult;

/** Keeps the region, birth date's year and the check digit out: "230803********1234". */
export function maskIdNumber(id: string): string {
  return id.length <= 10 ? '*'.repeat(id.length) : `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

const caseNumberOf = (e: RegisterEntry): string | null => (e.source.kind === 'case' ? e.source.caseNumber : null);

export function queryResult(v: RegisterView, p: QueryPermission, claimedHolder = ''): QueryResult {
  const holders = v.ownership?.holders ?? [];
  const liveSeizures = [...(v.seizures.effective ? [v.seizures.effective] : []), ...v.seizures.waiting];
  if (p.results === 'facts') {
    const restricted = liveSeizures.length > 0 || v.contractFiling !== null;
    return {
      scope: 'facts',
      unitNumber: v.unitNumber,
      asOf: v.asOf,
      natural: v.natural,
      isCoOwned: holders.length > 1,
      hasMortgage: v.mortgages.length > 0,
      hasAdvanceNotice: v.advanceNotices.length > 0,
      hasObjection: v.objections.length > 0,
      isSeizedOrRestricted: restricted,
      lawyer: p.lawyerChecks
        ? {
            claimedHolder,
            matches: claimedHolder.trim() !== '' && holders.some((h) => h.name === claimedHolder.trim()),
            holding: holders[0] ? holdingText(holders[0].holding) : null,
            seizedBy: liveSeizures.map((s) => s.document.court),
          }
        : null,
    };
  }
  return {
    scope: 'register',
    unitNumber: v.unitNumber,
    asOf: v.asOf,
    natural: v.natural,
    holders: holders.map((h) => ({ name: h.name, idNumber: p.identities === 'full' ? h.idNumber : p.identities === 'masked' ? maskIdNumber(h.idNumber) : null, holding: holdingText(h.holding) })),
    certificateNumber: v.ownership?.certificateNumber ?? null,
    mortgages: v.mortgages.map((m) => ({ rank: m.rank, mortgagee: m.mortgagee, amountFen: m.amountFen, termFrom: m.termFrom, termTo: m.termTo })),
    seizures: liveSeizures.map((s) => ({ court: s.document.court, noticeNumber: s.document.noticeNumber, standing: s.standing === 'effective' ? 'effective' : 'waiting', rank: s.rank ?? 0, from: s.from, to: s.to })),
    advanceNotices: v.advanceNotices.map((n) => ({ holders: n.holders.map((h) => h.name).join('、') })),
    objections: v.objections.map((o) => ({ applicant: o.applicant, matter: o.matter })),
    contractFiling: v.contractFiling && { contractNumber: v.contractFiling.contractNumber, filedOn: v.contractFiling.filedOn },
    history: p.history ? v.history.map((e) => ({ at: e.recordedAt, kind: ENTRY_KIND_TEXT[e.kind], text: p.identities === 'full' ? describeEntry(e) : ENTRY_KIND_TEXT[e.kind], caseNumber: caseNumberOf(e) })) : null,
    originals: p.originals,
  };
}
