/**
 * What each written answer at the counter prints, built from the draft: the documents service draws it. Every
 * unit of the case is named (each is its own 件); who acts for an applicant is printed beside the name.
 */
import { correctionSupplyBy } from '#domain/calendar/deadlines.ts';
import { queryCodeOf } from '#domain/case/status-link.ts';
import { type AcceptanceNoticeInput, type CorrectionNoticeInput, type RefusalNoticeInput } from '#electron/ipc/contract.ts';
import { type Draft, type IntakeOutcome, type Trip, draftCaseNumber, pagesOf, statusLinkFor } from './draft.ts';
import { BUSINESS_KINDS, caseDeadlines } from './intake-rules.ts';

type Base = Omit<AcceptanceNoticeInput, 'materials' | 'feeTotalFen' | 'promised' | 'legal'>;

export function noticeBase(draft: Draft, trip: Trip, ctx: { issuedAt: string; staffName: string; publicUrl: string }): Base {
  if (!draft.kind) throw new Error('no business kind');
  return {
    caseId: draft.caseId,
    caseNumber: draftCaseNumber(trip, draft),
    queryCode: queryCodeOf(draft.caseId),
    businessKind: draft.kind,
    businessName: BUSINESS_KINDS[draft.kind].name,
    applicants: draft.applicants.map((a) => ({
      name: a.name, idNumber: a.idNumber,
      ...(a.representative ? { representative: { kind: a.representative.kind, name: a.representative.name } } : {}),
    })),
    units: draft.units.map((u) => ({ unitNumber: u.unitNumber, address: u.address })),
    issuedAt: ctx.issuedAt,
    staffName: ctx.staffName,
    statusUrl: statusLinkFor(ctx.publicUrl, trip, draft),
  };
}

/** 受理通知书: materials as received; the legal limit and the promise the office set, each marked 暂定 if need be. */
export function acceptanceInput(base: Base, draft: Draft, outcome: Extract<IntakeOutcome, { kind: 'accepted' }>, feeTotalFen: number, payment?: AcceptanceNoticeInput['payment']): AcceptanceNoticeInput {
  if (!draft.kind) throw new Error('no business kind');
  const d = caseDeadlines(draft.kind, base.issuedAt, { promisedDays: outcome.promisedDays });
  return {
    ...base,
    materials: draft.materials.filter((m) => m.received).map((m) => ({ name: m.name, form: m.receivedOriginal ? 'original' : 'copy', count: Math.max(1, m.receivedCount), pages: pagesOf(m) })),
    feeTotalFen,
    ...(payment ? { payment } : {}),
    promised: d.promised,
    legal: d.legal,
  };
}

/** 不予受理 with the one-time 补正 list: each shortfall, what to supply and the provision asking for it. */
export function correctionInput(base: Base, outcome: Extract<IntakeOutcome, { kind: 'correction' }>): CorrectionNoticeInput {
  const supplyBy = correctionSupplyBy(base.issuedAt);
  return {
    ...base,
    missing: outcome.decision.shortfalls.map((s) => ({ name: s.name, reason: s.note ?? '', ...(s.basis ? { basis: s.basis } : {}) })),
    supplyBy: { date: supplyBy.date, workingDays: supplyBy.workingDays, provisional: supplyBy.provisional },
  };
}

/** 不予受理告知书: the reasons, their legal basis, and the office to apply to for a unit outside the area. */
export function refusalInput(base: Base, outcome: Extract<IntakeOutcome, { kind: 'refused' }>): RefusalNoticeInput {
  const d = outcome.decision;
  return { ...base, reasons: d.reasons, basis: d.basis, ...(d.referTo ? { referTo: d.referTo.officeName } : {}) };
}
