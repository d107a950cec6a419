import { afterAll, describe, expect, it } from 'vitest';
import { appendCaseEvent } from '#renderer/db/case-events.ts';
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

/** A fetch that holds the outbox request whose first row is `first` until the test releases it. */
function steeredFetch(first: string, hold: Gate): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const head = url.endsWith('/sync/outbox') && typeof init?.body === 'string' ? (JSON.parse(init.body) as { rows: { doc: { id: string } }[] }).rows[0]?.doc.id : undefined;
    if (head === first) await hold.wait();
    return fetch(input, init);
  };
}

const event = (i: number) => ({
  id: `ooo-${i}`, caseId: `case-ooo-${i % 2}`, at: `2026-11-30T10:${String(i).padStart(2, '0')}:00+08:00`, actor: 'staff-zhangwei',
  kind: 'materials-received' as const, payload: { materials: [], complete: false },
});

describe('the outbox', () => {
  it('sends in write order, one batch at a time: while a batch is held, nothing written after it reaches the office', async () => {
    const office = await startOffice();
    offices.push(office);
    const device = await enrollDevice(office.url, 'in-order');
    const van = await openTestVan();
    for (let i = 0; i < 12; i++) await appendCaseEvent(van, device.deviceId, event(i));
    const second = gate();
    const sync = startSync(van, { officeUrl: office.url, deviceToken: device.token, deviceId: device.deviceId, fetch: steeredFetch('ooo-4', second), pushBatchSize: 4, retryBaseMs: 10, retryMaxMs: 50, live: false });
    try {
      await second.arrived;
      // The first batch [0..3] is stored and answered; [4..7] waits; [8..11] is not sent past it.
      expect((await office.storage.listDocuments('caseEvents')).map((d) => d.id).sort()).toEqual(['ooo-0', 'ooo-1', 'ooo-2', 'ooo-3']);
      await eventually(async () => (await countPending(van)).pendingDocuments === 8, 20_000, 'the first batch answered');
      expect(await isCaseSynced(van, 'case-ooo-0')).toBe(false);
      second.release();
      await sync.awaitInSync();
      expect((await office.storage.listDocuments('caseEvents')).length).toBe(12);
      expect((await countPending(van)).pendingDocuments).toBe(0);
      expect(await isCaseSynced(van, 'case-ooo-0')).toBe(true);
      expect(await isCaseSynced(van, 'case-ooo-1')).toBe(true);
      expect(sync.state().pushedDocuments).toBe(12);
    } finally {
      second.release();
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

  it('sends up to 100 documents in one POST /sync/outbox unless told otherwise', async () => {
    const office = await startOffice();
    offices.push(office);
    const device = await enrollDevice(office.url, 'batch-of-100');
    const van = await openTestVan();
    for (let i = 0; i < 230; i++) await appendCaseEvent(van, device.deviceId, { ...event(i % 60), id: `hundred-${i}`, at: `2026-11-30T${String(10 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00+08:00` });
    const sizes: number[] = [];
    const counting: typeof fetch = (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.endsWith('/sync/outbox') && typeof init?.body === 'string') sizes.push((JSON.parse(init.body) as { rows: unknown[] }).rows.length);
      return fetch(input, init);
    };
    const sync = startSync(van, { officeUrl: office.url, deviceToken: device.token, deviceId: device.deviceId, fetch: counting, retryBaseMs: 10, retryMaxMs: 50, live: false });
    try {
      await sync.awaitInSync();
      expect(sizes).toEqual([100, 100, 30]);
      expect((await office.storage.listDocuments('caseEvents')).length).toBe(230);
    } finally {
      await sync.stop();
      await van.close();
    }
  });
});
