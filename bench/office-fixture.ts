/**
 * The offices of `npm run bench -- office`, and the bulk of its large office, loaded straight into the SQLite
 * file (the push path's speed is the sync suite's). Shaped as the real cases accepted through the van
 * endpoints before it: each bulk case copies a real case's documents, one in twenty still waits for its first
 * review, and the rest went through 初审, 复审, 核定 and 登簿, so the office's own hash chain holds four sealed
 * events per finished case and is as long as a busy office's. The queue and dashboard rows of the bulk are the
 * office's own: it works out two sample cases (one waiting, one finished) itself and each bulk case gets the
 * rows of its sample. Loaded as a bulk load is: the secondary indexes dropped and built again afterwards from
 * their own stored definitions (a sorted build, the same index as row-by-row upkeep leaves), a large page cache
 * while loading, big transactions.
 */
import { sealOfficeEvent } from '#server/office/domain-adapter.ts';
import { sql } from '#office/platform/db/sql.ts';
import { SqliteDb } from '#office/platform/db/sqlite-db.ts';
import { documentReads } from '#office/replication/document-store.ts';
import { type CaseEventBody } from '#domain/case/events.ts';
import { type Db } from '#office/platform/db/db.ts';
import { buildOfficeApp } from '#server/app.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { seedOffice } from '#server/seed.ts';
import { DbStorage } from '#server/storage/db-storage.ts';
import { type Office } from '../tests/office/harness.ts';
import { type VanCase } from '../tests/office/scenario.ts';

export const EVENTS_PER_CASE = 10;
const OFFICE_EVENTS = 4;
const CASES_PER_BATCH = 10_000;
/** The writer's page cache while loading (KiB, as SQLite's negative cache_size): the indexes' pages stay in memory. */
const LOAD_CACHE_KIB = 1_048_576;
const DEVICES = 500;
/** One bulk case in this many still waits for its first review: both offices have full queue pages. */
export const WAITING_EVERY = 20;

const officeSteps: CaseEventBody[] = [
  { kind: 'review-passed', payload: { level: 1, opinion: '材料齐全，符合登记条件' } },
  { kind: 'review-passed', payload: { level: 2, opinion: '同意' } },
  { kind: 'review-passed', payload: { level: 3, opinion: '核定' } },
  { kind: 'registered', payload: { unitStatusCheckedAt: '2026-01-05T02:00:00.000Z' } },
];

type Row = Record<string, unknown>;

/** A seeded office server on `db` with the office pages, on 127.0.0.1 port 0. */
export async function startBenchOffice(db: Db, dataDir: string): Promise<Office> {
  const storage = new DbStorage(db);
  await seedOffice(storage, 'demo');
  // Behind a proxy, so each status lookup can come from a citizen of its own (the public page limits each address).
  const app = await buildOfficeApp({ dataDir, storage, plugins: [officePlugin], logFile: false, trustProxy: ['127.0.0.1'] });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, app, storage, dataDir, close: () => app.close() };
}

type Template = { caseDoc: Row; events: Row[] };
type Chain = { officeSeq: number; officeHash: string | null; seq: number; deviceSeq: Map<string, number>; now: string };

/** The writer's statements of the load, prepared once. */
function statements(db: SqliteDb) {
  const w = db.writer;
  return {
    doc: w.prepare(`INSERT INTO documents (collection, id, seq, body, author, device_id, owner_device, audience_all, received_at, case_id, trip_id, ref)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`),
    link: w.prepare('INSERT INTO event_chain (device_id, seq, event_id, hash, prev_hash) VALUES (?, ?, ?, ?, NULL)'),
    stage: w.prepare(`INSERT INTO case_stages (case_id, awaiting_level, closed, accepted_at, stage, trip_id, created_by, due)
                      SELECT ?, awaiting_level, closed, ?, stage, trip_id, created_by, due FROM case_stages WHERE case_id = ?`),
    work: w.prepare('INSERT INTO case_work (case_id, staff_id, kind, n) SELECT ?, staff_id, kind, n FROM case_work WHERE case_id = ?'),
  };
}
type Statements = ReturnType<typeof statements>;

const caseIdOf = (i: number) => `bulk-case-${String(i).padStart(7, '0')}`;
const isWaiting = (i: number) => i % WAITING_EVERY === 0;
/** After every real case in acceptance order (their own are today's), so the review actions measured start on real cases. */
const acceptedAtOf = (i: number) => `2099-01-01T00:00:00.${String(i % 1000).padStart(3, '0')}Z`;

/** Bulk case `i`: its header, its van events with their chain links, and (finished) its four sealed office events. */
function writeCase(st: Statements, t: Template, c: Chain, i: number): void {
  const caseId = caseIdOf(i);
  const device = `bulk-device-${i % DEVICES}`;
  const doc = (collection: string, id: string, body: Row, author: 'van' | 'office', ref: string | null) =>
    st.doc.run(collection, id, c.seq++, JSON.stringify(body), author, author === 'van' ? device : null, device, c.now, caseId,
      collection === 'cases' ? String(t.caseDoc['tripId']) : null, ref);
  doc('cases', caseId, { ...t.caseDoc, id: caseId, deviceId: device }, 'van', null);
  const vanEvents = isWaiting(i) ? EVENTS_PER_CASE : EVENTS_PER_CASE - OFFICE_EVENTS;
  for (let e = 0; e < vanEvents; e++) {
    const base = t.events[Math.min(e, t.events.length - 1)] ?? {};
    const number = e === 0 ? `BULK-${i}` : null;
    const payload = e === 0 ? { ...(base['payload'] as object), caseNumber: number, queryCode: `B${i}` } : base['payload'];
    const deviceEvent = (c.deviceSeq.get(device) ?? 0) + 1;
    c.deviceSeq.set(device, deviceEvent);
    const body = { ...base, id: `${caseId}-e${e}`, caseId, deviceId: device, seq: deviceEvent, payload };
    doc('caseEvents', body.id, body, 'van', number);
    st.link.run(device, deviceEvent, body.id, String(base['hash']));
  }
  if (isWaiting(i)) return;
  for (const step of officeSteps) {
    c.officeSeq++;
    const sealed = sealOfficeEvent({ id: `office-${c.officeSeq}`, caseId, deviceId: 'office', seq: c.officeSeq, at: c.now, actor: 'staff-wangfang', prevHash: c.officeHash, ...step });
    c.officeHash = sealed.hash;
    doc('caseEvents', sealed.id, sealed, 'office', null);
  }
}

/** The bulk's statements run on the writer inside the office's own write transaction (no other write interleaves). */
const onWriter = (db: SqliteDb, fn: () => void) => db.transaction(() => Promise.resolve(fn()));

/**
 * `total` case events (van and office) over `total / 10` cases, copied from `template`, with their chain links and
 * queue rows. `catchUp` has the office bring its queue index up to date (a queue page): it works out the samples.
 */
export async function addBulk(office: Office, template: VanCase, total: number, catchUp: () => Promise<void>): Promise<void> {
  const db = office.storage.db;
  if (!(db instanceof SqliteDb)) throw new Error('the bulk load writes an SQLite office');
  const caseDoc = (await office.storage.getDocument('cases', template.caseId))?.body as Row | undefined;
  const events = (await documentReads(db).ofCase('caseEvents', template.caseId)).map((d) => d.body as Row);
  if (!caseDoc || events.length < 2) throw new Error('template case missing');
  const t: Template = { caseDoc, events };
  const tail = (await documentReads(db).latestOffice('caseEvents'))?.body as Row | undefined;
  const seq = Number((await db.get<{ s: number | string | null }>(sql`SELECT max(seq) AS s FROM documents`))?.s ?? 0) + 1;
  const c: Chain = { officeSeq: Number(tail?.['seq'] ?? 0), officeHash: (tail?.['hash'] as string | undefined) ?? null, seq, deviceSeq: new Map(), now: new Date().toISOString() };
  const cases = Math.floor(total / EVENTS_PER_CASE);
  if (cases < 2) throw new Error('the bulk needs at least two cases');
  const st = statements(db);
  // The two samples through the office's own catch-up: bulk case 0 waits for 初审, bulk case 1 is registered.
  await onWriter(db, () => [0, 1].forEach((i) => writeCase(st, t, c, i)));
  await catchUp();
  const samples = await sampleRows(db);
  const w = db.writer;
  const cache = w.pragma('cache_size', { simple: true }) as number;
  w.pragma(`cache_size = -${LOAD_CACHE_KIB}`);
  const indexes = w.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('documents', 'case_stages')`).all() as { name: string; sql: string }[];
  try {
    await onWriter(db, () => indexes.forEach((ix) => w.exec(`DROP INDEX "${ix.name}"`)));
    for (let start = 2; start < cases; start += CASES_PER_BATCH) {
      await onWriter(db, () => {
        for (let i = start; i < Math.min(cases, start + CASES_PER_BATCH); i++) {
          writeCase(st, t, c, i);
          st.stage.run(caseIdOf(i), acceptedAtOf(i), caseIdOf(isWaiting(i) ? 0 : 1));
          st.work.run(caseIdOf(i), caseIdOf(isWaiting(i) ? 0 : 1));
        }
      });
    }
    await onWriter(db, () => indexes.forEach((ix) => w.exec(ix.sql)));
  } finally {
    w.pragma(`cache_size = ${cache}`);
  }
  await addCounts(db, samples, cases, c.seq - 1);
  w.pragma('wal_checkpoint(TRUNCATE)');
}

type Samples = { work: { case_id: string; staff_id: string; kind: string; n: number }[]; stages: { case_id: string; stage: string }[] };

async function sampleRows(db: Db): Promise<Samples> {
  const [a, b] = [caseIdOf(0), caseIdOf(1)];
  const stages = await db.all<{ case_id: string; stage: string }>(sql`SELECT case_id, stage FROM case_stages WHERE case_id IN (${a}, ${b})`);
  if (stages.length !== 2) throw new Error('the office did not work out the sample cases');
  const work = await db.all<Samples['work'][number]>(sql`SELECT case_id, staff_id, kind, n FROM case_work WHERE case_id IN (${a}, ${b})`);
  return { stages, work };
}

/**
 * The dashboard's and the queues' counts moved by every copy as the office's own upkeep moves them per case, the samples' acceptance
 * after the real cases as the copies', and the readers past the bulk: the office has long caught up with its
 * history (the archive's and the statistics' catch-up of a backlog is not a request path; left to run, it would
 * share the process with what is measured).
 */
async function addCounts(db: SqliteDb, samples: Samples, cases: number, lastSeq: number): Promise<void> {
  const waiting = Math.floor((cases - 1) / WAITING_EVERY) + 1;
  const copies = (caseId: string) => (caseId === caseIdOf(0) ? waiting - 1 : cases - waiting - 1);
  await db.transaction(async (tx) => {
    for (const s of samples.stages) await tx.run(sql`UPDATE stage_counts SET n = n + ${copies(s.case_id)} WHERE stage = ${s.stage}`);
    for (const w of samples.work) await tx.run(sql`UPDATE staff_work SET n = n + ${copies(w.case_id) * w.n} WHERE staff_id = ${w.staff_id} AND kind = ${w.kind}`);
    for (const i of [0, 1]) await tx.run(sql`UPDATE case_stages SET accepted_at = ${acceptedAtOf(i)} WHERE case_id = ${caseIdOf(i)}`);
    // The queues' totals counted once over the copied rows, as migration 0034 counts an office's stored cases.
    await tx.run(sql`DELETE FROM queue_counts`);
    await tx.run(sql`INSERT INTO queue_counts (level, n) SELECT awaiting_level, count(*) FROM case_stages WHERE closed = 0 AND awaiting_level IS NOT NULL GROUP BY awaiting_level`);
    await tx.run(sql`UPDATE case_stage_cursors SET seq = ${lastSeq}`);
    await tx.run(sql`INSERT INTO archive_cursors (name, position) VALUES ('case-events', ${lastSeq}) ON CONFLICT (name) DO UPDATE SET position = excluded.position`);
    await tx.run(sql`INSERT INTO stat_checkpoints (source, checkpoint) VALUES ('own:caseEvents', ${lastSeq}) ON CONFLICT (source) DO UPDATE SET checkpoint = excluded.checkpoint`);
  });
}
