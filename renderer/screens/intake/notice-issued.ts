import { type IssuedNotice } from '#domain/case/events.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { appendCaseEventOnce } from '#renderer/db/case-events.ts';

/**
 * Records that the intake's written answer was handed over (条例 第十七条: 受理 is made in writing). Its id is
 * fixed per case and answer, so a notice made again (a retry, a reprint) records nothing twice: the first one
 * counts. An application continued after 补正 gets a second answer, its 受理通知书 (`continued`).
 */
export async function recordNoticeIssued(ctx: { db: VanDatabase; deviceId: string; staffId: string; now: () => Date }, caseId: string, answer: 'first' | 'continued', notice: IssuedNotice): Promise<void> {
  const id = answer === 'first' ? `${caseId}:notice` : `${caseId}:notice-continued`;
  await appendCaseEventOnce(ctx.db, ctx.deviceId, { id, caseId, at: ctx.now().toISOString(), actor: ctx.staffId, kind: 'notice-issued', payload: notice });
}
