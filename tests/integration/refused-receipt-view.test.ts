import { afterAll, describe, expect, it } from 'vitest';
import { appendCaseEvent } from '#renderer/db/case-events.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { type SyncController, startSync } from '#renderer/db/sync-controller.ts';
import { unsentForBundle } from '#renderer/db/bundle-rows.ts';
import { openOfficeBundle, sealVanBundle } from '#electron/bundles/van-bundle.ts';
import { importVanBundle } from '#server/bundles/import-bundle.ts';
import { writeAnswerBundle } from '#server/bundles/answer-bundle.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { enrollDevice, eventually, openTestVan, removeDir, startOffice, type RunningOffice } from '../sync/helpers.ts';
import { TcpProxy } from '../sync/tcp-proxy.ts';

let office: RunningOffice | undefined;
let proxy: TcpProxy | undefined;
let van: VanDatabase | undefined;
let sync: SyncController | undefined;
afterAll(async () => {
  await sync?.stop();
  await van?.close();
  await proxy?.close();
  await office?.close();
  if (office) removeDir(office.dataDir);
});

/**
 * A 收费 naming its trip is the van's only record of a charge; the office keeps its receipt as a view of it and
 * answers a refused view with the event (protocol 20). Here the first answer is lost after the office committed.
 */
describe('a receipt view the office refused, its first answer lost', () => {
  let device: { deviceId: string; token: string; grants: { first: number; last: number }[] };
  const receiptId = () => `${DEMO_TRIP_ID}:${device.deviceId}:JMS2026-001051`;
  const reason = '票据号 JMS2026-001051 不在办公室分配给本机的号段内';

  it('reaches the van on the resend: the receipt is shown refused while the charge stands', { timeout: 120_000 }, async () => {
    office = await startOffice();
    let outboxAnswers = 0;
    proxy = new TcpProxy({
      // The first outbox answer is dropped after the office has committed and started replying.
      onServerData: (_chunk, conn) => (conn.lastRequestLine.startsWith('POST /api/v1/sync/outbox') && ++outboxAnswers === 1 ? 'cut' : 'pass'),
    });
    await proxy.listen();
    proxy.upstreamPort = Number(new URL(office.url).port);
    device = await enrollDevice(office.url, 'lost-refusal');
    // The device holds 1001–1050; 1051 is the trip's, but not this device's.
    expect(device.grants).toEqual([{ first: 1001, last: 1050 }]);

    van = await openTestVan();
    await appendCaseEvent(van, device.deviceId, {
      id: 'case-lost:fee', caseId: 'case-lost', at: '2026-11-30T10:00:00+08:00', actor: 'staff-zhangwei', kind: 'fee-charged',
      payload: { receiptCode: 'JMS2026-', receiptNumber: 'JMS2026-001051', payer: '王秀英', items: [{ name: '登记费（住宅）', amountFen: 8000 }], totalFen: 8000, rules: 'gb-2016-2559@1', method: 'cash', tripId: DEMO_TRIP_ID },
    });
    sync = startSync(van, { officeUrl: proxy.url, deviceToken: device.token, deviceId: device.deviceId, retryBaseMs: 20, retryMaxMs: 200, live: false });
    await sync.awaitInSync();

    expect(proxy.cuts).toBe(1);
    expect(outboxAnswers).toBeGreaterThan(1);
    // The charge is at the office once; its receipt is not, and the van knows why.
    expect((await office.storage.listDocuments('caseEvents')).map((d) => d.id)).toEqual(['case-lost:fee']);
    expect(await office.storage.listDocuments('receipts')).toEqual([]);
    expect(sync.state().quarantined).toEqual([expect.objectContaining({ collection: 'receipts', docId: receiptId(), code: 'receipt-outside-grant', reason })]);
    expect(sync.state().pendingDocuments).toBe(0);
  });

  it('重试 sends the charge again and answers in the office’s words: refused still, then kept once the number is granted', { timeout: 60_000 }, async () => {
    if (!sync || !office) throw new Error('the first test did not run');
    expect(await sync.retryQuarantined()).toEqual({ ok: true, answers: [{ collection: 'receipts', docId: receiptId(), taken: false, code: 'receipt-outside-grant', reason }] });
    expect(sync.state().quarantined).toHaveLength(1);

    // The office grants this device the next run (1051–1100): the cause is gone.
    expect(await sync.requestReceiptNumbers(DEMO_TRIP_ID)).toBeNull();
    expect(await sync.retryQuarantined()).toEqual({ ok: true, answers: [{ collection: 'receipts', docId: receiptId(), taken: true }] });
    await eventually(() => sync?.state().quarantined.length === 0, 20_000, 'the refusal cleared');
    expect((await office.storage.listDocuments('receipts')).map((d) => d.id)).toEqual([receiptId()]);
    // Nothing left to send again, and nothing doubled.
    expect(await sync.retryQuarantined()).toEqual({ ok: true, answers: [] });
    expect((await office.storage.listDocuments('caseEvents')).map((d) => d.id)).toEqual(['case-lost:fee']);
    expect(await office.storage.listDocuments('receipts')).toHaveLength(1);
  });

  it('reaches a van with no link through the office’s answer bundle (USB), as a live answer does', { timeout: 60_000 }, async () => {
    if (!office) throw new Error('the first test did not run');
    // RxDB's open core holds 16 collections in a process: the first van goes before this one opens.
    await sync?.stop();
    await van?.close();
    sync = undefined;
    van = undefined;
    const ctx = office.app.office;
    const usb = await enrollDevice(office.url, 'usb-refusal');
    const db = await openTestVan();
    try {
      // Outside this device's run (it holds the next free one; 1051 is the first device's).
      await appendCaseEvent(db, usb.deviceId, {
        id: 'case-usb:fee', caseId: 'case-usb', at: '2026-11-30T11:00:00+08:00', actor: 'staff-zhangwei', kind: 'fee-charged',
        payload: { receiptCode: 'JMS2026-', receiptNumber: 'JMS2026-001051', payer: '王秀英', items: [{ name: '登记费（住宅）', amountFen: 8000 }], totalFen: 8000, rules: 'gb-2016-2559@1', method: 'cash', tripId: DEMO_TRIP_ID },
      });
      const sealed = await sealVanBundle({ deviceId: usb.deviceId, deviceToken: usb.token, ...(await unsentForBundle(db)), readScan: () => Promise.reject(new Error('no scans')), now: new Date() });
      const imported = await importVanBundle(ctx, sealed.bytes);
      if (!imported.ok) throw new Error(imported.reason);
      const viewId = `${DEMO_TRIP_ID}:${usb.deviceId}:JMS2026-001051`;
      expect(imported.result).toMatchObject({ stored: 1, refused: [{ collection: 'receipts', id: viewId, code: 'receipt-outside-grant' }] });
      const answer = await writeAnswerBundle(ctx, usb.deviceId, { bundleId: imported.result.bundleId, refused: imported.result.refused });
      if (!answer.ok) throw new Error(answer.reason);
      const opened = await openOfficeBundle(answer.bytes, usb.deviceId, usb.token);
      if (!opened.ok) throw new Error(opened.reason);

      const offline = startSync(db, { officeUrl: office.url, fetch: () => Promise.reject(new TypeError('fetch failed')), deviceToken: usb.token, deviceId: usb.deviceId, retryBaseMs: 50, retryMaxMs: 300 });
      try {
        expect(await offline.takeAnswer(opened.manifest)).toMatchObject({ accepted: 1, refused: 1 });
        expect((await db.syncQuarantine.find().exec()).map((q) => [q.sourceCollection, q.docId, q.code])).toEqual([['receipts', viewId, 'receipt-outside-grant']]);
        expect(offline.state().pendingDocuments).toBe(0);
      } finally {
        await offline.stop();
      }
    } finally {
      await db.close();
    }
  });
});
