import { type Db, type Queryable } from '#office/platform/db/db.ts';
import { sql, sqlLimit } from '#office/platform/db/sql.ts';
import { type OfficeStorage } from '#server/storage/storage.ts';
import { type ReviewLevel } from './review-model.ts';

/** What the queues and the dashboard need of a case's status (domain/case/lifecycle.ts decides it from the case's counted events). */
export type Stage = {
  awaitingLevel: ReviewLevel | null;
  isClosed: boolean;
  acceptedAt: string | null;
  /** The stage the dashboard counts the case under (its stage code, or `notice-pending`). */
  stage: string;
  tripId: string;
  createdBy: string;
  /** The earlier due date while the case's clock is open (a paused clock only moves it later), else null. */
  due: string | null;
  /** What each person did on the case: counted events by kind, and `#created` for the person who took it. */
  work: readonly { staffId: string; kind: string; n: number }[];
};

/** A case's stage worked out from its stored documents, or undefined for a case that is not (or no longer) readable. */
export type StageOf = (caseId: string) => Promise<Stage | undefined>;

/** The work kind that counts the cases a person took (beside the kinds of the events they recorded). */
export const CREATED_WORK = '#created';

/** Case documents read per round while catching up: a request never waits on more than this many at once. */
const ROUND = 500;
const COLLECTIONS = ['cases', 'caseEvents'] as const;

/**
 * The review queues' index (`case_stages`, migration 0026): where each case stands, kept up to date from the
 * case documents written since the last catch-up (their sequence numbers, which commit in order on every
 * office server, so none is ever passed over). A queue page and 通过's check for older cases then read the
 * queue's own index, never every case with its events. The status itself is the domain's (`stageOf`).
 */
export class CaseStages {
  constructor(
    private readonly storage: OfficeStorage,
    private readonly stageOf: StageOf,
  ) {}

  private get db(): Db {
    return this.storage.db;
  }

  /**
   * Brings the index up to the latest case documents. One server at a time (a lock every server honours);
   * the others wait and then find nothing left to do. The first call on an office stored before the index
   * existed reads every case once.
   */
  async catchUp(): Promise<void> {
    await this.db.withLock('case-stages', async () => {
      for (const collection of COLLECTIONS) {
        for (;;) {
          const cursor = (await this.db.get<{ seq: number }>(sql`SELECT seq FROM case_stage_cursors WHERE collection = ${collection}`))?.seq ?? 0;
          const rows = await this.db.all<{ seq: number; case_id: string | null; device_id: string | null }>(
            sql`SELECT seq, case_id, device_id FROM documents WHERE collection = ${collection} AND seq > ${cursor} ORDER BY seq ${sqlLimit(ROUND)}`,
          );
          const last = rows.at(-1);
          if (!last) break;
          const caseIds = new Set(rows.flatMap((r) => (r.case_id === null ? [] : [r.case_id])));
          // A device whose chain broke holds its later events in every case of its own (chain-holds.ts).
          for (const deviceId of new Set(rows.flatMap((r) => (r.device_id === null ? [] : [r.device_id])))) {
            if (collection === 'caseEvents' && (await this.storage.chainStatus(deviceId)).state === 'broken') {
              for (const c of await this.casesOfDevice(deviceId)) caseIds.add(c);
            }
          }
          for (const caseId of caseIds) await this.write(caseId);
          await this.db.run(sql`UPDATE case_stage_cursors SET seq = ${last.seq} WHERE collection = ${collection}`);
          if (rows.length < ROUND) break;
        }
      }
    });
  }

  /** Works out one case's stage again (its events changed without a new document: a held event was decided). */
  async refresh(caseId: string): Promise<void> {
    await this.db.withLock('case-stages', () => this.write(caseId));
  }

  /**
   * Writes one case's row and moves the dashboard's and the queues' counts by the case's change (its old stage,
   * work and queue out, the new in), in one transaction: a crash leaves all as they were, and the next catch-up
   * writes it again. Every caller holds the `case-stages` lock, which every office server takes, so no two
   * writes of a case read the same old row and move a count twice.
   */
  private async write(caseId: string): Promise<void> {
    const stage = await this.stageOf(caseId);
    await this.db.transaction(async (tx) => {
      const old = await tx.get<{ stage: string; awaiting_level: number | string | null; closed: number | string }>(sql`SELECT stage, awaiting_level, closed FROM case_stages WHERE case_id = ${caseId}`);
      if (old && old.stage !== '') await tx.run(sql`UPDATE stage_counts SET n = n - 1 WHERE stage = ${old.stage}`);
      const queuedBefore = old && Number(old.closed) === 0 && old.awaiting_level !== null ? Number(old.awaiting_level) : null;
      const queuedNow = stage && !stage.isClosed ? stage.awaitingLevel : null;
      if (queuedBefore !== queuedNow) {
        if (queuedBefore !== null) await tx.run(sql`UPDATE queue_counts SET n = n - 1 WHERE level = ${queuedBefore}`);
        if (queuedNow !== null) await tx.run(sql`INSERT INTO queue_counts (level, n) VALUES (${queuedNow}, 1) ON CONFLICT (level) DO UPDATE SET n = queue_counts.n + 1`);
      }
      for (const w of await tx.all<{ staff_id: string; kind: string; n: number }>(sql`SELECT staff_id, kind, n FROM case_work WHERE case_id = ${caseId}`)) {
        await tx.run(sql`UPDATE staff_work SET n = n - ${w.n} WHERE staff_id = ${w.staff_id} AND kind = ${w.kind}`);
      }
      await tx.run(sql`DELETE FROM case_work WHERE case_id = ${caseId}`);
      if (!stage) {
        await tx.run(sql`DELETE FROM case_stages WHERE case_id = ${caseId}`);
        return;
      }
      await tx.run(sql`INSERT INTO case_stages (case_id, awaiting_level, closed, accepted_at, stage, trip_id, created_by, due)
                       VALUES (${caseId}, ${stage.awaitingLevel}, ${stage.isClosed ? 1 : 0}, ${stage.acceptedAt ?? ''}, ${stage.stage}, ${stage.tripId}, ${stage.createdBy}, ${stage.due})
                       ON CONFLICT (case_id) DO UPDATE SET awaiting_level = excluded.awaiting_level, closed = excluded.closed, accepted_at = excluded.accepted_at,
                         stage = excluded.stage, trip_id = excluded.trip_id, created_by = excluded.created_by, due = excluded.due`);
      await tx.run(sql`INSERT INTO stage_counts (stage, n) VALUES (${stage.stage}, 1) ON CONFLICT (stage) DO UPDATE SET n = stage_counts.n + 1`);
      for (const w of stage.work) {
        await tx.run(sql`INSERT INTO case_work (case_id, staff_id, kind, n) VALUES (${caseId}, ${w.staffId}, ${w.kind}, ${w.n})`);
        await tx.run(sql`INSERT INTO staff_work (staff_id, kind, n) VALUES (${w.staffId}, ${w.kind}, ${w.n}) ON CONFLICT (staff_id, kind) DO UPDATE SET n = staff_work.n + excluded.n`);
      }
    });
  }

  /**
   * Works out again every case whose clock is open (the office changed its 承诺时限 table, which moves their due
   * dates): those on the index of due dates, in rounds, never the closed ones.
   */
  async refreshOpen(): Promise<void> {
    await this.catchUp();
    const open = (await this.db.all<{ case_id: string }>(sql`SELECT case_id FROM case_stages WHERE due IS NOT NULL`)).map((r) => r.case_id);
    for (let i = 0; i < open.length; i += ROUND) {
      await this.db.withLock('case-stages', async () => {
        for (const caseId of open.slice(i, i + ROUND)) await this.write(caseId);
      });
    }
  }

  /**
   * One page of a level's queue, oldest acceptance first (ties by case id), and how many wait in all: the page
   * on the queue's index, the total from the level's kept count (`queue_counts`, moved by `write`), both read in
   * one snapshot, so the total is that of the rows listed and costs one row however long the queue.
   */
  async page(level: ReviewLevel, offset: number, limit: number): Promise<{ caseIds: string[]; total: number }> {
    await this.catchUp();
    return this.db.transaction(
      async (tx) => {
        const rows = await tx.all<{ case_id: string }>(
          sql`SELECT case_id FROM case_stages WHERE awaiting_level = ${level} AND closed = 0 ORDER BY accepted_at, case_id ${sqlLimit(limit)} OFFSET ${offset}`,
        );
        const total = await tx.get<{ n: number | string }>(sql`SELECT n FROM queue_counts WHERE level = ${level}`);
        return { caseIds: rows.map((r) => r.case_id), total: Number(total?.n ?? 0) };
      },
      { readOnly: true },
    );
  }

  /**
   * The cases waiting at `level` that were accepted before this one (ties: a lower case id), oldest first. Compared
   * as one row value, so both databases read the queue's index from its start up to this case only (an OR of the two
   * conditions walked every case waiting at the level, for the head of the queue too).
   */
  async olderThan(level: ReviewLevel, caseId: string, acceptedAt: string | null): Promise<string[]> {
    await this.catchUp();
    return olderInQueue(this.db, level, caseId, acceptedAt);
  }

  /** How many cases waiting at `level` were accepted before this one (its place in the queue, less one). */
  async countOlder(level: ReviewLevel, caseId: string, acceptedAt: string | null): Promise<number> {
    await this.catchUp();
    const at = acceptedAt ?? '';
    const row = await this.db.get<{ n: number }>(
      sql`SELECT count(*) AS n FROM case_stages WHERE awaiting_level = ${level} AND closed = 0 AND (accepted_at, case_id) < (${at}, ${caseId})`,
    );
    return Number(row?.n ?? 0);
  }

  /**
   * One page of the cases in a stage (the dashboard's stage lists), oldest acceptance first, after the cursor, and
   * how many are in the stage: the page on the stage's index (`case_stages_by_stage`, migration 0041), the total
   * from the stage's kept count (`stage_counts`), read in one snapshot.
   */
  async inStage(stage: string, after: StageCursor | null, limit: number): Promise<{ rows: StageRow[]; total: number }> {
    await this.catchUp();
    return this.db.transaction(
      async (tx) => {
        const rows = await casesInStage(tx, stage, after, limit);
        const total = await tx.get<{ n: number | string }>(sql`SELECT n FROM stage_counts WHERE stage = ${stage}`);
        return { rows, total: Number(total?.n ?? 0) };
      },
      { readOnly: true },
    );
  }

  private async casesOfDevice(deviceId: string): Promise<string[]> {
    const rows = await this.db.all<{ case_id: string }>(
      sql`SELECT DISTINCT case_id FROM documents WHERE device_id = ${deviceId} AND collection = 'caseEvents' AND case_id IS NOT NULL`,
    );
    return rows.map((r) => r.case_id);
  }
}

/**
 * The cases waiting at `level` that were accepted before this one (ties: a lower case id), oldest first, as the
 * index stands (`CaseStages.catchUp` brings it up to date); `q` may be the caller's transaction.
 */
export async function olderInQueue(q: Queryable, level: ReviewLevel, caseId: string, acceptedAt: string | null): Promise<string[]> {
  const at = acceptedAt ?? '';
  const rows = await q.all<{ case_id: string }>(
    sql`SELECT case_id FROM case_stages WHERE awaiting_level = ${level} AND closed = 0 AND (accepted_at, case_id) < (${at}, ${caseId}) ORDER BY accepted_at, case_id`,
  );
  return rows.map((r) => r.case_id);
}

/** Where a page of a stage's list starts: after this case in the order of acceptance (`''` for none), then case id. */
export type StageCursor = { acceptedAt: string; caseId: string };
export type StageRow = { caseId: string; acceptedAt: string };

/**
 * The cases in `stage` after the cursor, oldest acceptance first (ties by case id), as the index stands; compared
 * as one row value, so both databases walk `case_stages_by_stage` from the cursor on. `limit` is a constant of the caller.
 */
export async function casesInStage(q: Queryable, stage: string, after: StageCursor | null, limit: number): Promise<StageRow[]> {
  const from = after ? sql` AND (accepted_at, case_id) > (${after.acceptedAt}, ${after.caseId})` : sql``;
  const rows = await q.all<{ case_id: string; accepted_at: string }>(
    sql`SELECT case_id, accepted_at FROM case_stages WHERE stage = ${stage}${from} ORDER BY accepted_at, case_id ${sqlLimit(limit)}`,
  );
  return rows.map((r) => ({ caseId: r.case_id, acceptedAt: r.accepted_at }));
}
