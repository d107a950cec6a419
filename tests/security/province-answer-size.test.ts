import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Clock } from '#domain/clock.ts';
import { ProvinceSender } from '#server/office/province/province-sender.ts';
import { dbProvinceStore, type ProvinceStore } from '#server/office/province/province-store.ts';
import { openTestDb } from '../support/backend.ts';
import { type EndlessAnswer, startEndlessAnswer } from '../support/endless-answer.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';

/**
 * The office sends each 登簿 to the province's platform and read its answer whole (`res.text()`): an endpoint that
 * answered with hundreds of megabytes, or without end, made the office hold it all, at every retry. The answer is an
 * acknowledgement of a few hundred bytes; the sender now reads up to 64 KB and hangs up past that, and the delivery is
 * recorded as failed, to be tried again.
 */
const SENT = 64 * 1024 * 1024;
const BIZ = '230803260605000001';

let dir = '';
let database: Awaited<ReturnType<typeof openTestDb>>;
let store: ProvinceStore;
let province: EndlessAnswer;
let url = '';
const clock: Clock = { now: () => new Date('2026-06-05T03:00:00.000Z') };

beforeAll(async () => {
  dir = tempDir('province-answer-size');
  database = await openTestDb(dir);
  store = dbProvinceStore(database.db);
  // An endpoint whose answer starts as an acknowledgement and goes on with 64 MB of spaces, as fast as it is read.
  province = await startEndlessAnswer({ contentType: 'application/xml; charset=utf-8', head: `<Response><BizMsgID>${BIZ}</BizMsgID><SuccessFlag>1</SuccessFlag>`, padding: SENT, tail: '</Response>' });
  url = `${province.url}/exchange`;
}, 60_000);

afterAll(async () => {
  await province.close();
  await database.drop();
  removeDir(dir);
});

describe('the province answering a message with more than an acknowledgement can be', () => {
  it('is hung up on at the limit, and the delivery is recorded as failed and queued again', async () => {
    const at = clock.now().toISOString();
    const built = { bizMsgId: BIZ, caseNumber: 'JMS2026-1', unitNumber: 'U', recType: '1000401', message: {}, xml: '<Message/>', problems: [] };
    expect(await store.enqueue('e1:U', '230803:2026-06-05', () => built, at)).toBe(true);
    expect(await new ProvinceSender(database.db, store, { url, timeoutMs: 30_000 }, clock).round()).toBe(1);
    // 64 KB and what the socket buffers hold besides, a few megabytes at most, not the 64 MB the endpoint had to send.
    expect(province.written()).toBeLessThan(16 * 1024 * 1024);
    const [attempt] = await store.log(10);
    expect(attempt).toMatchObject({ bizMsgId: BIZ, outcome: 'http-error', detail: '省级平台的应答超过 64 KB，已中止接收' });
    const [message] = await store.list(10);
    expect(message?.state).toBe('queued');
  }, 60_000);
});
