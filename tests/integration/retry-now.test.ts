import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { type VanApi } from '#electron/ipc/contract.ts';
import { retryNow, retryWhenOnline } from '#renderer/app/retry-now.ts';
import { type SyncController, startSync } from '#renderer/db/sync-controller.ts';
import { ScanUploader } from '#electron/scans/scan-uploader.ts';
import { ScanIndex } from '#electron/scans/scan-index.ts';
import { openScanStore } from './scan-helpers.ts';
import { declareScan, enrollDevice, eventually, openTestVan, removeDir, startOffice, writeCaseHeader, type RunningOffice } from '../sync/helpers.ts';
import { TcpProxy } from '../sync/tcp-proxy.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

/**
 * A backoff of ten minutes: were `retryNow` not to end the waits, nothing would reach the office within the test's
 * time. The link is a proxy that drops every connection while it is "down".
 */
const LONG_MS = 600_000;

type ScansWake = Pick<VanApi, 'scansRetryNow'>;

let office: RunningOffice;
let proxy: TcpProxy;
let down = true;
const vanDir = tempFolderForTests('retry-now');

beforeAll(async () => {
  office = await startOffice();
  proxy = new TcpProxy({ onClientData: () => (down ? 'cut' : 'pass') });
  await proxy.listen();
  proxy.upstreamPort = Number(new URL(office.url).port);
});
afterAll(async () => {
  await proxy.close();
  await office.close();
  removeDir(office.dataDir);
});

describe('when staff know the link is back (立即重试, or the system says it is online)', () => {
  // The screen's button and the laptop's `online` event, each through the function main.tsx wires.
  const wakes = {
    'staff press 立即重试': (sync: SyncController, van: ScansWake) => retryNow(sync, van),
    'the laptop says it is back online': (sync: SyncController, van: ScansWake) => {
      const laptop = new EventTarget();
      const stop = retryWhenOnline(laptop, sync, van);
      laptop.dispatchEvent(new Event('online'));
      stop();
      laptop.dispatchEvent(new Event('online')); // heard no more
    },
  };
  it.each(Object.keys(wakes) as (keyof typeof wakes)[])('when %s, the van’s documents go at once, not after the backoff, and the scans are woken too', async (how) => {
    const device = await enrollDevice(office.url, `retry-now-${how.length}`);
    const van = await openTestVan();
    down = true;
    const sync = startSync(van, { officeUrl: proxy.url, deviceToken: device.token, deviceId: device.deviceId, retryBaseMs: LONG_MS, retryMaxMs: LONG_MS });
    try {
      const caseId = `case-retry-now-${how.length}`;
      await writeCaseHeader(van, device.deviceId, caseId);
      await firstValueFrom(sync.state$.pipe(filter((s) => s.status === 'offline' && s.pendingDocuments === 1), timeout(20_000)));

      down = false;
      let scansWoken = 0;
      wakes[how](sync, { scansRetryNow: () => Promise.resolve({ ok: true as const, value: { done: true as const } }).finally(() => scansWoken++) });
      await sync.awaitInSync();
      // The wake also reconnects the change streams, whose first pulls may still be running (status syncing).
      const settled = await firstValueFrom(sync.state$.pipe(filter((s) => s.status === 'in-sync'), timeout(20_000)));
      expect(settled).toMatchObject({ pendingDocuments: 0, lastError: null });
      expect(await office.storage.getDocument('cases', caseId)).toBeDefined();
      expect(scansWoken).toBe(1);
    } finally {
      await sync.stop();
      await van.close();
    }
  }, 60_000);

  it('a scan waiting out its backoff goes at once, its schedule started over', async () => {
    const device = await enrollDevice(office.url, 'retry-now-scans');
    const store = openScanStore(join(vanDir(), 'scans'));
    const file = randomBytes(64 * 1024);
    const stored = await store.put(file);
    await declareScan(office.url, device, stored.sha256, file.length);
    const uploader = new ScanUploader({ store, officeUrl: proxy.url, deviceToken: device.token, urls: await ScanIndex.open(join(vanDir(), 'index.json')), retryBaseMs: LONG_MS, retryMaxMs: LONG_MS });
    const retries: number[] = [];
    uploader.on('retry', ({ delayMs }) => retries.push(delayMs));

    down = true;
    const uploading = uploader.upload({ sha256: stored.sha256, mime: 'application/pdf', caseId: `${device.deviceId}-case` });
    await eventually(() => retries.length === 1, 20_000, 'the first failed try');
    expect(retries[0]).toBeGreaterThanOrEqual(LONG_MS / 2);

    down = false;
    uploader.retryNow();
    await uploading;
    expect((await office.storage.scanBlob(stored.sha256))?.bytes).toBe(file.length);
    expect(retries).toHaveLength(1);
  }, 60_000);
});
