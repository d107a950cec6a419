import { assertNever } from '#domain/assert.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { isReasonGiven, MIN_REASON_CHARS, type ReasonKind } from '#domain/reasons.ts';
import { type StaffRole } from '#domain/staff/roles.ts';
import { type AcceptedPayload, type CaseEvent, type CaseEventBody, type CaseEventKind, type PaymentMethod } from '#domain/case/events.ts';
import { type CaseStage, FINAL_STAGES, pendingReviewLevel } from '#domain/case/stages.ts';

/** A case as both ends see it: computed from its events only, the same on the van and in the office. */
export type CaseProjection = {
  caseId: string;
  stage: CaseStage;
  /** The stage before a suspension or a return for correction, to resume from. */
  resumeStage: CaseStage | null;
  intake: AcceptedPayload | null;
  acceptedAt: string | null;
  /**
   * When the time limit runs from: 受理 (条例 第二十条). An application refused at the counter for missing
   * materials is accepted when they are all supplied (条例 第十七条第一款第（一）项), so its clock starts then.
   */
  clockStartedAt: string | null;
  /**
   * Spans that do not count towards the time limit: 补正 asked for during review, 暂停, and 公告 (实施细则
   * 第十七条: 公告所需时间不计算在登记办理期限内). `to` is null while the span lasts.
   */
  pauses: CasePause[];
  /** 登簿 (条例 第二十一条): the registration is done and the time limit stops. */
  registeredAt: string | null;
  /** 撤回, 不予受理 or 不予登记: the case ended without a registration. */
  closedAt: string | null;
  reviewers: { level: 1 | 2 | 3; staffId: string; at: string }[];
  /** Who took the intake or collected its fee on the van (受理, 一次性补正告知, 不予受理, 收费): none of them reviews it. */
  intakeBy: string[];
  receipts: { number: string; totalFen: number; method: PaymentMethod; voided: boolean; reprints: number; refund: CaseRefund | null }[];
  flags: { code: string; message: string; at: string }[];
  lastEventAt: string | null;
  /** When the written answer was handed over (`notice-issued`), the first time. */
  noticeIssuedAt: string | null;
  /**
   * An intake written before its notice (`awaitsNotice`) whose notice has not followed: abandoned at payment, or
   * not finished yet. It is no accepted case: see `countedProjection`.
   */
  awaitsNotice: boolean;
};

export type CasePause = { cause: 'correction' | 'suspended' | 'publication'; from: string; to: string | null };

export type CaseRefund = { refundNumber: string; amountFen: number; method: PaymentMethod; at: string };

export function emptyProjection(caseId: string): CaseProjection {
  return {
    caseId, stage: 'applied', resumeStage: null, intake: null, acceptedAt: null, clockStartedAt: null, pauses: [], registeredAt: null, closedAt: null,
    reviewers: [], intakeBy: [], receipts: [], flags: [], lastEventAt: null, noticeIssuedAt: null, awaitsNotice: false,
  };
}

const REVIEW_STAGE: Record<1 | 2 | 3, CaseStage> = { 1: 'review-1', 2: 'review-2', 3: 'approved' };

/** Applies one event. Events arrive ordered by time (ties by device and seq); see `projectCase`. */
export function applyEvent(p: CaseProjection, e: CaseEvent): CaseProjection {
  const isIntake = e.kind === 'accepted' || e.kind === 'correction-notified' || e.kind === 'intake-refused' || e.kind === 'fee-charged' || e.kind === 'notice-issued';
  const intakeBy = isIntake && !p.intakeBy.includes(e.actor) ? [...p.intakeBy, e.actor] : p.intakeBy;
  const next: CaseProjection = { ...p, intakeBy, lastEventAt: e.at };
  switch (e.kind) {
    case 'accepted':
      return { ...next, stage: 'accepted', intake: e.payload, acceptedAt: e.at, clockStartedAt: e.at, awaitsNotice: e.payload.awaitsNotice === true && p.noticeIssuedAt === null };
    case 'notice-issued':
      return { ...next, noticeIssuedAt: p.noticeIssuedAt ?? e.at, awaitsNotice: false };
    case 'correction-notified':
      return { ...next, stage: 'correction', intake: e.payload.intake, resumeStage: 'applied' };
    case 'materials-received':
      if (p.stage !== 'correction' || !e.payload.complete) return next;
      // An intake that was never accepted is accepted now, and its clock starts; a return during review
      // resumes where it stopped, the days in between not counted.
      if (p.resumeStage === 'applied' || p.resumeStage === null) {
        return { ...next, stage: 'accepted', resumeStage: null, acceptedAt: p.acceptedAt ?? e.at, clockStartedAt: e.at };
      }
      return { ...next, stage: p.resumeStage, resumeStage: null, pauses: endPause(p.pauses, 'correction', e.at) };
    case 'intake-refused':
      return { ...next, stage: 'intake-refused', intake: e.payload.intake ?? p.intake, closedAt: e.at };
    case 'fee-charged':
      return { ...next, receipts: [...p.receipts, { number: e.payload.receiptNumber, totalFen: e.payload.totalFen, method: e.payload.method, voided: false, reprints: 0, refund: null }] };
    case 'fee-refunded': {
      const refund: CaseRefund = { refundNumber: e.payload.refundNumber, amountFen: e.payload.amountFen, method: e.payload.method, at: e.at };
      return { ...next, receipts: p.receipts.map((r) => (r.number === e.payload.receiptNumber && r.refund === null ? { ...r, refund } : r)) };
    }
    case 'interview-recorded':
    case 'inspection-recorded':
      return next;
    case 'receipt-voided':
      return { ...next, receipts: p.receipts.map((r) => (r.number === e.payload.receiptNumber ? { ...r, voided: true } : r)) };
    case 'receipt-reprinted':
      return { ...next, receipts: p.receipts.map((r) => (r.number === e.payload.receiptNumber ? { ...r, reprints: r.reprints + 1 } : r)) };
    case 'withdrawn':
      return { ...next, stage: 'withdrawn', closedAt: e.at };
    case 'review-passed':
      return { ...next, stage: REVIEW_STAGE[e.payload.level], reviewers: [...p.reviewers, { level: e.payload.level, staffId: e.actor, at: e.at }] };
    case 'returned-for-correction':
      // Back to the queue of the level that returned it once the materials come.
      return {
        ...next, stage: 'correction', resumeStage: e.payload.level === 1 ? 'accepted' : e.payload.level === 2 ? 'review-1' : 'review-2',
        pauses: [...p.pauses, { cause: 'correction', from: e.at, to: null }],
      };
    case 'registration-refused':
      return { ...next, stage: 'registration-refused', closedAt: e.at };
    case 'suspended':
      return { ...next, stage: 'suspended', resumeStage: p.stage, pauses: [...p.pauses, { cause: 'suspended', from: e.at, to: null }] };
    case 'resumed':
      return { ...next, stage: p.resumeStage ?? p.stage, resumeStage: null, pauses: endPause(p.pauses, 'suspended', e.at) };
    case 'publication-started':
      return { ...next, stage: 'publication', resumeStage: p.stage, pauses: [...p.pauses, { cause: 'publication', from: e.at, to: null }] };
    case 'publication-ended':
      return { ...next, stage: p.resumeStage ?? p.stage, resumeStage: null, pauses: endPause(p.pauses, 'publication', e.at) };
    case 'registered':
      return { ...next, stage: 'registered', registeredAt: e.at };
    case 'certificate-prepared':
      return { ...next, stage: 'certificate-prepared' };
    case 'certificate-issued':
      return { ...next, stage: 'certificate-issued' };
    case 'archived':
      return { ...next, stage: 'archived' };
    case 'flagged':
      return { ...next, flags: [...p.flags, { code: e.payload.code, message: e.payload.message, at: e.at }] };
    case 'flag-cleared':
      return { ...next, flags: p.flags.filter((f) => f.code !== e.payload.code) };
    default:
      return assertNever(e, 'case event');
  }
}

/** Closes the open pause of a cause. */
function endPause(pauses: readonly CasePause[], cause: CasePause['cause'], at: string): CasePause[] {
  return pauses.map((x) => (x.cause === cause && x.to === null ? { ...x, to: at } : x));
}

/** The order a case's events are folded in (time, then device, then seq), for anything that lists them in it. */
export const foldOrder = (a: Pick<CaseEvent, 'at' | 'deviceId' | 'seq'>, b: Pick<CaseEvent, 'at' | 'deviceId' | 'seq'>): number =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : a.seq - b.seq;

/** Orders events deterministically (time, then device, then seq) so both ends project the same case. */
export function orderEvents(events: readonly CaseEvent[]): CaseEvent[] {
  return [...events].sort(foldOrder);
}

export function projectCase(caseId: string, events: readonly CaseEvent[]): CaseProjection {
  return orderEvents(events.filter((e) => e.caseId === caseId)).reduce(applyEvent, emptyProjection(caseId));
}

/** When the case came to the stage it is in: the time of the last event that moved it there, or null before any event. */
export function stageEnteredAt(caseId: string, events: readonly CaseEvent[]): string | null {
  let p = emptyProjection(caseId);
  let since: string | null = null;
  for (const e of orderEvents(events.filter((x) => x.caseId === caseId))) {
    const next = applyEvent(p, e);
    if (next.stage !== p.stage) since = e.at;
    p = next;
  }
  return since;
}

export type Actor = { staffId: string; roles: readonly StaffRole[] };

export type Refusal =
  | 'wrong-role'
  | 'wrong-stage'
  | 'case-closed'
  | 'same-reviewer'
  | 'own-intake'
  | 'opinion-required'
  | 'decision-reason-required'
  | 'correction-items-required'
  | 'after-registration'
  | 'reason-required'
  | 'withdrawal-reason-required'
  | 'publication-reason-required'
  | 'suspension-reason-required'
  | 'unknown-receipt'
  | 'receipt-voided'
  | 'flagged'
  | 'not-flagged'
  | 'refund-not-due'
  | 'already-refunded'
  | 'refund-amount';

export const REFUSAL_TEXT: Record<Refusal, string> = {
  'wrong-role': '您的岗位无权办理此操作',
  'wrong-stage': '案件当前所处环节不能办理此操作',
  'case-closed': '案件已办结（归档、不予受理、不予登记或已撤回），不能再办理',
  'same-reviewer': '同一案件的初审、复审、审批须由三名不同人员办理',
  'own-intake': '您受理或收费的案件不能由您审查：受理与审查须由不同人员办理，请交其他审查人员',
  'opinion-required': `初审须写明审查意见（至少 ${MIN_REASON_CHARS.reviewOpinion} 个字），如“同意”`,
  'decision-reason-required': `不予登记或退回补正须写明理由（至少 ${MIN_REASON_CHARS.adverseDecision} 个字），理由将书面告知申请人`,
  'correction-items-required': '退回补正须勾选至少一项缺少或不合格的材料：补正通知要逐项告诉申请人补交什么',
  'after-registration': '已登簿的案件不能撤回（《不动产登记暂行条例》第十五条）',
  'reason-required': `此操作须写明理由（至少 ${MIN_REASON_CHARS.voidReceipt} 个字）`,
  'withdrawal-reason-required': `撤回须写明申请人撤回的原因（至少 ${MIN_REASON_CHARS.withdrawal} 个字）`,
  'suspension-reason-required': `暂停须写明暂停的原因（至少 ${MIN_REASON_CHARS.suspension} 个字），如“等待法院文书”；原因将告知申请人`,
  'publication-reason-required': `公告须写明公告的事由（至少 ${MIN_REASON_CHARS.publication} 个字），如“首次登记”`,
  'unknown-receipt': '该票据不属于本案件',
  'receipt-voided': '该票据已作废',
  flagged: '案件有未处理的异常标记（如受理后发现查封），不能登簿',
  'not-flagged': '案件没有该异常标记',
  'refund-not-due': '只有申请人撤回或不予登记的案件才能退费',
  'already-refunded': '该票据已经退费',
  'refund-amount': '退费金额须等于该票据的收费金额',
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
  'fee-refunded': ['van-clerk', 'finance'],
  'interview-recorded': ['van-clerk'],
  'inspection-recorded': ['van-clerk'],
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
  'flag-cleared': ['approver'],
  'publication-started': ['approver'],
  'publication-ended': ['approver'],
  'notice-issued': ['van-clerk'],
};

const REQUIRED_ROLE_FOR_LEVEL: Record<1 | 2 | 3, StaffRole> = { 1: 'reviewer', 2: 'reviewer', 3: 'approver' };

const REGISTERED_OR_LATER: ReadonlySet<CaseStage> = new Set<CaseStage>(['registered', 'certificate-prepared', 'certificate-issued', 'archived']);

/** A reason of the length its rule asks for (domain/reasons.ts); an absent one is none. */
const given = (kind: ReasonKind, text: string | undefined): boolean => text !== undefined && isReasonGiven(kind, text);

/**
 * Decides whether `actor` may record `body` on a case in state `p`. Returns the refusal with its reason code;
 * the shells turn `REFUSAL_TEXT[code]` into the message shown to staff.
 */
export function decide(p: CaseProjection, body: CaseEventBody, actor: Actor): Result<CaseEventBody, Refusal> {
  if (!ROLES_FOR[body.kind].some((r) => actor.roles.includes(r))) return err('wrong-role');
  // A closed case still takes a flag, and the refund its closing makes due.
  if (FINAL_STAGES.has(p.stage) && body.kind !== 'flagged' && body.kind !== 'fee-refunded') return err('case-closed');
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
      if (!given('voidReceipt', body.payload.reason)) return err('reason-required');
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
      if (!isReasonGiven('withdrawal', body.payload.reason)) return err('withdrawal-reason-required');
      if (REGISTERED_OR_LATER.has(p.stage)) return err('after-registration');
      return p.stage === 'applied' ? err('wrong-stage') : ok(body);
    case 'fee-refunded':
      return decideRefund(p, body);
    case 'interview-recorded':
    case 'inspection-recorded':
      // Records made on site, before or after the decision at the counter; never after the case closed.
      return p.stage === 'intake-refused' || REGISTERED_OR_LATER.has(p.stage) ? err('wrong-stage') : ok(body);
    case 'review-passed': {
      const level = pendingReviewLevel(p.stage);
      if (level !== body.payload.level) return err('wrong-stage');
      if (!actor.roles.includes(REQUIRED_ROLE_FOR_LEVEL[level])) return err('wrong-role');
      if (p.intakeBy.includes(actor.staffId)) return err('own-intake');
      if (p.reviewers.some((r) => r.staffId === actor.staffId)) return err('same-reviewer');
      // 初审 is where the application is examined (条例 第十八条); its opinion is the record of that examination.
      if (level === 1 && !given('reviewOpinion', body.payload.opinion)) return err('opinion-required');
      return ok(body);
    }
    case 'returned-for-correction':
    case 'registration-refused': {
      const level = pendingReviewLevel(p.stage);
      if (level === null) return err('wrong-stage');
      if (body.kind === 'returned-for-correction' && body.payload.level !== level) return err('wrong-stage');
      // A return or a refusal is this level's decision, held to the rules of its 通过: the level's role, and
      // separation of duties (whoever took the intake or its money, or decided another level, does not decide here).
      if (!actor.roles.includes(REQUIRED_ROLE_FOR_LEVEL[level])) return err('wrong-role');
      if (p.intakeBy.includes(actor.staffId)) return err('own-intake');
      if (p.reviewers.some((r) => r.staffId === actor.staffId)) return err('same-reviewer');
      const written = body.kind === 'registration-refused' ? body.payload.reason : body.payload.opinion;
      if (!isReasonGiven('adverseDecision', written)) return err('decision-reason-required');
      // Its written notice lists what to bring, as a notice at the counter does (条例 第十七条第一款第（三）项): one naming nothing asks for nothing.
      if (body.kind === 'returned-for-correction' && !body.payload.missing.some((m) => m.name.trim() !== '')) return err('correction-items-required');
      return ok(body);
    }
    case 'suspended':
      if (!given('suspension', body.payload.reason)) return err('suspension-reason-required');
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
    case 'flag-cleared':
      return decideFlagCleared(p, body);
    case 'publication-started':
      if (!isReasonGiven('publication', body.payload.reason)) return err('publication-reason-required');
      // 实施细则 第十七条: 公告 comes before the entry in the register, after review.
      return p.stage === 'approved' ? ok(body) : err('wrong-stage');
    case 'publication-ended':
      return p.stage === 'publication' ? ok(body) : err('wrong-stage');
    case 'notice-issued':
      return p.stage !== 'applied' ? ok(body) : err('wrong-stage');
    default:
      return assertNever(body, 'case event');
  }
}

/** A flag is cleared with its reason, and only a flag the case carries; who may clear it is the caller's rule. */
export function decideFlagCleared(p: CaseProjection, body: Extract<CaseEventBody, { kind: 'flag-cleared' }>): Result<CaseEventBody, Refusal> {
  if (!given('flagClearing', body.payload.reason)) return err('reason-required');
  return p.flags.some((f) => f.code === body.payload.code) ? ok(body) : err('not-flagged');
}

/**
 * A fee is refunded only when the registration it paid for will not happen: the applicant withdrew
 * (条例 第十五条第二款) or the office refused to register (条例 第二十二条). The whole amount of a receipt
 * that was not voided, once.
 */
function decideRefund(p: CaseProjection, body: Extract<CaseEventBody, { kind: 'fee-refunded' }>): Result<CaseEventBody, Refusal> {
  if (!given('refund', body.payload.reason)) return err('reason-required');
  const due = p.stage === 'withdrawn' ? 'withdrawn' : p.stage === 'registration-refused' ? 'registration-refused' : null;
  if (due === null || body.payload.ground !== due) return err('refund-not-due');
  const receipt = p.receipts.find((r) => r.number === body.payload.receiptNumber);
  if (!receipt) return err('unknown-receipt');
  if (receipt.voided) return err('receipt-voided');
  if (receipt.refund) return err('already-refunded');
  return body.payload.amountFen === receipt.totalFen && receipt.totalFen > 0 ? ok(body) : err('refund-amount');
}

/**
 * The case as it counts at the office (queues, statistics, deadlines, reconciliation, the public status page):
 * an intake still waiting for its notice is an application not yet accepted, whatever its fee (条例 第十七条:
 * 受理 is made in writing). Its receipt still counts as money taken.
 */
export function countedProjection(p: CaseProjection): CaseProjection {
  return p.awaitsNotice ? { ...p, stage: 'applied', acceptedAt: null, clockStartedAt: null } : p;
}
