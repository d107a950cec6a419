import { type Clock } from '#domain/clock.ts';
import { afterFailure, DEFAULT_SCHEDULE, type SendSchedule } from '#domain/province/send-schedule.ts';
import { type Db } from '#office/platform/db/db.ts';
import { createLogger } from '#office/platform/logger.ts';
import { bodyWithin } from '#server/office/answer-body.ts';
import { parseAnswer } from './exchange-xml.ts';
import { P } from './province-text.ts';
import { type Outcome, type ProvinceStore, type QueuedMessage, type SendAttempt } from './province-store.ts';

const log = createLogger('province');

/** Where the province platform receives 接入 messages, and how long one delivery may take. */
export type ProvinceLink = { url: string; timeoutMs: number };

const BATCH = 20;
/**
 * The most the province's answer to one message may weigh. It is an acknowledgement (the message's 业务报文ID, a flag, a
 * code and a line of text: a few hundred bytes), so this is many times any real one; the answer is read up to it and
 * no further, and past it the delivery failed and is tried again as for any other answer that cannot be read.
 */
export const MAX_PROVINCE_ANSWER_BYTES = 64 * 1024;

/**
 * Sends the queued 接入 messages, oldest first, one office server at a time (a named lock), and records each attempt
 * with the message's next state in one transaction. A message whose delivery went unrecorded (the office stopped
 * between the province's answer and the record) is sent again with the same 业务报文ID, which the province takes as
 * the same message: that is as close to exactly once as a receiver keyed by BizMsgID allows.
 */
export class ProvinceSender {
  constructor(
    private readonly db: Db,
    private readonly store: ProvinceStore,
    private readonly link: ProvinceLink,
    private readonly clock: Clock,
    private readonly schedule: SendSchedule = DEFAULT_SCHEDULE,
  ) {}

  /** One pass over the messages due now; answers how many were tried (0 when another server is sending). */
  async round(): Promise<number> {
    const release = await this.db.tryLock('province-send');
    if (!release) return 0;
    try {
      let tried = 0;
      for (let due = await this.store.due(this.now(), BATCH); due.length > 0; due = await this.store.due(this.now(), BATCH)) {
        for (const m of due) await this.send(m);
        tried += due.length;
      }
      return tried;
    } finally {
      await release();
    }
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private async send(m: QueuedMessage): Promise<void> {
    const attempt = await this.deliver(m);
    if (attempt.outcome === 'accepted') return this.store.record(m.id, attempt, { state: 'sent', nextAttemptAt: null });
    if (attempt.outcome === 'rejected') return this.store.record(m.id, attempt, { state: 'failed', nextAttemptAt: null });
    const next = afterFailure(m.attempts + 1, this.clock.now().getTime(), this.schedule);
    log.warn({ bizMsgId: m.bizMsgId, outcome: attempt.outcome, detail: attempt.detail }, 'province delivery failed');
    await this.store.record(m.id, attempt, next.next === 'retry' ? { state: 'queued', nextAttemptAt: new Date(next.retryAt).toISOString() } : { state: 'failed', nextAttemptAt: null });
  }

  private async deliver(m: QueuedMessage): Promise<SendAttempt> {
    const result = (outcome: Outcome, httpStatus: number | null, detail: string): SendAttempt => ({ at: this.now(), outcome, httpStatus, detail });
    let res: Response;
    let body: string;
    try {
      res = await fetch(this.link.url, {
        method: 'POST',
        headers: { 'content-type': 'application/xml; charset=utf-8' },
        body: m.xml,
        signal: AbortSignal.timeout(this.link.timeoutMs),
      });
      const read = await bodyWithin(res, MAX_PROVINCE_ANSWER_BYTES);
      if (!read.ok) return result('http-error', res.status, P.answerTooLarge(read.error.max));
      body = read.value;
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') return result('timeout', null, `${this.link.timeoutMs} 毫秒内无应答`);
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      return result('network-error', null, cause);
    }
    if (!res.ok) return result('http-error', res.status, `HTTP ${res.status}：${body.slice(0, 200)}`);
    const answer = parseAnswer(body);
    if (!answer || answer.bizMsgId !== m.bizMsgId) return result('http-error', res.status, `应答无法识别：${body.slice(0, 200)}`);
    return answer.success ? result('accepted', res.status, `${answer.code} ${answer.info}`.trim()) : result('rejected', res.status, `${answer.code} ${answer.info}`.trim());
  }
}
