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
