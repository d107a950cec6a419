import { afterAll, describe, expect, it } from 'vitest';
import { appendCaseEvent } from '#renderer/db/case-events.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { countPending, isCaseSynced } from '#renderer/db/pending.ts';
import { startSync } from '#renderer/db/sync-controller.ts';
import { sealOfficeEvent } from '#server/office/domain-adapter.ts';
import { DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { enrollDevice, eventually, openTestVan, removeDir, startOffice, type RunningOffice } from '../sync/helpers.ts';

const offices: RunningOffice[] = [];
afterAll(async () => {
  for (const office of offices) {
    await office.close();
    removeDir(office.dataDir);
  }
});

type Gate = { arrived: Promise<void>; release: () => void; wait: () => Promise<void> };
function gate(): Gate {
  let arrive = () => {};
  let release = () => {};
  const arrived = new Promise<void>((r) => (arrive = r));
  const released = new Promise<void>((r) => (release = r));
  return { arrived, release, wait: () => (arrive(), released) };
}

/**
 * A fetch that lets the test stop caseEvents pushes, by the first document id of the batch: `before`
 * holds the request before it leaves the van, `after` holds the office's answer after it committed.
 */
function steeredFetch(before: Map<string, Gate>, after: Map<string, Gate>): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const first = url.includes('/sync/caseEvents/push') && typeof init?.body === 'string'
      ? (JSON.parse(init.body) as { newDocumentState: { id: string } }[])[0]?.newDocumentState.id
      : undefined;
    const hold = first === undefined ? undefined : before.get(first);
    if (hold) {
      before.delete(first as string);
      await hold.wait();
    }
    const res = await fetch(input, init);
    const answer = first === undefined ? undefined : after.get(first);
    if (answer) {
      after.delete(first as string);
      await answer.wait();
    }
    return res;
  };
}

const event = (i: number) => ({
  id: `ooo-${i}`, caseId: `case-ooo-${i % 2}`, at: `2026-11-30T10:${String(i).padStart(2, '0')}:00+08:00`, actor: 'staff-zhangwei',
  kind: 'materials-received' as const, payload: { materials: [], complete: false },
});

/**
 * Writes event 0, keeps its push back until events 1..11 are written, so RxDB pushes those as one change
 * set in three batches at once ([1..4], [5..8], [9..11], push batch size 4).
 */
async function threeBatchesAtOnce(van: VanDatabase, deviceId: string, first: Gate): Promise<void> {
  await appendCaseEvent(van, deviceId, event(0));
  await first.arrived;
  for (let i = 1; i < 12; i++) await appendCaseEvent(van, deviceId, event(i));
  first.release();
}

describe('acknowledgements of push batches that run at once', () => {
  it('keep a batch the office has not stored pending while later batches are accepted', async () => {
    const office = await startOffice();
    offices.push(office);
    const device = await enrollDevice(office.url, 'out-of-order');
    const van = await openTestVan();
    const first = gate();
    const batch1 = gate();
    const fetchFn = steeredFetch(new Map([['ooo-0', first], ['ooo-1', batch1]]), new Map());
    const sync = startSync(van, { officeUrl: office.url, deviceToken: device.token, deviceId: device.deviceId, fetch: fetchFn, pushBatchSize: 4, retryBaseMs: 10, retryMaxMs: 50, live: false });

    try {
      await threeBatchesAtOnce(van, device.deviceId, first);
      await batch1.arrived;
      // Events 0 and 5..11 are stored and acknowledged; 1..4 have not left the van.
      await eventually(() => sync.state().pushedDocuments >= 8, 20_000, 'batches [5..8] and [9..11] acknowledged');
      const stored = (await office.storage.listDocuments('caseEvents')).map((d) => d.id).sort();
      expect(stored).toEqual(['ooo-0', 'ooo-10', 'ooo-11', 'ooo-5', 'ooo-6', 'ooo-7', 'ooo-8', 'ooo-9']);
      expect((await countPending(van)).pendingDocuments).toBe(4);
      expect(await isCaseSynced(van, 'case-ooo-0')).toBe(false);
      expect(await isCaseSynced(van, 'case-ooo-1')).toBe(false);

      batch1.release();
      await sync.awaitInSync();
      expect((await office.storage.listDocuments('caseEvents')).length).toBe(12);
      expect((await countPending(van)).pendingDocuments).toBe(0);
      expect(await isCaseSynced(van, 'case-ooo-0')).toBe(true);
    } finally {
      for (const g of [first, batch1]) g.release();
      await sync.stop();
      await van.close();
    }
  });

  it('lose no acknowledgement when the answers come back together, latest batch first', async () => {
    const office = await startOffice();
    offices.push(office);
    const device = await enrollDevice(office.url, 'together');
    const van = await openTestVan();
    const first = gate();
    const answers = [gate(), gate(), gate()];
    const fetchFn = steeredFetch(new Map([['ooo-0', first]]), new Map([['ooo-1', answers[0]], ['ooo-5', answers[1]], ['ooo-9', answers[2]]] as [string, Gate][]));
    const sync = startSync(van, { officeUrl: office.url, deviceToken: device.token, deviceId: device.deviceId, fetch: fetchFn, pushBatchSize: 4, retryBaseMs: 10, retryMaxMs: 50, live: false });

    try {
      await threeBatchesAtOnce(van, device.deviceId, first);
      await Promise.all(answers.map((a) => a.arrived));
      expect((await office.storage.listDocuments('caseEvents')).length).toBe(12);
      for (const a of [...answers].reverse()) a.release();

      await sync.awaitInSync();
      expect((await countPending(van)).pendingDocuments).toBe(0);
      expect(await isCaseSynced(van, 'case-ooo-1')).toBe(true);
    } finally {
      for (const g of [first, ...answers]) g.release();
      await sync.stop();
      await van.close();
    }
  });

  it('count an event the office wrote and the van pulled as accepted, before and after later pushes', async () => {
    const office = await startOffice();
    offices.push(office);
    const device = await enrollDevice(office.url, 'pulls-office-event');
    const van = await openTestVan();
    await appendCaseEvent(van, device.deviceId, event(0));
    const officeEvent = sealOfficeEvent({
      id: 'office-1', caseId: 'case-ooo-0', deviceId: 'office', seq: 1, at: '2026-11-30T11:00:00+08:00', actor: 'staff-wangfang', prevHash: null,
      kind: 'flagged', payload: { code: 'seized-after-acceptance', message: '查封' },
    });
    await office.storage.writeOfficeDocuments('caseEvents', [{ body: officeEvent, audienceVans: [DEMO_VAN_ID], ownerDevice: device.deviceId }]);
    const sync = startSync(van, { officeUrl: office.url, deviceToken: device.token, deviceId: device.deviceId, pushBatchSize: 4, retryBaseMs: 10, retryMaxMs: 50, live: false });
    try {
      await sync.awaitInSync();
      expect(await van.caseEvents.findOne('office-1').exec()).not.toBeNull();
      expect((await countPending(van)).pendingDocuments).toBe(0);
      expect(await isCaseSynced(van, 'case-ooo-0')).toBe(true);
      // A later local event is pushed past the pulled one; nothing waits behind it.
      await appendCaseEvent(van, device.deviceId, event(1));
      expect((await countPending(van)).pendingDocuments).toBe(1);
      await sync.awaitInSync();
      expect((await countPending(van)).pendingDocuments).toBe(0);
      expect(await isCaseSynced(van, 'case-ooo-1')).toBe(true);
    } finally {
      await sync.stop();
      await van.close();
    }
  });
});
