import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITY_CODE } from '#domain/city/counties.ts';
import { CITY_TOTAL, type StatFact, totalOf } from '#domain/city/statistics.ts';
import { type Db } from '#office/platform/db/db.ts';
import { ReportOutbox } from '#server/office/city/reports/report-outbox.ts';
import { ReportScheduler } from '#server/office/city/reports/report-scheduler.ts';
import { ReportStore } from '#server/office/city/reports/report-store.ts';
import { addFacts } from '#server/office/city/stat-store.ts';
import { ProvinceSender } from '#server/office/province/province-sender.ts';
import { dbProvinceStore, type ProvinceStore } from '#server/office/province/province-store.ts';
import { openTestDb } from '../../support/backend.ts';
import { ProvinceReceiver } from '../../support/province-receiver.ts';
import { tempFolderForTests } from '../../support/temp-folder.ts';

/** The city's reports sent to a stand-in province platform on a real port, through the 接入 messages' queue and sender. */
const fact = (office: string, source: string, registrations: number, feeFen: number): [string, StatFact] =>
  [office, { source, month: '2026-11', kind: 'transfer', use: 'residential', measures: { registrations, registeredUnits: registrations, feeFen } }];
const FACTS = [fact('230822', 'event:a1', 2, 16_000), fact('230826', 'event:b1', 1, 8_000), fact(CITY_CODE, 'event:c1', 1, 8_000)];
const LATE = fact('230826', 'event:b-late', 3, 24_000);
const SCHEDULE = { baseMs: 30_000, capMs: 600_000, maxAttempts: 6 };
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false });

const dir = tempFolderForTests('city-report-province');
let db: Db;
let drop: () => Promise<void>;
let receiver: ProvinceReceiver;
let queue: ProvinceStore;
let nowMs = Date.parse('2026-12-05T00:30:00Z');
const clock = { now: () => new Date(nowMs) };
let store: ReportStore;
const round = () => new ReportScheduler(db, store, clock, { backMonths: 1 }).runDue();
const outbox = () => new ReportOutbox(store, queue, CITY_CODE, clock);
const sender = () => new ProvinceSender(db, queue, { url: receiver.url, timeoutMs: 5_000 }, clock, SCHEDULE);
const add = (facts: readonly [string, StatFact][]) => db.transaction(async (tx) => {
  for (const [office, f] of facts) await addFacts(tx, office, [f], CITY_TOTAL);
});
type Received = { Message: { Head: Record<string, string>; Figures: { Total: Record<string, string>; Office: Record<string, string>[] }; Attachment: { Name: string; SHA256: string; '#text': string }[] } };
const received = (bizMsgId: string): Received => parser.parse(receiver.stored.get(bizMsgId)?.xml ?? '') as Received;

beforeAll(async () => {
  ({ db, drop } = await openTestDb(dir()));
  queue = dbProvinceStore(db);
  receiver = await ProvinceReceiver.start();
  store = new ReportStore(join(dir(), 'reports'));
  await add(FACTS);
}, 60_000);
afterAll(async () => {
  await receiver?.stop();
  await drop?.();
});

describe('the city’s reports sent to the province', () => {
  it('queues each stored report once, never sends one whose files do not match, retries a failed delivery, and sends each once', { timeout: 180_000 }, async () => {
    expect(await round()).toEqual(['month-2026-11', 'year-2025']);
    // The year's PDF is damaged on disk: its message fails the check and is kept, marked invalid, never sent.
    writeFileSync(join(dir(), 'reports', 'year-2025.pdf'), 'not the report');
    expect(await outbox().enqueueStored()).toEqual(['year-2025', 'month-2026-11']);
    expect(await outbox().enqueueStored()).toEqual([]);
    const [month, year] = await queue.list(10);
    expect([month?.unitNumber, month?.state, year?.unitNumber, year?.state]).toEqual(['month-2026-11', 'queued', 'year-2025', 'invalid']);
    expect(year?.problems).toEqual(['附件“year-2025.pdf”与报表清单记载的大小或 SHA-256 不符：文件可能已损坏，请重新生成']);

    // The province is down: the delivery is logged and retried after the back-off, and then sent once.
    receiver.mode = 'fail';
    expect(await sender().round()).toBe(1);
    expect(receiver.stored.size).toBe(0);
    expect((await queue.list(10))[0]).toMatchObject({ state: 'queued', attempts: 1 });
    receiver.mode = 'accept';
    expect(await sender().round()).toBe(0);
    nowMs += 60_000;
    expect(await sender().round()).toBe(1);
    expect(await sender().round()).toBe(0);
    expect([...receiver.stored.keys()]).toEqual([month?.bizMsgId]);
    expect(receiver.requests).toBe(2);

    // What arrived: the head, the figures (the city's total is the sum of the offices' own), both files whole.
    const m = received(month?.bizMsgId ?? '').Message;
    expect(m.Head).toMatchObject({ MsgType: 'CITY-STAT-REPORT', FormatVersion: '1', AreaCode: '230800', ReportID: 'month-2026-11', Period: '2026-11', Revision: '1', CreateDate: '2026-12-05T08:30:00+08:00' });
    expect(m.Head['Corrects']).toBe('');
    const own = totalOf(FACTS.map(([, f]) => f.measures));
    expect([m.Figures.Total['registrations'], m.Figures.Total['feeFen']]).toEqual([String(own.registrations), String(own.feeFen)]);
    expect(m.Figures.Office.find((o) => o.Code === '230822')?.['registrations']).toBe('2');
    const [manifest] = await store.revisions('month-2026-11');
    for (const a of m.Attachment) {
      const bytes = Buffer.from(a['#text'], 'base64');
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(a.SHA256);
    }
    expect(m.Attachment.map((a) => [a.Name, a.SHA256])).toEqual([['month-2026-11.pdf', manifest?.pdf.sha256], ['month-2026-11.xlsx', manifest?.xlsx.sha256]]);
    expect(Buffer.from(m.Attachment[0]?.['#text'] ?? '', 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('sends a redrawn report as a correction naming the message it corrects', { timeout: 180_000 }, async () => {
    await add([LATE]);
    nowMs += 3_600_000;
    expect(await round()).toEqual(['month-2026-11.r2']);
    expect(await outbox().enqueueStored()).toEqual(['month-2026-11.r2']);
    expect(await sender().round()).toBe(1);
    const [second, first] = await queue.list(10);
    expect(second).toMatchObject({ unitNumber: 'month-2026-11.r2', state: 'sent' });
    const m = received(second?.bizMsgId ?? '').Message;
    expect(m.Head).toMatchObject({ ReportID: 'month-2026-11', Revision: '2', Corrects: first?.bizMsgId });
    const own = totalOf([...FACTS, LATE].map(([, f]) => f.measures));
    expect(m.Figures.Total['registrations']).toBe(String(own.registrations));
    expect(receiver.stored.size).toBe(2);
    // Another pass, another round: nothing is queued or sent again.
    expect(await outbox().enqueueStored()).toEqual([]);
    expect(await sender().round()).toBe(0);
    expect(receiver.requests).toBe(3);
  });
});
