import { assertNever } from '#domain/assert.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { type StaffRole } from '#domain/staff/roles.ts';
import { type AcceptedPayload, type CaseEvent, type CaseEventBody, type CaseEventKind } from '#domain/case/events.ts';
import { type CaseStage, FINAL_STAGES, pendingReviewLevel } from '#domain/case/stages.ts';

/** A case as both ends see it: computed from its events only, the same on the van and in the office. */
export type CaseProjection = {
  caseId: string;
  stage: CaseStage;
  /** The stage before a suspension or a return for correction, to resume from. */
  resumeStage: CaseStage | null;
  intake: AcceptedPayload | null;
  acceptedAt: string | null;
  /** When the time limit runs from: 受理, restarted when corrections are supplied (条例 第17条). */
  clockStartedAt: string | null;
  reviewers: { level: 1 | 2 | 3; staffId: string; at: string }[];
  receipts: { number: string; totalFen: number; method: 'cash' | 'bank-card'; voided: boolean; reprints: number }[];
  flags: { code: string; message: string; at: string }[];
  lastEventAt: string | null;
};

export function emptyProjection(caseId: string): CaseProjection {
  return {
    caseId, stage: 'applied', resumeStage: null, intake: null, acceptedAt: null, clockStartedAt: null,
    reviewers: [], receipts: [], flags: [], lastEventAt: null,
  };
}

const REVIEW_STAGE: Record<1 | 2 | 3, CaseStage> = { 1: 'review-1', 2: 'review-2', 3: 'approved' };

/** Applies one event. Events arrive ordered by time (ties by device and seq); see `projectCase`. */
export function applyEvent(p: CaseProjection, e: CaseEvent): CaseProjection {
  const next: CaseProjection = { ...p, lastEventAt: e.at };
  switch (e.kind) {
    case 'accepted':
      return { ...next, stage: 'accepted', intake: e.payload, acceptedAt: e.at, clockStartedAt: e.at };
    case 'correction-notified':
      return { ...next, stage: 'correction', intake: e.payload.intake, resumeStage: 'applied' };
    case 'materials-received':
      if (p.stage !== 'correction' || !e.payload.complete) return next;
      // Corrections supplied: the clock restarts; an intake that was never accepted is now accepted.
      if (p.resumeStage === 'applied' || p.resumeStage === null) {
        return { ...next, stage: 'accepted', resumeStage: null, acceptedAt: p.acceptedAt ?? e.at, clockStartedAt: e.at };
      }
      return { ...next, stage: p.resumeStage, resumeStage: null, clockStartedAt: e.at };
    case 'intake-refused':
      return { ...next, stage: 'intake-refused' };
    case 'fee-charged':
      return { ...next, receipts: [...p.receipts, { number: e.payload.receiptNumber, totalFen: e.payload.totalFen, method: e.payload.method, voided: false, reprints: 0 }] };
    case 'receipt-voided':
      return { ...next, receipts: p.receipts.map((r) => (r.number === e.payload.receiptNumber ? { ...r, voided: true } : r)) };
    case 'receipt-reprinted':
      return { ...next, receipts: p.receipts.map((r) => (r.number === e.payload.receiptNumber ? { ...r, reprints: r.reprints + 1 } : r)) };
    case 'withdrawn':
      return { ...next, stage: 'withdrawn' };
    case 'review-passed':
      return { ...next, stage: REVIEW_STAGE[e.payload.level], reviewers: [...p.reviewers, { level: e.payload.level, staffId: e.actor, at: e.at }] };
    case 'returned-for-correction':
      // Back to the queue of the level that returned it once the materials come.
      return { ...next, stage: 'correction', resumeStage: e.payload.level === 1 ? 'accepted' : e.payload.level === 2 ? 'review-1' : 'review-2' };
    case 'registration-refused':
      return { ...next, stage: 'registration-refused' };
    case 'suspended':
      return { ...next, stage: 'suspended', resumeStage: p.stage };
    case 'resumed':
      return { ...next, stage: p.resumeStage ?? p.stage, resumeStage: null };
    case 'registered':
      return { ...next, stage: 'registered' };
    case 'certificate-prepared':
      return { ...next, stage: 'certificate-prepared' };
    case 'certificate-issued':
      return { ...next, stage: 'certificate-issued' };
    case 'archived':
      return { ...next, stage: 'archived' };
    case 'flagged':
      return { ...next, flags: [...p.flags, { code: e.payload.code, message: e.payload.message, at: e.at }] };
    default:
      return assertNever(e, 'case event');
  }
}

/** Orders events deterministically (time, then device, then seq) so both ends project the same case. */
export function orderEvents(events: readonly CaseEvent[]): CaseEvent[] {
  return [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : a.seq - b.seq));
}

export function projectCase(caseId: string, events: readonly CaseEvent[]): CaseProjection {
  return orderEvents(events.filter((e) => e.caseId === caseId)).reduce(applyEvent, emptyProjection(caseId));
}

export type Actor = { staffId: string; roles: readonly StaffRole[] };

export type Refusal =
  | 'wrong-role'
  | 'wrong-stage'
  | 'case-closed'
  | 'same-reviewer'
  | 'after-registration'
  | 'reason-required'
  | 'unknown-receipt'
  | 'receipt-voided'
  | 'flagged';

export const REFUSAL_TEXT: Record<Refusal, string> = {
  'wrong-role': '您的岗位无权办理此操作',
  'wrong-stage': '案件当前所处环节不能办理此操作',
  'case-closed': '案件已办结（归档、不予受理、不予登记或已撤回），不能再办理',
  'same-reviewer': '同一案件的初审、复审、审批须由三名不同人员办理',
  'after-registration': '已登簿的案件不能撤回（《不动产登记暂行条例》第十五条）',
  'reason-required': '此操作须填写理由',
  'unknown-receipt': '该票据不属于本案件',
  'receipt-voided': '该票据已作废',
  flagged: '案件有未处理的异常标记（如受理后发现查封），不能登簿',
};

/** Which roles may record each kind of event. */
const ROLES_FOR: Record<CaseEventKind, readonly StaffRole[]> = {
  accepted: ['van-clerk'],
  'materials-received': ['van-clerk', 'reviewer', 'approver'],
  'correction-notified': ['van-clerk'],
  'intake-refused': ['van-clerk'],
  'fee-charged': ['van-clerk'],
  'receipt-voided': ['van-clerk'],
  'receipt-reprinted': ['van-clerk'],
  withdrawn: ['van-clerk', 'reviewer', 'approver'],
  'review-passed': ['reviewer', 'approver'],
  'returned-for-correction': ['reviewer', 'approver'],
  'registration-refused': ['reviewer', 'approver'],
  suspended: ['approver'],
  resumed: ['approver'],
  registered: ['approver'],
  'certificate-prepared': ['approver'],
  'certificate-issued': ['approver', 'van-clerk'],
  archived: ['approver'],
  flagged: ['reviewer', 'approver', 'admin'],
};

const REQUIRED_ROLE_FOR_LEVEL: Record<1 | 2 | 3, StaffRole> = { 1: 'reviewer', 2: 'reviewer', 3: 'approver' };

const REGISTERED_OR_LATER: ReadonlySet<CaseStage> = new Set<CaseStage>(['registered', 'certificate-prepared', 'certificate-issued', 'archived']);

function needsReason(text: string | undefined): boolean {
  return text === undefined || text.trim() === '';
}

/**
 * Decides whether `actor` may record `body` on a case in state `p`. Returns the refusal with its reason code;
 * the shells turn `REFUSAL_TEXT[code]` into the message shown to staff.
 */
export function decide(p: CaseProjection, body: CaseEventBody, actor: Actor): Result<CaseEventBody, Refusal> {
  if (!ROLES_FOR[body.kind].some((r) => actor.roles.includes(r))) return err('wrong-role');
  if (FINAL_STAGES.has(p.stage) && body.kind !== 'flagged') return err('case-closed');
  const open = p.stage !== 'applied' && p.stage !== 'intake-refused';
  switch (body.kind) {
    case 'accepted':
    case 'correction-notified':
    case 'intake-refused':
      return p.stage === 'applied' ? ok(body) : err('wrong-stage');
    case 'materials-received':
      return p.stage === 'correction' || open ? ok(body) : err('wrong-stage');
    case 'fee-charged':
      return p.stage === 'accepted' || p.stage === 'review-1' || p.stage === 'review-2' || p.stage === 'approved' ? ok(body) : err('wrong-stage');
    case 'receipt-voided': {
      if (needsReason(body.payload.reason)) return err('reason-required');
      const receipt = p.receipts.find((r) => r.number === body.payload.receiptNumber);
      if (!receipt) return err('unknown-receipt');
      return receipt.voided ? err('receipt-voided') : ok(body);
    }
    case 'receipt-reprinted': {
      const receipt = p.receipts.find((r) => r.number === body.payload.receiptNumber);
      if (!receipt) return err('unknown-receipt');
      return receipt.voided ? err('receipt-voided') : ok(body);
    }
    case 'withdrawn':
      if (needsReason(body.payload.reason)) return err('reason-required');
      if (REGISTERED_OR_LATER.has(p.stage)) return err('after-registration');
      return p.stage === 'applied' ? err('wrong-stage') : ok(body);
    case 'review-passed': {
      const level = pendingReviewLevel(p.stage);
      if (level !== body.payload.level) return err('wrong-stage');
      if (!actor.roles.includes(REQUIRED_ROLE_FOR_LEVEL[level])) return err('wrong-role');
      if (p.reviewers.some((r) => r.staffId === actor.staffId)) return err('same-reviewer');
      return ok(body);
    }
    case 'returned-for-correction':
    case 'registration-refused': {
      const level = pendingReviewLevel(p.stage);
      if (level === null) return err('wrong-stage');
      if (body.kind === 'registration-refused' && needsReason(body.payload.reason)) return err('reason-required');
      if (body.kind === 'returned-for-correction' && body.payload.level !== level) return err('wrong-stage');
      return ok(body);
    }
    case 'suspended':
      if (needsReason(body.payload.reason)) return err('reason-required');
      return p.stage === 'suspended' || REGISTERED_OR_LATER.has(p.stage) || !open ? err('wrong-stage') : ok(body);
    case 'resumed':
      return p.stage === 'suspended' ? ok(body) : err('wrong-stage');
    case 'registered':
      if (p.stage !== 'approved') return err('wrong-stage');
      return p.flags.length > 0 ? err('flagged') : ok(body);
    case 'certificate-prepared':
      return p.stage === 'registered' ? ok(body) : err('wrong-stage');
    case 'certificate-issued':
      return p.stage === 'certificate-prepared' ? ok(body) : err('wrong-stage');
    case 'archived':
      return p.stage === 'certificate-issued' ? ok(body) : err('wrong-stage');
    case 'flagged':
      return ok(body);
    default:
      return assertNever(body, 'case event');
  }
}
