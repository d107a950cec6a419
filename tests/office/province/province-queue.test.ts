import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AcceptedPayload } from '#domain/case/events.ts';
import { type Clock } from '#domain/clock.ts';
import { buildExchangeMessage, type ExchangeMessage } from '#domain/province/exchange-message.ts';
import { entriesFromRegistration } from '#domain/register/from-case.ts';
import { projectRegister } from '#domain/register/project.ts';
import { exchangeProblems } from '#server/office/province/exchange-schema.ts';
import { exchangeXml } from '#server/office/province/exchange-xml.ts';
import { ProvinceSender } from '#server/office/province/province-sender.ts';
import { dbProvinceStore, type ProvinceStore } from '#server/office/province/province-store.ts';
import { P } from '#server/office/province/province-text.ts';
import { openTestDb } from '../../support/backend.ts';
import { ProvinceReceiver } from '../../support/province-receiver.ts';
import { removeDir, tempDir } from '../../sync/helpers.ts';
import { RegisterBuilder, UNIT } from '../../domain/register/register-fixture.ts';

/** The send queue on the office database against a stand-in province platform on a real port. */
const OFFICE = { regOrgId: '230800', regOrgName: '佳木斯市不动产登记中心' };
const SCHEDULE = { baseMs: 30_000, capMs: 600_000, maxAttempts: 6 };
const LI = { name: '李秀梅', idType: 'resident-id' as const, idNumber: '230803198509211620', side: 'holder' as const };

let dataDir: string;
let database: Awaited<ReturnType<typeof openTestDb>>;
let store: ProvinceStore;
let receiver: ProvinceReceiver;
let nowMs: number;
const clock: Clock = { now: () => new Date(nowMs) };
const sender = (timeoutMs = 2_000) => new ProvinceSender(database.db, store, { url: receiver.url, timeoutMs }, clock, SCHEDULE);

/** Queues the message of a 登簿 of `kind` on the fixture unit, as the reporter does (`tamper` changes it first); answers whether it was new. */
function enqueue(eventId: string, over: Partial<AcceptedPayload> = {}, tamper?: (m: ExchangeMessage) => void): Promise<boolean> {
  const at = '2026-06-05T02:30:00.000Z';
  const intake: AcceptedPayload = {
    caseNumber: `JMS2026-${eventId}`, queryCode: 'Q1', businessKind: 'transfer', use: 'residential', applicants: [LI],
    units: [{ unitNumber: UNIT, address: '西林路1号', snapshotAt: at }], materials: [], certificates: 1, ...over,
  };
  const b = new RegisterBuilder().established();
  for (const body of entriesFromRegistration(intake, projectRegister(UNIT, b.entries, '2026-06-05'), eventId)) {
    b.add(body, at, { kind: 'case', caseId: 'c', caseNumber: intake.caseNumber, eventId });
  }
  const facts = { event: { id: eventId, at }, caseNumber: intake.caseNumber, intake, unitNumber: UNIT, entries: b.entries, registrar: '陈静' };
  return store.enqueue(`${eventId}:${UNIT}`, `230803:2026-06-05`, (serial) => {
    const message = buildExchangeMessage(facts, OFFICE, serial);
    tamper?.(message);
    return { bizMsgId: message.Head.BizMsgID, caseNumber: intake.caseNumber, unitNumber: UNIT, recType: message.Head.RecType, message, xml: exchangeXml(message), problems: exchangeProblems(message) };
  }, clock.now().toISOString());
}

const only = async () => {
  const [m, ...rest] = await store.list(10);
  expect(rest).toEqual([]);
  if (!m) throw new Error('no message queued');
  return m;
};

beforeEach(async () => {
  dataDir = tempDir('province-queue');
  database = await openTestDb(dataDir);
  store = dbProvinceStore(database.db);
  receiver = await ProvinceReceiver.start();
  nowMs = Date.parse('2026-06-05T03:00:00.000Z');
});
afterEach(async () => {
  await receiver.stop();
  await database.drop();
  removeDir(dataDir);
});

describe('the province send queue', () => {
  it('keeps a message that fails the schema with its reasons and never sends it', async () => {
    expect(await enqueue('e1', { businessKind: 'first', applicants: [] })).toBe(true);
    const m = await only();
    expect(m.state).toBe('invalid');
    expect(m.problems).toEqual([`权利人：${P.schema.holders}`, `权利信息：${P.schema.right}`, `证书数量：${P.schema.certCount}`]);
    expect(await sender().round()).toBe(0);
    expect(receiver.requests).toBe(0);
  });

  it('names a field with no reason of its own in Chinese, not in zod\'s English', async () => {
    await enqueue('e1', {}, (m) => {
      if (m.Data.KTT_FW_H) m.Data.KTT_FW_H.SZC = 1.5;
      const holder = m.Data.QLR[0];
      if (holder) (holder as { GYFS: string }).GYFS = '9';
    });
    const m = await only();
    expect(m.state).toBe('invalid');
    expect(m.problems).toEqual(['所在层：格式不对', '共有方式：格式不对']);
  });

  it('queues a 登簿 once, numbers it by the day, and sends it once', async () => {
    expect(await enqueue('e1')).toBe(true);
    expect(await enqueue('e1')).toBe(false);
    expect(await enqueue('e2')).toBe(true);
    expect((await store.list(10)).map((m) => m.bizMsgId)).toEqual(['230803260605000002', '230803260605000001']);
    expect(await sender().round()).toBe(2);
    expect([...receiver.stored.keys()]).toEqual(['230803260605000001', '230803260605000002']);
    expect(receiver.stored.get('230803260605000001')?.head).toMatchObject({ ASID: 'AS100', RecType: '2000402', EstateNum: UNIT, CertCount: '1' });
    expect((await store.list(10)).map((m) => m.state)).toEqual(['sent', 'sent']);
    expect(await sender().round()).toBe(0);
    expect(receiver.requests).toBe(2);
  });

  it('retries a 503 and a timeout with growing back-off, across an office restart, and sends once', async () => {
    await enqueue('e1');
    receiver.mode = 'fail';
    await sender().round();
    expect(await only()).toMatchObject({ state: 'queued', attempts: 1, nextAttemptAt: '2026-06-05T03:00:30.000Z' });
    expect(await sender().round()).toBe(0); // not due yet
    nowMs += 30_000;
    receiver.mode = 'hang';
    await sender(200).round();
    expect(await only()).toMatchObject({ state: 'queued', attempts: 2, nextAttemptAt: '2026-06-05T03:01:30.000Z' });

    // The office stops and starts again on the same database: the queue and its schedule are still there.
    await database.db.close();
    database = await openTestDb(dataDir);
    store = dbProvinceStore(database.db);
    nowMs += 60_000;
    receiver.mode = 'accept';
    expect(await sender().round()).toBe(1);
    expect(await only()).toMatchObject({ state: 'sent', attempts: 3, lastError: '' });
    expect(receiver.stored.size).toBe(1);
    expect((await store.log(10)).map((l) => [l.attempt, l.outcome, l.httpStatus])).toEqual([[3, 'accepted', 200], [2, 'timeout', null], [1, 'http-error', 503]]);
  });

  it('sends again a message whose answer was lost, and the province keeps it once by its 业务报文ID', async () => {
    await enqueue('e1');
    receiver.answerDelayMs = 600;
    await sender(150).round();
    expect(await only()).toMatchObject({ state: 'queued', attempts: 1 });
    expect(receiver.stored.size).toBe(1);
    receiver.answerDelayMs = 0;
    nowMs += 30_000;
    await sender().round();
    expect(await only()).toMatchObject({ state: 'sent', attempts: 2 });
    expect(receiver.requests).toBe(2);
    expect(receiver.stored.size).toBe(1);
    expect((await store.log(1))[0]?.detail).toBe('D0000 报文已接收过');
  });

  it('fails a message the province refuses, with its reason, until staff send it again', async () => {
    await enqueue('e1');
    receiver.mode = 'reject';
    await sender().round();
    const failed = await only();
    expect(failed).toMatchObject({ state: 'failed', lastError: 'E0101 报文内容不符合接入规范', nextAttemptAt: null });
    expect(await sender().round()).toBe(0);
    receiver.mode = 'accept';
    expect(await store.requeue(failed.id, clock.now().toISOString())).toBe(true);
    expect(await store.requeue(failed.id, clock.now().toISOString())).toBe(false);
    await sender().round();
    expect(await only()).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it('gives up after the last attempt the schedule allows', async () => {
    await enqueue('e1');
    receiver.mode = 'fail';
    for (let i = 0; i < SCHEDULE.maxAttempts; i++) {
      await sender().round();
      nowMs += SCHEDULE.capMs;
    }
    expect(await only()).toMatchObject({ state: 'failed', attempts: 6 });
    expect(receiver.requests).toBe(6);
  });
});
