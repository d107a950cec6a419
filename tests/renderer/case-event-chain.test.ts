import { type PreparedQuery } from 'rxdb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { verifyChain } from '#protocol/domain-bridge.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { appendCaseEvent, appendCaseEventOnce, type CaseEvent } from '#renderer/db/case-events.ts';
import { openTestVan } from '../sync/helpers.ts';

const DEVICE = 'device-chain-test';
const append = (db: VanDatabase, n: number) =>
  appendCaseEvent(db, DEVICE, { id: `case-${n}:intake`, caseId: `case-${n}`, at: `2026-11-28T0${n % 10}:00:00.000Z`, actor: 'staff-zhangwei', kind: 'withdrawn', payload: { reason: `test ${n}` } });

describe("a device's event chain on the van", () => {
  const name = `van-chain-${process.pid}`;
  let db: VanDatabase | undefined;
  afterAll(async () => {
    await db?.remove();
  });

  it('continues after the store is reopened, finding the last event through the [deviceId, seq] index in ascending order', async () => {
    db = await openTestVan(name);
    for (let n = 1; n <= 30; n += 1) await append(db, n);
    await db.close();

    db = await openTestVan(name);
    const plans: PreparedQuery<unknown>['queryPlan'][] = [];
    const storage = db.caseEvents.storageInstance;
    const query = storage.query.bind(storage);
    const spy = vi.spyOn(storage, 'query').mockImplementation((q) => {
      plans.push(q.queryPlan);
      return query(q);
    });
    const next = await append(db, 31);
    spy.mockRestore();

    expect(next.seq).toBe(31);
    expect((await append(db, 32)).seq).toBe(32); // from the last event seen: no search from the start
    const events = (await db.caseEvents.find({ selector: { deviceId: DEVICE } }).exec()).map((d) => d.toJSON() as CaseEvent);
    expect(next.prevHash).toBe(events.find((e) => e.seq === 30)?.hash);
    expect(events).toHaveLength(32);
    expect(verifyChain(DEVICE, events as Parameters<typeof verifyChain>[1]).ok).toBe(true);
    // A descending sort cannot be served by IndexedDB's ascending index walk: it would read all 30 events.
    // (The run's first write also asks for stamps after the clock, clock-guard.ts, along the write-time index.)
    const chainHead = plans.filter((p) => p.index.includes('seq'));
    expect(chainHead.length).toBeGreaterThan(0);
    expect(chainHead.every((p) => p.sortSatisfiedByIndex && p.selectorSatisfiedByIndex)).toBe(true);
    // The rest: those stamps, and the case's events from the clock's time on (none here), along [caseId, at].
    const rest = plans.filter((p) => !p.index.includes('seq'));
    expect(rest.map((p) => p.index.join()).sort()).toEqual(['_deleted,caseId,at,id', '_meta.lwt,id']);
    expect(rest.find((p) => p.index.includes('caseId'))).toMatchObject({ selectorSatisfiedByIndex: true, sortSatisfiedByIndex: true });
  });

  it('appends a fixed-id event once: a repeat returns the stored event and the chain goes on without a gap', async () => {
    // The same store as above (RxDB's open core allows one such database at a time), another device.
    const other = db ?? (db = await openTestVan(name));
    const DEVICE = 'device-chain-once';
    {
      const input = { id: 'once-9:intake', caseId: 'once-9', at: '2026-11-28T09:00:00.000Z', actor: 'staff-zhangwei', kind: 'withdrawn' as const, payload: { reason: '第一次' } };
      const { event: first, appended } = await appendCaseEventOnce(other, DEVICE, input);
      expect(appended).toBe(true);
      const { event: again, appended: appendedAgain } = await appendCaseEventOnce(other, DEVICE, { ...input, payload: { reason: '重试' } });
      expect(appendedAgain).toBe(false);
      expect(again).toMatchObject({ id: first.id, seq: 1, hash: first.hash, payload: { reason: '第一次' } });
      const next = await appendCaseEvent(other, DEVICE, { ...input, id: 'once-9:withdrawn' });
      expect(next).toMatchObject({ seq: 2, prevHash: first.hash });
      await expect(appendCaseEvent(other, DEVICE, input)).rejects.toThrow();
      expect((await appendCaseEventOnce(other, DEVICE, { ...input, id: 'once-9:later' })).event.seq).toBe(3);
      const events = (await other.caseEvents.find({ selector: { deviceId: DEVICE } }).exec()).map((d) => d.toJSON() as CaseEvent);
      expect(verifyChain(DEVICE, events as Parameters<typeof verifyChain>[1]).ok).toBe(true);
    }
  });

  it('stamps an event after the events its case already holds when the clock is behind, so the case projects in the order things happened', async () => {
    const store = db ?? (db = await openTestVan(name));
    const DEVICE = 'device-chain-behind';
    const caseId = 'behind-1';
    // The office returned the case for 补正 at 10:05 by its clock; the van's clock says 10:00 when the materials come.
    const returned = { id: 'office-return-1', caseId, deviceId: 'office', seq: 1, prevHash: null, hash: 'h-office-1', at: '2026-11-28T10:05:00.000Z', actor: 'staff-wangfang', kind: 'withdrawn' as const, payload: { reason: '办公室记录' } };
    await store.caseEvents.insert(returned);
    const behind = await appendCaseEvent(store, DEVICE, { id: `${caseId}:later`, caseId, at: '2026-11-28T10:00:00.000Z', actor: 'staff-zhangwei', kind: 'withdrawn', payload: { reason: '时钟慢了五分钟' } });
    expect(behind.at).toBe('2026-11-28T10:05:00.001Z');
    // The same instant as another device's event also goes after it; the device's own events keep the clock's time.
    const same = await appendCaseEvent(store, DEVICE, { id: `${caseId}:same`, caseId, at: '2026-11-28T10:05:00.001Z', actor: 'staff-zhangwei', kind: 'withdrawn', payload: { reason: '同一毫秒' } });
    expect(same.at).toBe('2026-11-28T10:05:00.001Z');
    // A clock ahead of every event of the case records its own time.
    const ahead = await appendCaseEvent(store, DEVICE, { id: `${caseId}:ahead`, caseId, at: '2026-11-28T11:00:00.000Z', actor: 'staff-zhangwei', kind: 'withdrawn', payload: { reason: '正常' } });
    expect(ahead.at).toBe('2026-11-28T11:00:00.000Z');
    // Another case's later events do not move this one.
    const other = await appendCaseEvent(store, DEVICE, { id: 'behind-2:first', caseId: 'behind-2', at: '2026-11-28T09:00:00.000Z', actor: 'staff-zhangwei', kind: 'withdrawn', payload: { reason: '另一案件' } });
    expect(other.at).toBe('2026-11-28T09:00:00.000Z');
    const events = (await store.caseEvents.find({ selector: { deviceId: DEVICE } }).exec()).map((d) => d.toJSON() as CaseEvent);
    expect(verifyChain(DEVICE, events as Parameters<typeof verifyChain>[1]).ok).toBe(true);
  });
});
