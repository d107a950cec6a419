import { type CaseEvent as DomainCaseEvent, type CaseEventBody, isCaseEventKind } from '#domain/case/events.ts';
import { type Actor, REFUSAL_TEXT, type Refusal, decide, projectCase } from '#domain/case/lifecycle.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { appendCaseEvent, caseHistory } from '#renderer/db/case-events.ts';

type Ctx = { db: VanDatabase; deviceId: string; actor: Actor; now: () => Date };

/** Why a receipt action did not happen: the domain's refusal, or the printer's own message. */
export type ReceiptActionError = { code: Refusal } | { code: 'print-failed'; message: string };

export function receiptActionText(error: ReceiptActionError): string {
  return error.code === 'print-failed' ? error.message : REFUSAL_TEXT[error.code];
}

/**
 * Asks the domain, on the case's stored history read afresh, whether a reprint or a void may happen now.
 * The Cases screen hides the buttons of a voided receipt, but a second window or a double tap could still
 * act on a stale screen; the store is what decides.
 */
async function check(ctx: Ctx, caseId: string, body: CaseEventBody): Promise<Result<{ reprints: number }, ReceiptActionError>> {
  const history = (await caseHistory(ctx.db, caseId)).filter((e) => isCaseEventKind(e.kind)) as unknown as DomainCaseEvent[];
  const projection = projectCase(caseId, history);
  const decision = decide(projection, body, ctx.actor);
  if (!decision.ok) return err({ code: decision.error });
  const number = 'receiptNumber' in body.payload ? body.payload.receiptNumber : '';
  return ok({ reprints: projection.receipts.find((r) => r.number === number)?.reprints ?? 0 });
}

/**
 * Reprints a receipt: refused for a voided or unknown receipt before anything is printed; the printout comes
 * first and the event only after it, so a failed print records no reprint.
 */
export async function reprintReceipt(
  ctx: Ctx,
  caseId: string,
  receiptNumber: string,
  print: () => Promise<Result<unknown, { message: string }>>,
): Promise<Result<null, ReceiptActionError>> {
  const body: CaseEventBody = { kind: 'receipt-reprinted', payload: { receiptNumber } };
  const allowed = await check(ctx, caseId, body);
  if (!allowed.ok) return allowed;
  const printed = await print();
  if (!printed.ok) return err({ code: 'print-failed', message: printed.error.message });
  await appendCaseEvent(ctx.db, ctx.deviceId, {
    id: `${caseId}:reprint:${allowed.value.reprints + 1}:${receiptNumber}`, caseId, at: ctx.now().toISOString(), actor: ctx.actor.staffId, ...body,
  });
  return ok(null);
}

/** Voids a receipt with its reason: refused without a reason, for an unknown receipt, or when it is already void. */
export async function voidReceipt(ctx: Ctx, caseId: string, receiptNumber: string, reason: string): Promise<Result<{ at: string }, ReceiptActionError>> {
  const body: CaseEventBody = { kind: 'receipt-voided', payload: { receiptNumber, reason: reason.trim() } };
  const allowed = await check(ctx, caseId, body);
  if (!allowed.ok) return allowed;
  const at = ctx.now().toISOString();
  // The event is the record of the void (its id is fixed per number, so a second void cannot be stored either).
  await appendCaseEvent(ctx.db, ctx.deviceId, { id: `${caseId}:void:${receiptNumber}`, caseId, at, actor: ctx.actor.staffId, ...body });
  return ok({ at });
}
