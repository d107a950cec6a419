import { type Db } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { type OfficeStorage } from '#server/storage/storage.ts';
import { type ReviewLevel } from './review-model.ts';

/** What the queues need of a case's status (domain/case/lifecycle.ts decides it from the case's counted events). */
export type Stage = { awaitingLevel: ReviewLevel | null; isClosed: boolean; acceptedAt: string | null };

/** A case's stage worked out from its stored documents, or undefined for a case that is not (or no longer) readable. */
export type StageOf = (caseId: string) => Promise<Stage | undefined>;

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
            sql`SELECT seq, case_id, device_id FROM documents WHERE collection = ${collection} AND seq > ${cursor} ORDER BY seq LIMIT ${ROUND}`,
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

  private async write(caseId: string): Promise<void> {
    const stage = await this.stageOf(caseId);
    if (!stage) {
      await this.db.run(sql`DELETE FROM case_stages WHERE case_id = ${caseId}`);
      return;
    }
    await this.db.run(sql`INSERT INTO case_stages (case_id, awaiting_level, closed, accepted_at) VALUES (${caseId}, ${stage.awaitingLevel}, ${stage.isClosed ? 1 : 0}, ${stage.acceptedAt ?? ''})
                          ON CONFLICT (case_id) DO UPDATE SET awaiting_level = excluded.awaiting_level, closed = excluded.closed, accepted_at = excluded.accepted_at`);
  }

  /** One page of a level's queue, oldest acceptance first (ties by case id), and how many wait in all. */
  async page(level: ReviewLevel, offset: number, limit: number): Promise<{ caseIds: string[]; total: number }> {
    await this.catchUp();
    const rows = await this.db.all<{ case_id: string }>(
      sql`SELECT case_id FROM case_stages WHERE awaiting_level = ${level} AND closed = 0 ORDER BY accepted_at, case_id LIMIT ${limit} OFFSET ${offset}`,
    );
    const total = await this.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM case_stages WHERE awaiting_level = ${level} AND closed = 0`);
    return { caseIds: rows.map((r) => r.case_id), total: Number(total?.n ?? 0) };
  }

  /** The cases waiting at `level` that were accepted before this one (ties: a lower case id), oldest first. */
  async olderThan(level: ReviewLevel, caseId: string, acceptedAt: string | null): Promise<string[]> {
    await this.catchUp();
    const at = acceptedAt ?? '';
    const rows = await this.db.all<{ case_id: string }>(
      sql`SELECT case_id FROM case_stages WHERE awaiting_level = ${level} AND closed = 0 AND case_id <> ${caseId}
            AND (accepted_at < ${at} OR (accepted_at = ${at} AND case_id < ${caseId})) ORDER BY accepted_at, case_id`,
    );
    return rows.map((r) => r.case_id);
  }

  /** How many cases waiting at `level` were accepted before this one (its place in the queue, less one). */
  async countOlder(level: ReviewLevel, caseId: string, acceptedAt: string | null): Promise<number> {
    await this.catchUp();
    const at = acceptedAt ?? '';
    const row = await this.db.get<{ n: number }>(
      sql`SELECT count(*) AS n FROM case_stages WHERE awaiting_level = ${level} AND closed = 0 AND case_id <> ${caseId}
            AND (accepted_at < ${at} OR (accepted_at = ${at} AND case_id < ${caseId}))`,
    );
    return Number(row?.n ?? 0);
  }

  private async casesOfDevice(deviceId: string): Promise<string[]> {
    const rows = await this.db.all<{ case_id: string }>(
      sql`SELECT DISTINCT case_id FROM documents WHERE device_id = ${deviceId} AND collection = 'caseEvents' AND case_id IS NOT NULL`,
    );
    return rows.map((r) => r.case_id);
  }
}
