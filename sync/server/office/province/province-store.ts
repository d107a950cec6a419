import { type Db } from '#office/platform/db/db.ts';
import { sql, sqlLimit } from '#office/platform/db/sql.ts';

/** The province send queue and its log (migration 0024_province-exchange), on the office database. */

export type MessageState = 'queued' | 'sent' | 'failed' | 'invalid';

export type QueuedMessage = {
  id: number;
  sourceKey: string;
  bizMsgId: string;
  caseNumber: string;
  unitNumber: string;
  recType: string;
  xml: string;
  state: MessageState;
  /** Why the schema refused the message (state `invalid`). */
  problems: string[];
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string;
  createdAt: string;
  sentAt: string | null;
};

export type Outcome = 'accepted' | 'rejected' | 'http-error' | 'timeout' | 'network-error';

export type SendAttempt = { at: string; outcome: Outcome; httpStatus: number | null; detail: string };

export type LogRow = SendAttempt & { bizMsgId: string; attempt: number };

/** What a built message is stored as; `problems` non-empty makes it `invalid`, never sent. */
export type BuiltMessage = { bizMsgId: string; caseNumber: string; unitNumber: string; recType: string; message: unknown; xml: string; problems: string[] };

export type ProvinceStore = {
  /**
   * Stores the message of `sourceKey` once: numbers it with the next serial of `areaDay` and builds it with that,
   * in one transaction. A key already stored stores nothing (answers false), so a 登簿 read twice is reported once.
   */
  enqueue(sourceKey: string, areaDay: string, build: (serial: number) => BuiltMessage, at: string): Promise<boolean>;
  /** The BizMsgID the message of `sourceKey` was stored under, or undefined when it is not queued. */
  bizMsgIdOf(sourceKey: string): Promise<string | undefined>;
  due(now: string, limit: number): Promise<QueuedMessage[]>;
  /** Logs one delivery attempt and moves the message on, together. */
  record(id: number, attempt: SendAttempt, next: { state: MessageState; nextAttemptAt: string | null }): Promise<void>;
  list(limit: number): Promise<QueuedMessage[]>;
  log(limit: number): Promise<LogRow[]>;
  /** Puts a failed message back in the queue, due at once; false when it is not failed. */
  requeue(id: number, at: string): Promise<boolean>;
};

type Row = {
  id: number | string; source_key: string; biz_msg_id: string; case_number: string; unit_number: string; rec_type: string; xml: string; state: string;
  problems: string; attempts: number | string; next_attempt_at: string | null; last_error: string; created_at: string; sent_at: string | null;
};

const COLUMNS = sql`id, source_key, biz_msg_id, case_number, unit_number, rec_type, xml, state, problems, attempts, next_attempt_at, last_error, created_at, sent_at`;

const toMessage = (r: Row): QueuedMessage => ({
  id: Number(r.id), sourceKey: r.source_key, bizMsgId: r.biz_msg_id, caseNumber: r.case_number, unitNumber: r.unit_number, recType: r.rec_type, xml: r.xml,
  state: r.state as MessageState, problems: JSON.parse(r.problems) as string[], attempts: Number(r.attempts), nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error, createdAt: r.created_at, sentAt: r.sent_at,
});

export function dbProvinceStore(db: Db): ProvinceStore {
  return {
    enqueue: (sourceKey, areaDay, build, at) =>
      db.transaction(async (tx) => {
        await tx.lock('province-enqueue');
        if (await tx.get(sql`SELECT 1 AS one FROM province_messages WHERE source_key = ${sourceKey}`)) return false;
        const serial = await tx.get<{ last: number | string }>(sql`INSERT INTO province_serials (area_day, last) VALUES (${areaDay}, 1)
          ON CONFLICT (area_day) DO UPDATE SET last = province_serials.last + 1 RETURNING last`);
        const b = build(Number(serial?.last ?? 1));
        const state: MessageState = b.problems.length > 0 ? 'invalid' : 'queued';
        await tx.run(sql`INSERT INTO province_messages (source_key, biz_msg_id, case_number, unit_number, rec_type, message, xml, state, problems, attempts, next_attempt_at, last_error, created_at, sent_at)
          VALUES (${sourceKey}, ${b.bizMsgId}, ${b.caseNumber}, ${b.unitNumber}, ${b.recType}, ${JSON.stringify(b.message)}, ${b.xml}, ${state}, ${JSON.stringify(b.problems)}, 0,
            ${state === 'queued' ? at : null}, '', ${at}, NULL)`);
        return true;
      }),
    bizMsgIdOf: async (sourceKey) => (await db.get<{ biz_msg_id: string }>(sql`SELECT biz_msg_id FROM province_messages WHERE source_key = ${sourceKey}`))?.biz_msg_id,
    due: async (now, limit) =>
      (await db.all<Row>(sql`SELECT ${COLUMNS} FROM province_messages WHERE state = 'queued' AND next_attempt_at <= ${now} ORDER BY id ${sqlLimit(limit)}`)).map(toMessage),
    record: (id, a, next) =>
      db.transaction(async (tx) => {
        const row = await tx.get<{ attempts: number | string; biz_msg_id: string }>(sql`SELECT attempts, biz_msg_id FROM province_messages WHERE id = ${id}`);
        if (!row) throw new Error(`province message ${id} not found`);
        const attempt = Number(row.attempts) + 1;
        await tx.run(sql`INSERT INTO province_send_log (message_id, biz_msg_id, attempt, at, outcome, http_status, detail)
          VALUES (${id}, ${row.biz_msg_id}, ${attempt}, ${a.at}, ${a.outcome}, ${a.httpStatus}, ${a.detail})`);
        const sentAt = next.state === 'sent' ? a.at : null;
        const lastError = next.state === 'sent' ? '' : a.detail;
        await tx.run(sql`UPDATE province_messages SET attempts = ${attempt}, state = ${next.state}, next_attempt_at = ${next.nextAttemptAt},
          last_error = ${lastError}, sent_at = ${sentAt} WHERE id = ${id}`);
      }),
    list: async (limit) => (await db.all<Row>(sql`SELECT ${COLUMNS} FROM province_messages ORDER BY id DESC ${sqlLimit(limit)}`)).map(toMessage),
    log: async (limit) =>
      (await db.all<{ biz_msg_id: string; attempt: number | string; at: string; outcome: string; http_status: number | string | null; detail: string }>(
        sql`SELECT biz_msg_id, attempt, at, outcome, http_status, detail FROM province_send_log ORDER BY id DESC ${sqlLimit(limit)}`,
      )).map((r) => ({ bizMsgId: r.biz_msg_id, attempt: Number(r.attempt), at: r.at, outcome: r.outcome as Outcome, httpStatus: r.http_status === null ? null : Number(r.http_status), detail: r.detail })),
    requeue: async (id, at) =>
      (await db.run(sql`UPDATE province_messages SET state = 'queued', attempts = 0, next_attempt_at = ${at} WHERE id = ${id} AND state = 'failed'`)) > 0,
  };
}
