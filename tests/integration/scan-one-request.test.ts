import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ONE_REQUEST_MAX_BYTES, ScanUploader } from '#electron/scans/scan-uploader.ts';
import { ScanIndex } from '#electron/scans/scan-index.ts';
import { type ScanStore } from '#electron/scans/scan-store.ts';
import { openScanStore } from './scan-helpers.ts';
import { declareScan, enrollDevice, removeDir, startOffice, type RunningOffice } from '../sync/helpers.ts';
import { TcpProxy } from '../sync/tcp-proxy.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

let office: RunningOffice;
let device: { deviceId: string; token: string };
const vanDir = tempFolderForTests('van-small-scans');
let store: ScanStore;
const uploadsLeft = () => readdirSync(join(office.dataDir, 'uploads'));

beforeAll(async () => {
  store = openScanStore(join(vanDir(), 'scans'));
  office = await startOffice();
  device = await enrollDevice(office.url, 'small-scans');
});
afterAll(async () => {
  await office.close();
  removeDir(office.dataDir);
});

describe('small scans (one request each)', () => {
  it('are verified and stored under their hash, leaving nothing in the upload folder', async () => {
    const file = randomBytes(300 * 1024);
    const stored = await store.put(file);
    await declareScan(office.url, device, stored.sha256, file.length);
    const uploader = new ScanUploader({ store, officeUrl: office.url, deviceToken: device.token, urls: await ScanIndex.open(join(vanDir(), 'a.json')) });
    await uploader.upload({ sha256: stored.sha256, mime: 'application/pdf', caseId: 'case-1' });
    const blob = await office.storage.scanBlob(stored.sha256);
    expect(blob?.bytes).toBe(file.length);
    expect(readFileSync(blob!.path).equals(file)).toBe(true);
    expect(await office.storage.getDocument('scanAcks', stored.sha256)).toBeDefined();
    expect(uploadsLeft()).toEqual([]);
  });

  it('sent again (the van did not hear the answer) are answered as verified and kept once', async () => {
    const stored = await store.put(randomBytes(200 * 1024));
    const meta = { sha256: stored.sha256, mime: 'application/pdf', caseId: 'case-2' };
    await declareScan(office.url, device, stored.sha256, 200 * 1024);
    await new ScanUploader({ store, officeUrl: office.url, deviceToken: device.token, urls: await ScanIndex.open(join(vanDir(), 'b1.json')) }).upload(meta);
    const first = await office.storage.getDocument('scanAcks', stored.sha256);
    await new ScanUploader({ store, officeUrl: office.url, deviceToken: device.token, urls: await ScanIndex.open(join(vanDir(), 'b2.json')) }).upload(meta);
    expect((await office.storage.getDocument('scanAcks', stored.sha256))?.seq).toBe(first?.seq);
    expect(uploadsLeft()).toEqual([]);
  });

  it('started before their record reached the office wait on a short schedule (not the long backoff), then go', async () => {
    const file = randomBytes(100 * 1024);
    const stored = await store.put(file);
    // The default backoff (1 s doubling to 60 s) is left as it is: the wait for the record must not use it.
    const uploader = new ScanUploader({ store, officeUrl: office.url, deviceToken: device.token, urls: await ScanIndex.open(join(vanDir(), 'd.json')) });
    const delays: { delayMs: number; error: string }[] = [];
    uploader.on('retry', ({ delayMs, error }) => delays.push({ delayMs, error }));
    const done = uploader.upload({ sha256: stored.sha256, mime: 'application/pdf', caseId: 'case-4' });
    while (delays.length < 3) await new Promise((r) => setTimeout(r, 20));
    await declareScan(office.url, device, stored.sha256, file.length);
    await done;
    // 100, 200, 400 ms …: the schedule of a record on its way, capped at 2 s.
    expect(delays.slice(0, 3).map((d) => d.delayMs)).toEqual([100, 200, 400]);
    expect(delays.every((d) => d.delayMs <= 2000)).toBe(true);
    expect((await office.storage.scanBlob(stored.sha256))?.bytes).toBe(file.length);
  });

  it('cut mid-request are sent again whole, and the cut copy is deleted', async () => {
    const file = randomBytes(ONE_REQUEST_MAX_BYTES);
    const stored = await store.put(file);
    let cutsLeft = 2;
    const proxy = new TcpProxy({
      onClientData: (_chunk, conn) => (conn.lastRequestLine.startsWith('POST') && conn.clientBytes > file.length / 2 && cutsLeft-- > 0 ? 'cut' : 'pass'),
    });
    await proxy.listen();
    proxy.upstreamPort = Number(new URL(office.url).port);
    await declareScan(office.url, device, stored.sha256, file.length);
    const uploader = new ScanUploader({ store, officeUrl: proxy.url, deviceToken: device.token, urls: await ScanIndex.open(join(vanDir(), 'c.json')), retryBaseMs: 20, retryMaxMs: 100 });
    let retries = 0;
    uploader.on('retry', () => retries++);
    await uploader.upload({ sha256: stored.sha256, mime: 'application/pdf', caseId: 'case-3' });
    await proxy.close();
    expect(proxy.cuts).toBe(2);
    expect(retries).toBeGreaterThanOrEqual(2);
    expect((await office.storage.scanBlob(stored.sha256))?.bytes).toBe(file.length);
    // The office notices the cut connection a moment later; its partial copy goes then.
    for (let i = 0; i < 50 && uploadsLeft().length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(uploadsLeft()).toEqual([]);
  });
});
