/**
 * What the van clerk may still do on a case after intake: record the applicant's withdrawal (条例 第十五条第二款:
 * before 登簿), and pay back the fee of a case that will not be registered (withdrawn or refused). The domain
 * decides on the case's stored history read afresh, so a stale screen or a double tap cannot refund twice.
 */
import { type CaseEvent as DomainCaseEvent, type CaseEventBody, type PaymentMethod, isCaseEventKind } from '#domain/case/events.ts';
import { type Actor, REFUSAL_TEXT, type Refusal, decide, projectCase } from '#domain/case/lifecycle.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { appendCaseEventOnce, caseHistory } from '#renderer/db/case-events.ts';

type Ctx = { db: VanDatabase; deviceId: string; actor: Actor; now: () => Date };

export const refusalText = (r: Refusal): string => REFUSAL_TEXT[r];

async function decideOn(ctx: Ctx, caseId: string, body: CaseEventBody): Promise<Result<CaseEventBody, Refusal>> {
  const history = (await caseHistory(ctx.db, caseId)).filter((e) => isCaseEventKind(e.kind)) as unknown as DomainCaseEvent[];
  return decide(projectCase(caseId, history), body, ctx.actor);
}

/** Records the applicant's withdrawal with its reason (the written request is scanned with the case). */
export async function withdrawCase(ctx: Ctx, caseId: string, reason: string): Promise<Result<{ at: string }, Refusal>> {
  const body: CaseEventBody = { kind: 'withdrawn', payload: { reason: reason.trim() } };
  const decided = await decideOn(ctx, caseId, body);
  if (!decided.ok) return decided;
  const at = ctx.now().toISOString();
  await appendCaseEventOnce(ctx.db, ctx.deviceId, { id: `${caseId}:withdrawn`, caseId, at, actor: ctx.actor.staffId, ...body });
  return ok({ at });
}

/** The number printed on a refund: one refund per receipt, so it is the receipt's number marked 退 (TF). */
export const refundNumberOf = (receiptNumber: string): string => `TF-${receiptNumber}`;

export type RefundRequest = {
  receiptNumber: string;
  amountFen: number;
  method: PaymentMethod;
  reason: string;
  ground: 'withdrawn' | 'registration-refused';
  tripId: string | null;
};

/** Records the refund of a whole receipt (before its slip is printed: the record is what reconciliation counts). */
export async function refundReceipt(ctx: Ctx, caseId: string, req: RefundRequest): Promise<Result<{ at: string; refundNumber: string }, Refusal>> {
  const refundNumber = refundNumberOf(req.receiptNumber);
  const body: CaseEventBody = {
    kind: 'fee-refunded',
    payload: { receiptNumber: req.receiptNumber, refundNumber, amountFen: req.amountFen, method: req.method, reason: req.reason.trim(), ground: req.ground, ...(req.tripId ? { tripId: req.tripId } : {}) },
  };
  const decided = await decideOn(ctx, caseId, body);
  if (!decided.ok) return err(decided.error);
  const at = ctx.now().toISOString();
  // The id is fixed per receipt: a retried or second refund of one receipt cannot be stored.
  await appendCaseEventOnce(ctx.db, ctx.deviceId, { id: `${caseId}:refund:${req.receiptNumber}`, caseId, at, actor: ctx.actor.staffId, ...body });
  return ok({ at, refundNumber });
}

/** What the office's review asked for when it returned the case for 补正 (the latest such return). */
export type CorrectionAsked = { returnId: string; level: 1 | 2 | 3; opinion: string; missing: { key: string; name: string; note?: string }[] };

export function correctionAsked(events: readonly DomainCaseEvent[]): CorrectionAsked | null {
  const last = [...events].reverse().find((e) => e.kind === 'returned-for-correction');
  if (!last || last.kind !== 'returned-for-correction') return null;
  return { returnId: last.id, level: last.payload.level, opinion: last.payload.opinion, missing: last.payload.missing };
}

/**
 * 补正 continued on the van: the materials the review asked for, received with their pages, recorded as one 收件 that
 * completes the correction, so the case goes back to the review that returned it under the same case number. No fee:
 * the fee was charged at acceptance (a 补正 is not a new application).
 */
export async function supplyCorrection(
  ctx: Ctx, caseId: string, asked: CorrectionAsked, received: readonly { key: string; name: string; original: boolean; pages: number }[],
): Promise<Result<{ at: string }, Refusal>> {
  const body: CaseEventBody = {
    kind: 'materials-received',
    payload: { materials: received.map((m) => ({ key: m.key, name: m.name, original: m.original, count: 1, pages: m.pages, scanIds: [] })), complete: true },
  };
  const decided = await decideOn(ctx, caseId, body);
  if (!decided.ok) return err(decided.error);
  const at = ctx.now().toISOString();
  // One 收件 per return: a retried or double tap cannot record it twice.
  await appendCaseEventOnce(ctx.db, ctx.deviceId, { id: `${caseId}:correction:${asked.returnId}`, caseId, at, actor: ctx.actor.staffId, ...body });
  return ok({ at });
}
