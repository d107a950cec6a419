import { BUSINESS_KINDS, BUSINESS_KIND_KEYS, isBusinessKind, type BusinessKind } from '#domain/business/business-kinds.ts';
import { CASE_EVENT_TEXT, isCaseEventKind, type AcceptedPayload, type CaseEvent, type CaseEventBody } from '#domain/case/events.ts';
import { hashEvent, sealEvent } from '#domain/case/hash-chain.ts';
import { countedProjection, decide, projectCase, REFUSAL_TEXT, stageEnteredAt, type CaseProjection, type Refusal } from '#domain/case/lifecycle.ts';
import { decideSystemAct, type SystemAct } from '#domain/case/system-acts.ts';
import { CASE_STAGE_TEXT, FINAL_STAGES, NOTICE_PENDING_TEXT, pendingReviewLevel } from '#domain/case/stages.ts';
import { deadlineState, projectionDeadlines } from '#domain/calendar/deadlines.ts';
import { DEFAULT_PROMISED_LIMITS, type PromisedLimits, parsePromisedLimits } from '#domain/calendar/promised-limits.ts';
import { chinaDate } from '#domain/calendar/china-time.ts';
import { requiredMaterials } from '#domain/materials/required-materials.ts';
import { recomputedFeeOf, unknownFeeRulesOf } from '#domain/reconciliation/from-events.ts';
import { type TripRefund } from '#domain/reconciliation/money-checks.ts';
import { type FeeTable } from '#domain/fees/fee-table.ts';
import { feeTableFromSchedule } from '#domain/fees/schedule.ts';
import { BUILTIN_FEE_TABLES } from '#domain/fees/tables.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { isStaffRole, staffRoleLabel, staffRoleShortLabel } from '#domain/staff/roles.ts';
import { canProceed, UNIT_BLOCK_TEXT } from '#domain/units/unit-status.ts';
import { filedUnitStop } from '#domain/market/filed-unit.ts';
import { type FeeScheduleDoc, type UnitDoc } from '#protocol/documents/office.ts';
import { type CaseDoc, type CaseEventDoc } from '#protocol/documents/van.ts';
import { type CaseStatusView, OFFICE_ACTIONS, type OfficeAction } from './review-model.ts';
import { type Staff } from './session.ts';

/**
 * The one place the office pages meet domain/: every business rule they show or enforce comes through
 * here (projection, decisions, hashes, deadlines, fees, receipt numbers, unit status), so the office
 * never restates a rule.
 */

export { NOTICE_PENDING_TEXT };

export const businessKindOptions = (): { code: string; label: string }[] => BUSINESS_KIND_KEYS.map((k) => ({ code: k, label: BUSINESS_KINDS[k].name }));
export const businessKindLabel = (code: string): string => (isBusinessKind(code) ? BUSINESS_KINDS[code].name : code);
export const eventKindLabel = (kind: string): string => (isCaseEventKind(kind) ? CASE_EVENT_TEXT[kind] : kind);
export const roleLabel = staffRoleLabel;
export const roleShortLabel = staffRoleShortLabel;

/** Stored documents are validated envelopes; the domain reads them once the kind is known. */
export function asDomainEvents(docs: readonly CaseEventDoc[]): CaseEvent[] {
  return docs.filter((d) => isCaseEventKind(d.kind)).map((d) => d as unknown as CaseEvent);
}

export const eventHashMatches = (e: CaseEventDoc): Promise<boolean> =>
  Promise.resolve(isCaseEventKind(e.kind) && hashEvent(e as unknown as CaseEvent) === e.hash);

/** The case as the office counts it: an intake whose notice never followed is no accepted case (countedProjection). */
export function projectionOf(caseDoc: CaseDoc, events: readonly CaseEventDoc[]): CaseProjection {
  return countedProjection(projectCase(caseDoc.id, asDomainEvents(events)));
}

/** When the case came to the stage it is in (its counted events; domain/case/lifecycle.ts). */
export const stageSinceOf = (caseDoc: CaseDoc, events: readonly CaseEventDoc[]): string | null => stageEnteredAt(caseDoc.id, asDomainEvents(events));

export const intakeOf = (caseDoc: CaseDoc, events: readonly CaseEventDoc[]): AcceptedPayload | null => projectionOf(caseDoc, events).intake;

/** The query code printed on the acceptance notice (受理凭证). */
export const queryCodeOf = (caseDoc: CaseDoc, events: readonly CaseEventDoc[]): string | null => intakeOf(caseDoc, events)?.queryCode ?? null;

/**
 * Receipts voided by a 作废 event of their own case (a number printed twice by mistake is voided on one case
 * only, so the match is by case and number).
 */
export function voidedReceiptIds(events: readonly CaseEventDoc[], receipts: readonly { id: string; number: string; caseId: string }[] = []): Set<string> {
  const voided = new Set(asDomainEvents(events).flatMap((e) => (e.kind === 'receipt-voided' ? [`${e.caseId}\n${e.payload.receiptNumber}`] : [])));
  return new Set(receipts.filter((r) => voided.has(`${r.caseId}\n${r.number}`)).map((r) => r.id));
}

/** A receipt printed again on the van (重打印): when, by whom, and why if the clerk said. */
export type ReceiptReprint = { at: string; actor: string; reason: string | null };

/** The reprints of each receipt of a case, by receipt number, in the order of the events given (the case's order). */
export function receiptReprints(events: readonly CaseEventDoc[]): Map<string, ReceiptReprint[]> {
  const out = new Map<string, ReceiptReprint[]>();
  for (const e of asDomainEvents(events)) {
    if (e.kind !== 'receipt-reprinted') continue;
    out.set(e.payload.receiptNumber, [...(out.get(e.payload.receiptNumber) ?? []), { at: e.at, actor: e.actor, reason: e.payload.reason ?? null }]);
  }
  return out;
}

/**
 * The receipts a trip's 收费 events record whose receipt document the office does not hold (refused, e.g. for a
 * number already on another receipt, or not arrived yet): the charge happened all the same, so it counts, and a
 * number it shares with another receipt shows as used twice, not as a fee never charged.
 */
export function chargedWithoutReceipt(
  events: readonly CaseEventDoc[],
  receipts: readonly { caseId: string; number: string }[],
): { id: string; caseId: string; number: string; amountFen: number; method: string }[] {
  const held = new Set(receipts.map((r) => `${r.caseId}\n${r.number}`));
  return asDomainEvents(events).flatMap((e) =>
    e.kind === 'fee-charged' && !held.has(`${e.caseId}\n${e.payload.receiptNumber}`)
      ? [{ id: `event:${e.id}`, caseId: e.caseId, number: e.payload.receiptNumber, amountFen: e.payload.totalFen, method: e.payload.method }]
      : [],
  );
}

/** The payment method recorded by the 收费 event that issued this receipt number. */
export function paymentMethodOf(receipt: { number: string }, events: readonly CaseEventDoc[]): string {
  const charged = asDomainEvents(events).find((e) => e.kind === 'fee-charged' && e.payload.receiptNumber === receipt.number);
  return charged?.kind === 'fee-charged' ? charged.payload.method : 'unknown';
}

/** The refunds paid out of one trip's takings (the `tripId` a van's 退费 records), for that trip's reconciliation. */
export function refundsPaidOnTrip(events: readonly CaseEventDoc[], tripId: string): TripRefund[] {
  return asDomainEvents(events).flatMap((e) =>
    e.kind === 'fee-refunded' && e.payload.tripId === tripId
      ? [{ refundNumber: e.payload.refundNumber, receiptNumber: e.payload.receiptNumber, caseId: e.caseId, amountFen: e.payload.amountFen, method: e.payload.method }]
      : [],
  );
}

/** The office's 承诺时限 table as stored (records), checked by the domain; the national defaults if it is unusable. */
export function promisedLimitsFrom(stored: Readonly<Record<string, number>>): PromisedLimits {
  const r = parsePromisedLimits(stored);
  return r.ok ? r.value : DEFAULT_PROMISED_LIMITS;
}

/**
 * Where a case stands, with its deadlines as the domain counts them on `today` (China date): paused days not
 * counted, the clock stopped at 登簿, the case held to the promise printed on its notice.
 */
export function caseStatus(caseDoc: CaseDoc, events: readonly CaseEventDoc[], today: string, promisedLimits: PromisedLimits = DEFAULT_PROMISED_LIMITS): CaseStatusView {
  const p = projectionOf(caseDoc, events);
  const d = projectionDeadlines(p, today, { promisedLimits });
  const open = d !== null && (d.clock === 'running' || d.clock === 'paused');
  return {
    caseId: caseDoc.id,
    stage: p.stage,
    stageLabel: p.awaitsNotice ? NOTICE_PENDING_TEXT : CASE_STAGE_TEXT[p.stage],
    awaitsNotice: p.awaitsNotice,
    awaitingLevel: pendingReviewLevel(p.stage),
    awaitingRegistration: p.stage === 'approved',
    isClosed: FINAL_STAGES.has(p.stage),
    acceptedAt: p.acceptedAt,
    legalDays: d?.legal.workingDays ?? null,
    promisedDays: d?.promised.workingDays ?? null,
    pausedWorkingDays: d?.pausedWorkingDays ?? 0,
    legalDue: d?.legal.date ?? null,
    promisedDue: d?.promised.date ?? null,
    clock: d?.clock ?? null,
    legalDaysLeft: d?.legalState.workingDaysLeft ?? null,
    promisedDaysLeft: d?.promisedState.workingDaysLeft ?? null,
    isOverdue: open && (d.legalState.state === 'overdue' || d.promisedState.state === 'overdue'),
    provisional: d !== null && (d.legal.provisional || d.promised.provisional),
    reviewers: p.reviewers,
  };
}

export type DecideError = { code: 'reason-required' | 'correction-items-required' | 'refused'; message: string };

/** Turns an office action into the domain event body and lets the domain decide (role, stage, three different people). */
/** 实施细则 第十七条: the 公告 runs no fewer than 15 working days; its days do not count against the time limits. */
const PUBLICATION_WORKING_DAYS = 15;

export function decideOfficeAction(
  caseDoc: CaseDoc,
  events: readonly CaseEventDoc[],
  action: OfficeAction,
  staff: Staff,
  reason: string,
  outOfOrderReason: string,
  now: string,
  missingKeys: readonly string[] = [],
): Result<CaseEventBody, DecideError> {
  const p = projectionOf(caseDoc, events);
  const level = pendingReviewLevel(p.stage);
  let body: CaseEventBody;
  switch (action) {
    case 'pass':
      if (level === null) return err({ code: 'refused', message: REFUSAL_TEXT['wrong-stage'] });
      body = { kind: 'review-passed', payload: { level, opinion: reason, ...(outOfOrderReason ? { outOfOrderReason } : {}) } };
      break;
    case 'return-for-correction':
      if (level === null) return err({ code: 'refused', message: REFUSAL_TEXT['wrong-stage'] });
      body = { kind: 'returned-for-correction', payload: { level, missing: missingMaterials(caseDoc, missingKeys), opinion: reason } };
      break;
    case 'refuse':
      body = { kind: 'registration-refused', payload: { reason } };
      break;
    case 'withdraw':
      body = { kind: 'withdrawn', payload: { reason } };
      break;
    case 'start-publication':
      body = { kind: 'publication-started', payload: { reason, workingDays: PUBLICATION_WORKING_DAYS } };
      break;
    case 'end-publication':
      body = { kind: 'publication-ended', payload: { objections: false, ...(reason ? { note: reason } : {}) } };
      break;
    case 'register':
      body = { kind: 'registered', payload: { unitStatusCheckedAt: now } };
      break;
  }
  const decided = decide(p, body, { staffId: staff.id, roles: staff.roles.filter(isStaffRole) });
  if (!decided.ok) return err({ code: decideErrorCode(decided.error), message: REFUSAL_TEXT[decided.error] });
  return ok(decided.value);
}

/** A refusal for what the form left out is the form's to fix (the API tells it apart); any other is a refusal. */
function decideErrorCode(r: Refusal): DecideError['code'] {
  if (r === 'reason-required' || r === 'opinion-required' || r === 'decision-reason-required' || r === 'withdrawal-reason-required' || r === 'publication-reason-required' || r === 'suspension-reason-required') return 'reason-required';
  return r === 'correction-items-required' ? r : 'refused';
}

/**
 * What `staff` may do on the case now, as the domain decides: each action is tried with its text fields
 * filled and every material ticked, so only the role, the stage and who the staff member is are judged. The case page offers only
 * these; for the others it can say why (`refusal`).
 */
export function officeActionsFor(caseDoc: CaseDoc, events: readonly CaseEventDoc[], staff: Staff, now: string): { action: OfficeAction; refusal: string | null }[] {
  return OFFICE_ACTIONS.map((action) => {
    const tried = decideOfficeAction(caseDoc, events, action, staff, '（预检）', '（预检）', now, requiredMaterialsOf(caseDoc).map((m) => m.key));
    return { action, refusal: tried.ok ? null : tried.error.message };
  });
}

/** Seals an office event with the domain's hash (same function the van uses and the sync server checks). */
export function sealOfficeEvent(e: Omit<CaseEventDoc, 'hash' | '_deleted' | 'kind' | 'payload'> & CaseEventBody): CaseEventDoc {
  const sealed = sealEvent(e);
  return { ...sealed, payload: sealed.payload, _deleted: false };
}

/** The 异常标记 the office records when the register stops a case before 登簿; null when the actor may not flag. */
export function decideFlag(caseDoc: CaseDoc, events: readonly CaseEventDoc[], staff: Staff, message: string): CaseEventBody | null {
  const body: CaseEventBody = { kind: 'flagged', payload: { code: 'seized-after-acceptance', message } };
  const decided = decide(projectionOf(caseDoc, events), body, { staffId: staff.id, roles: staff.roles.filter(isStaffRole) });
  return decided.ok ? decided.value : null;
}

/** Lets the domain decide an office event another office system proposes (the archive's seizure flags). */
export function decideOfficeEvent(caseDoc: CaseDoc, events: readonly CaseEventDoc[], body: CaseEventBody, staff: Pick<Staff, 'id' | 'roles'>): CaseEventBody | null {
  const decided = decide(projectionOf(caseDoc, events), body, { staffId: staff.id, roles: staff.roles.filter(isStaffRole) });
  return decided.ok ? decided.value : null;
}

/** Lets the domain decide an event the system records for one of its acts (a seizure's lapse clearing its flags). */
export function decideSystemEvent(caseDoc: CaseDoc, events: readonly CaseEventDoc[], body: CaseEventBody, act: SystemAct): CaseEventBody | null {
  const decided = decideSystemAct(projectionOf(caseDoc, events), body, act);
  return decided.ok ? decided.value : null;
}

/** Whether the van hands in a payment method's money after the trip; a QR channel's the channel's statement checks (domain/reconciliation). */
export { isHandedIn } from '#domain/reconciliation/money-checks.ts';

/** Where every number of the trip's receipt block went (domain/receipts). */
export { accountFor as accountReceiptNumbers } from '#domain/receipts/number-block.ts';

/**
 * The fee tables the office knows: the national ones bundled with the domain, plus each office fee schedule
 * mapped onto them (the van quotes with the schedule it pulled, so its receipts name that table).
 */
export function feeTablesOf(schedules: readonly FeeScheduleDoc[]): FeeTable[] {
  const derived = schedules.flatMap((s) => {
    const t = feeTableFromSchedule(s);
    return t.ok ? [t.value] : [];
  });
  return [...BUILTIN_FEE_TABLES, ...derived.filter((t) => !BUILTIN_FEE_TABLES.some((b) => b.id === t.id && b.version === t.version))];
}

/** The China date a case's fee is counted on (its acceptance, else its latest event), or null before any event. */
function feeDateOf(caseDoc: CaseDoc, events: readonly CaseEventDoc[]): string | null {
  const p = projectionOf(caseDoc, events);
  const at = p.acceptedAt ?? p.lastEventAt;
  return at === null ? null : chinaDate(at);
}

/**
 * What a case's fee check needs of the fee tables: the table in force on its fee date, and the tables its
 * charges name (`id@version` or an id: a schedule's table id is the schedule's own id, see `feeTableFromSchedule`).
 */
export function feeTableNeeds(caseDoc: CaseDoc, events: readonly CaseEventDoc[]): { dates: string[]; tableIds: string[] } {
  const date = feeDateOf(caseDoc, events);
  const named = asDomainEvents(events).flatMap((e) => (e.kind === 'fee-charged' ? [e.payload.rules.trim().split('@')[0] ?? ''] : []));
  return { dates: date === null ? [] : [date], tableIds: named.filter((id) => id !== '') };
}

/** The fee recomputed from the rules (domain/reconciliation), for the case page and reconciliation. */
export function recomputeCaseFee(caseDoc: CaseDoc, events: readonly CaseEventDoc[], tables: readonly FeeTable[]): { rulesLabel: string; expectedFen: number } | null {
  const date = feeDateOf(caseDoc, events);
  const fee = date === null ? null : recomputedFeeOf(caseDoc.id, asDomainEvents(events), date, tables);
  return fee && { rulesLabel: fee.rulesLabel, expectedFen: fee.expectedFen };
}

export const unknownFeeRules = (caseDoc: CaseDoc, events: readonly CaseEventDoc[], tables: readonly FeeTable[]): string | null =>
  unknownFeeRulesOf(caseDoc.id, asDomainEvents(events), tables);

/**
 * Why the unit's current register status stops this case before 登簿, or null. The domain's `canProceed`
 * decides; of its blocks only 查封 applies here: 在办 is this very case, the snapshot age is the office's
 * own register, and 预告 was weighed (with the holder's consent) at acceptance.
 */
export function unitStopReason(unit: UnitDoc, kind: BusinessKind, now: string): string | null {
  const r = canProceed(kind, { ...unit.flags, snapshotAt: now }, { now });
  if (r.ok) return null;
  return r.error.includes('seized') ? UNIT_BLOCK_TEXT.seized : null;
}

/**
 * Why a unit under a filed sales contract stops this case before 登簿 (`filedUnitStop`), or null. Not a flag on
 * the case: the stop ends by itself when the filing does (the buyers' transfer registered, or the filing cancelled).
 */
export const filedUnitStopOf = (unit: UnitDoc, kind: BusinessKind): string | null => filedUnitStop(kind, unit.register?.contractFiling);

/** Why a seizure of its unit stops a case of this kind before 登簿 (the rule `unitStopReason` applies), or null. */
export function seizureStopReason(kind: BusinessKind, now: string): string | null {
  const r = canProceed(kind, { seized: true, mortgaged: false, advanceNotice: false, inProgress: false, snapshotAt: now }, { now });
  return !r.ok && r.error.includes('seized') ? UNIT_BLOCK_TEXT.seized : null;
}

/** Working days from `today` to `due` on the office's holiday calendar: 0 is due today, negative is overdue. */
export const workingDaysLeft = (today: string, due: string): number => deadlineState(due, today).workingDaysLeft;

/** The materials a case of this kind requires (domain/materials), for the 补正 form. */
export const requiredMaterialsOf = (caseDoc: CaseDoc): { key: string; name: string }[] =>
  requiredMaterials(caseDoc.businessKind).map((m) => ({ key: m.key, name: m.name }));

/** The chosen missing materials by key; keys the kind does not require are ignored. */
function missingMaterials(caseDoc: CaseDoc, keys: readonly string[]): { key: string; name: string }[] {
  return requiredMaterialsOf(caseDoc).filter((m) => keys.includes(m.key));
}
