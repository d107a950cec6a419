/**
 * The offices of `npm run bench -- office`, and the bulk of its large office, written straight into the database in one transaction per
 * batch (the push path's speed is the sync suite's). Shaped as the real cases accepted through the van
 * endpoints before it: each bulk case copies a real case's documents, one in twenty still waits for its first
 * review, and the rest went through 初审, 复审, 核定 and 登簿, so the office's own hash chain holds four sealed
 * events per finished case and is as long as a busy office's.
 */
import { sealOfficeEvent } from '#server/office/domain-adapter.ts';
import { sql } from '#office/platform/db/sql.ts';
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
const CASES_PER_BATCH = 1000;
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

/** `total` case events (van and office) over `total / 10` cases, copied from `template`, with their queue rows and chain links. */
export async function addBulk(office: Office, template: VanCase, total: number): Promise<void> {
  const db = office.storage.db;
  const caseDoc = (await office.storage.getDocument('cases', template.caseId))?.body;
  const events = (await documentReads(db).ofCase('caseEvents', template.caseId)).map((d) => d.body as Row);
  if (!caseDoc || events.length < 2) throw new Error('template case missing');
  const tail = (await documentReads(db).latestOffice('caseEvents'))?.body as Row | undefined;
  let officeSeq = Number(tail?.['seq'] ?? 0);
  let officeHash = (tail?.['hash'] as string | undefined) ?? null;
  const deviceSeq = new Map<string, number>();
  const cases = Math.floor(total / EVENTS_PER_CASE);
  let seq = Number((await db.get<{ s: number | string | null }>(sql`SELECT max(seq) AS s FROM documents`))?.s ?? 0) + 1;
  const now = new Date().toISOString();
  for (let start = 0; start < cases; start += CASES_PER_BATCH) {
    await db.transaction(async (tx) => {
      const insert = (collection: string, id: string, body: Row, author: 'van' | 'office', device: string, caseId: string, ref: string | null) =>
        tx.run(sql`INSERT INTO documents (collection, id, seq, body, author, device_id, owner_device, audience_all, received_at, case_id, trip_id, ref)
                   VALUES (${collection}, ${id}, ${seq++}, ${JSON.stringify(body)}, ${author}, ${author === 'van' ? device : null}, ${device}, 0, ${now}, ${caseId},
                           ${collection === 'cases' ? String(caseDoc['tripId']) : null}, ${ref})`);
      for (let i = start; i < Math.min(cases, start + CASES_PER_BATCH); i++) {
        const caseId = `bulk-case-${i}`;
        const device = `bulk-device-${i % DEVICES}`;
        await insert('cases', caseId, { ...caseDoc, id: caseId, deviceId: device }, 'van', device, caseId, null);
        const waiting = i % WAITING_EVERY === 0;
        const vanEvents = waiting ? EVENTS_PER_CASE : EVENTS_PER_CASE - OFFICE_EVENTS;
        for (let e = 0; e < vanEvents; e++) {
          const base = events[Math.min(e, events.length - 1)] ?? {};
          const number = e === 0 ? `BULK-${i}` : null;
          const payload = e === 0 ? { ...(base['payload'] as object), caseNumber: number, queryCode: `B${i}` } : base['payload'];
          const deviceEvent = (deviceSeq.get(device) ?? 0) + 1;
          deviceSeq.set(device, deviceEvent);
          const body = { ...base, id: `${caseId}-e${e}`, caseId, deviceId: device, seq: deviceEvent, payload };
          await insert('caseEvents', body.id, body, 'van', device, caseId, number);
          await tx.run(sql`INSERT INTO event_chain (device_id, seq, event_id, hash, prev_hash) VALUES (${device}, ${deviceEvent}, ${body.id}, ${String(base['hash'])}, ${null})`);
        }
        if (!waiting) {
          for (const step of officeSteps) {
            officeSeq++;
            const sealed = sealOfficeEvent({ id: `office-${officeSeq}`, caseId, deviceId: 'office', seq: officeSeq, at: now, actor: 'staff-wangfang', prevHash: officeHash, ...step });
            officeHash = sealed.hash;
            await insert('caseEvents', sealed.id, sealed, 'office', device, caseId, null);
          }
        }
        // After every real case in acceptance order; the finished ones are out of every queue.
        const acceptedAt = `2099-01-01T00:00:00.${String(i % 1000).padStart(3, '0')}Z`;
        await tx.run(sql`INSERT INTO case_stages (case_id, awaiting_level, closed, accepted_at) VALUES (${caseId}, ${waiting ? 1 : null}, ${waiting ? 0 : 1}, ${acceptedAt})`);
      }
    });
  }
  // The office has long caught up with its history: the queue index already holds the bulk cases, and the
  // archive's and the statistics' readers of the case events start after them (their catch-up of a backlog is
  // not a request path; left to run, it would share the process with what is measured).
  await db.transaction(async (tx) => {
    await tx.run(sql`UPDATE case_stage_cursors SET seq = ${seq - 1}`);
    await tx.run(sql`INSERT INTO archive_cursors (name, position) VALUES ('case-events', ${seq - 1}) ON CONFLICT (name) DO UPDATE SET position = excluded.position`);
    await tx.run(sql`INSERT INTO stat_checkpoints (source, checkpoint) VALUES ('own:caseEvents', ${seq - 1}) ON CONFLICT (source) DO UPDATE SET checkpoint = excluded.checkpoint`);
  });
}
