import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db } from '#office/platform/db/db.ts';
import { openPostgresDb } from '#office/platform/db/postgres-db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { documentWrites } from '#office/replication/document-store.ts';
import { CaseStages, type Stage } from '#server/office/case-stages.ts';
import { type ReviewLevel } from '#server/office/review-model.ts';
import { DbStorage } from '#server/storage/db-storage.ts';
import { openTestDb, testBackend } from '../support/backend.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

/**
 * The review queues' totals (`queue_counts`, migration 0034) are kept with each case's row of the queues' index,
 * not counted at every page: they must stay those of the index while two office servers move cases between the
 * levels at once (on PostgreSQL two servers, each with its own pool; on SQLite the one office server, which
 * then moves them from two places at once).
 */
const CASES = 24;
const MOVES = 40;

/** Where a case goes with each move: a level, out of every queue, closed, or unreadable (no row at all). */
type Where = { level: ReviewLevel | null; closed?: boolean } | 'gone';
const PLACES: readonly Where[] = [{ level: 1 }, { level: 2 }, { level: 3 }, { level: null }, { level: 2, closed: true }, 'gone'];

const dir = tempFolderForTests('queue-counts');
let dbs: Db[];
let drop: () => Promise<void>;

/** A case's stage as its latest `caseEvents` document says (the office's own rule is the domain's; this test only moves cases). */
const stageFrom = (db: Db) => async (caseId: string): Promise<Stage | undefined> => {
  const row = await db.get<{ body: string }>(sql`SELECT body FROM documents WHERE collection = 'caseEvents' AND case_id = ${caseId} ORDER BY seq DESC LIMIT 1`);
  const where = row && (JSON.parse(row.body) as { where: Where }).where;
  if (where === undefined || where === 'gone') return undefined;
  return { awaitingLevel: where.level, isClosed: where.closed === true, acceptedAt: `2026-12-01T00:00:${caseId.slice(-2)}.000Z`, stage: 'test', tripId: 'trip-q', createdBy: 'staff-q', due: null, work: [] };
};

let written = 0;
/** One move on one server: the case's new event, then that server brings its queues' index up to date (as a review action does). */
async function move(db: Db, stages: CaseStages, caseId: string, where: Where): Promise<void> {
  const id = `${caseId}-move-${++written}`;
  await db.transaction((tx) => documentWrites(tx).upsertOffice('caseEvents', [{ body: { id, caseId, where } as never, audienceVans: null, ownerDevice: null }], new Date().toISOString()));
  await stages.catchUp();
}

const caseIdOf = (n: number) => `case-q-${String(n).padStart(2, '0')}`;

beforeAll(async () => {
  const opened = await openTestDb(dir());
  drop = opened.drop;
  // The second server: its own pool on the same PostgreSQL database; the same office on SQLite.
  dbs = [opened.db, opened.url === null ? opened.db : await openPostgresDb(opened.url, { poolSize: 4 })];
});

afterAll(async () => {
  if (dbs[1] !== dbs[0]) await dbs[1]?.close();
  await drop();
});

describe(`the review queues' kept totals on ${testBackend()}`, () => {
  it('stay those of the queues\' index while two servers move cases between levels at once', async () => {
    const servers = dbs.map((db) => ({ db, stages: new CaseStages(new DbStorage(db), stageFrom(db)) }));
    // Every case starts waiting at the first level.
    for (let n = 0; n < CASES; n++) await move(servers[0]!.db, servers[0]!.stages, caseIdOf(n), { level: 1 });
    // A fixed walk per server (no randomness): each moves every case it touches somewhere else, both at once, on the same cases.
    await Promise.all(
      servers.map(async (s, k) => {
        for (let i = 0; i < MOVES; i++) await move(s.db, s.stages, caseIdOf((i * 7 + k * 5) % CASES), PLACES[(i + k * 3) % PLACES.length]!);
      }),
    );
    for (const s of servers) await s.stages.catchUp();

    const counted = await dbs[0]!.all<{ level: number | string; n: number | string }>(
      sql`SELECT awaiting_level AS level, count(*) AS n FROM case_stages WHERE closed = 0 AND awaiting_level IS NOT NULL GROUP BY awaiting_level ORDER BY awaiting_level`,
    );
    const kept = await dbs[0]!.all<{ level: number | string; n: number | string }>(sql`SELECT level, n FROM queue_counts WHERE n <> 0 ORDER BY level`);
    const asNumbers = (rows: { level: number | string; n: number | string }[]) => rows.map((r) => ({ level: Number(r.level), n: Number(r.n) }));
    expect(asNumbers(kept)).toEqual(asNumbers(counted));
    // The walk left cases in more than one queue, and moved some out of every queue.
    expect(counted.length).toBeGreaterThan(1);
    expect(counted.reduce((t, r) => t + Number(r.n), 0)).toBeLessThan(CASES);
    // And each server's queue page says so.
    for (const s of servers) {
      for (const level of [1, 2, 3] as const) {
        const page = await s.stages.page(level, 0, 50);
        expect({ level, total: page.total }).toEqual({ level, total: page.caseIds.length });
      }
    }
  });
});
