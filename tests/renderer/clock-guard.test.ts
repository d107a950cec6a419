import { afterEach, describe, expect, it, vi } from 'vitest';
import { type VanDatabase } from '#renderer/db/database.ts';
import { ClockBehindError, stampedAfter } from '#renderer/db/clock-guard.ts';
import { countPending } from '#renderer/db/pending.ts';
import { appendMaterialsEvent, openTestVan, writeCaseHeader } from '../sync/helpers.ts';

const DEVICE = 'dev-clock';
const DAY = 86_400_000;
let open: VanDatabase | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await open?.close();
  open = undefined;
});

/** The laptop's clock, `offset` ms from the real one. */
const clockAt = (offset: number) => {
  const real = Date.now.bind(Date);
  vi.spyOn(Date, 'now').mockImplementation(() => real() + offset);
};

const header = (db: VanDatabase, id: string) => writeCaseHeader(db, DEVICE, id);
const event = (db: VanDatabase, id: string, caseId: string) => appendMaterialsEvent(db, DEVICE, id, caseId);

describe('the van’s own writes and a laptop clock set back', () => {
  it('refuses a write while the clock is earlier than a stored document, stores nothing of it, and takes it once the clock is right', async () => {
    // Written while the clock read a day later than it will after the "restart".
    clockAt(DAY);
    let db = (open = await openTestVan('van-clock-1'));
    await header(db, 'case-1');
    await event(db, 'ev-1', 'case-1');
    await db.close();

    // The restart: the clock is back to the real time, a day earlier than every stored stamp.
    vi.restoreAllMocks();
    db = open = await openTestVan('van-clock-1');
    const refused = header(db, 'case-2');
    await expect(refused).rejects.toThrow(ClockBehindError);
    await expect(header(db, 'case-2')).rejects.toThrow(/本机时间（.*）早于本机已保存记录的时间（.*）.*请先把电脑时间校准为北京时间/);
    await expect(event(db, 'ev-2', 'case-1')).rejects.toThrow(ClockBehindError);
    expect(await db.cases.count().exec()).toBe(1);
    expect(await db.caseEvents.count().exec()).toBe(1);

    // Staff set the clock right (past the stored stamps): the same writes go through and wait to be sent.
    clockAt(DAY + 60_000);
    await header(db, 'case-2');
    await event(db, 'ev-2', 'case-2');
    expect(await db.cases.count().exec()).toBe(2);
    expect((await countPending(db)).pendingDocuments).toBe(4);
  });

  it('lets a store written a moment ago, or under a stopped clock, be written again', async () => {
    const db = (open = await openTestVan());
    await header(db, 'case-3');
    for (let i = 0; i < 50; i++) await event(db, `ev-3-${i}`, 'case-3');
    const stopped = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => stopped);
    await header(db, 'case-4');
    expect(await db.cases.count().exec()).toBe(2);
  });

  it('says the laptop’s time and the stored record’s in Beijing time, and keeps nothing of the refused write across a restart', async () => {
    // 2099-01-02 09:30 Beijing time (UTC+8), then a day earlier: later than any stamp RxDB gave in this process.
    const written = Date.UTC(2099, 0, 2, 1, 30);
    const stopped = (at: number) => {
      vi.restoreAllMocks();
      vi.spyOn(Date, 'now').mockImplementation(() => at);
    };
    stopped(written);
    let db = (open = await openTestVan('van-clock-words'));
    await header(db, 'case-6');
    const pending = await countPending(db);
    await db.close();

    stopped(written - DAY);
    db = open = await openTestVan('van-clock-words');
    await expect(header(db, 'case-7')).rejects.toThrow(
      new ClockBehindError('本机时间（2099-01-01 09:30）早于本机已保存记录的时间（2099-01-02 09:30），为免资料无法同步，暂不能保存。请先把电脑时间校准为北京时间，再重试。'),
    );
    await db.close();

    // Opened again with the clock right: the store holds what it held before, nothing more to send.
    stopped(written + 60_000);
    db = open = await openTestVan('van-clock-words');
    expect((await db.cases.find().exec()).map((c) => c.id)).toEqual(['case-6']);
    expect(await countPending(db)).toEqual(pending);
  });

  it('reads stored stamps along the storage’s write-time index, from the clock on', async () => {
    const db = (open = await openTestVan());
    await header(db, 'case-5');
    const stamp = (await db.cases.findOne('case-5').exec())!.toJSON(true)._meta.lwt;
    const storage = db.cases.storageInstance;
    const query = storage.query.bind(storage);
    const plans: { index: string[]; startKeys: unknown[]; sortSatisfiedByIndex: boolean }[] = [];
    vi.spyOn(storage, 'query').mockImplementation((q) => {
      plans.push(q.queryPlan);
      return query(q);
    });
    expect(await stampedAfter(db, 'cases', stamp - 1)).toBe(stamp);
    expect(await stampedAfter(db, 'cases', stamp + 0.005)).toBeUndefined();
    expect(plans).toHaveLength(2);
    // Walked from the given stamp on, in index order, one document at most: nothing below the stamp is read.
    expect(plans.map((p) => [p.index, p.startKeys[0], p.sortSatisfiedByIndex])).toEqual([
      [['_meta.lwt', 'id'], stamp - 1, true],
      [['_meta.lwt', 'id'], stamp + 0.005, true],
    ]);
  });
});
