import { afterAll, describe, expect, it } from 'vitest';
import { firstValueFrom, filter, timeout } from 'rxjs';
import { appendCaseEvent } from '#renderer/db/case-events.ts';
import { startSync } from '#renderer/db/sync-controller.ts';
import { formatReceiptNumber } from '#protocol/domain-bridge.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { enrollDevice, openTestVan, removeDir, startOffice, type RunningOffice } from '../sync/helpers.ts';
import { TcpProxy } from '../sync/tcp-proxy.ts';

let office: RunningOffice | undefined;
let proxy: TcpProxy | undefined;
afterAll(async () => {
  await proxy?.close();
  await office?.close();
  if (office) removeDir(office.dataDir);
});

describe('responses lost after the office committed', () => {
  it('lead to retries that store nothing twice', async () => {
    office = await startOffice();
    let pushResponses = 0;
    proxy = new TcpProxy({
      // Every other push answer is dropped after the office has committed and started replying.
      onServerData: (_chunk, conn) => (conn.lastRequestLine.startsWith('POST /api/v1/sync/') && ++pushResponses % 2 === 1 ? 'cut' : 'pass'),
    });
    await proxy.listen();
    proxy.upstreamPort = Number(new URL(office.url).port);
    const device = await enrollDevice(office.url, 'lossy');

    const van = await openTestVan();
    for (let i = 0; i < 40; i++) {
      await appendCaseEvent(van, device.deviceId, {
        id: `lost-${i}`, caseId: `case-${i % 4}`, at: `2026-11-30T10:${String(i).padStart(2, '0')}:00+08:00`, actor: 'staff-zhangwei',
        kind: 'materials-received', payload: { materials: [], complete: false },
      });
    }
    const block = { prefix: 'JMS2026-', first: 1001, last: 1200, width: 6 };
    for (let i = 0; i < 8; i++) {
      await van.receipts.insert({
        id: `lost-rc-${i}`, tripId: DEMO_TRIP_ID, caseId: `case-${i % 4}`, deviceId: device.deviceId, number: formatReceiptNumber(block, 1001 + i),
        amountFen: 8000, items: [], payer: '王秀英', issuedAt: '2026-11-30T11:00:00+08:00', issuedBy: 'staff-zhangwei',
      });
    }
    const sync = startSync(van, { officeUrl: proxy.url, deviceToken: device.token, deviceId: device.deviceId, retryBaseMs: 20, retryMaxMs: 200, pushBatchSize: 5, live: false });
    await firstValueFrom(sync.state$.pipe(filter((s) => s.pendingDocuments === 0 && s.lastSuccessAt !== null), timeout(60_000)));
    await sync.awaitInSync();

    expect(proxy.cuts).toBeGreaterThan(5);
    const events = (await office.storage.listDocuments('caseEvents')).filter((d) => d.deviceId === device.deviceId);
    expect(events.map((e) => e.id).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `lost-${i}`).sort());
    expect(await office.storage.countDeviceEvents(device.deviceId)).toBe(40);
    expect((await office.storage.listDocuments('receipts')).length).toBe(8);
    expect(await office.storage.chainStatus(device.deviceId)).toMatchObject({ state: 'ok', verifiedSeq: 40 });
    expect(sync.state().quarantined).toEqual([]);
    await sync.stop();
    await van.close();
  });
});
