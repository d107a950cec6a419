import { type IssuedNotice } from '#domain/case/events.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { appendCaseEventOnce } from '#renderer/db/case-events.ts';

/**
 * Which answer of the case: the first, or the 受理通知书 of an application continued after 补正; `signed` is the copy
 * the applicants signed on the van (their signatures drawn on their lines), handed over after the notice itself.
 */
export type NoticeAnswer = 'first' | 'continued' | 'first-signed' | 'continued-signed';
const NOTICE_EVENT_SUFFIX: Record<NoticeAnswer, string> = { first: 'notice', continued: 'notice-continued', 'first-signed': 'notice-signed', 'continued-signed': 'notice-continued-signed' };

/** The id of the event recording this answer of the case as handed over: one per case and answer. */
export const noticeIssuedId = (caseId: string, answer: NoticeAnswer): string => `${caseId}:${NOTICE_EVENT_SUFFIX[answer]}`;

/** The notice recorded as handed over for this answer of the case, if it was. */
export async function issuedNoticeOf(db: VanDatabase, caseId: string, answer: NoticeAnswer): Promise<IssuedNotice | null> {
  const event = await db.caseEvents.findOne(noticeIssuedId(caseId, answer)).exec();
  return event?.kind === 'notice-issued' ? (event.toJSON().payload as IssuedNotice) : null;
}

/**
 * Records that the intake's written answer was handed over (条例 第十七条: 受理 is made in writing). Its id is
 * fixed per case and answer, so a notice made again (a retry, a reprint) records nothing twice: the first one
 * counts. An application continued after 补正 gets a second answer, its 受理通知书 (`continued`).
 */
export async function recordNoticeIssued(ctx: { db: VanDatabase; deviceId: string; staffId: string; now: () => Date }, caseId: string, answer: NoticeAnswer, notice: IssuedNotice): Promise<void> {
  const id = noticeIssuedId(caseId, answer);
  await appendCaseEventOnce(ctx.db, ctx.deviceId, { id, caseId, at: ctx.now().toISOString(), actor: ctx.staffId, kind: 'notice-issued', payload: notice });
}
