import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanRefusedError, ScanUploader } from '#electron/scans/scan-uploader.ts';
import { ScanIndex } from '#electron/scans/scan-index.ts';
import { sealScan } from '#electron/scans/scan-store.ts';
import { type ScanStore } from '#electron/scans/scan-store.ts';
import { openScanStore } from './scan-helpers.ts';
import { declareScan, enrollDevice, removeDir, startOffice, tempDir, type RunningOffice } from '../sync/helpers.ts';
import { TcpProxy } from '../sync/tcp-proxy.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const MB = 1024 * 1024;
let office: RunningOffice;
let device: { deviceId: string; token: string };
const vanDir = tempFolderForTests('van-scans');
const vanKey = randomBytes(32);
let store: ScanStore;

beforeAll(async () => {
  store = openScanStore(join(vanDir(), 'scans'), vanKey);
  office = await startOffice();
  device = await enrollDevice(office.url, 'scanner');
});
afterAll(async () => {
  await office.close();
  removeDir(office.dataDir);
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('scan uploads', () => {
  it('resume where they stopped when a proxy cuts the connection, re-sending under 10% of the file', async () => {
    const file = randomBytes(12 * MB);
    const stored = await store.put(file);
    await declareScan(office.url, device, stored.sha256, file.length);
    let cutsLeft = 4;
    const proxy = new TcpProxy({
      onClientData: (_chunk, conn) => (conn.lastRequestLine.startsWith('PATCH') && conn.clientBytes > 2 * MB && cutsLeft-- > 0 ? 'cut' : 'pass'),
    });
    await proxy.listen();
    proxy.upstreamPort = Number(new URL(office.url).port);
    const uploader = new ScanUploader({ store, officeUrl: proxy.url, deviceToken: device.token, urls: await ScanIndex.open(join(vanDir(), 'uploads.json')), retryBaseMs: 20, retryMaxMs: 200 });
    let retries = 0;
    uploader.on('retry', () => retries++);
    await uploader.upload({ sha256: stored.sha256, mime: 'application/pdf', caseId: 'case-1' });
    await proxy.close();

    expect(proxy.cuts).toBe(4);
    expect(retries).toBeGreaterThanOrEqual(4);
    const resent = proxy.clientBytesTotal - file.length;
    expect(resent / file.length).toBeLessThan(0.1);
    const blob = await office.storage.scanBlob(stored.sha256);
    expect(blob?.bytes).toBe(file.length);
    expect(sha(readFileSync(blob!.path))).toBe(stored.sha256);
    expect(await office.storage.getDocument('scanAcks', stored.sha256)).toBeDefined();
    const direct = new ScanUploader({ store, officeUrl: office.url, deviceToken: device.token, urls: await ScanIndex.open(join(vanDir(), 'direct.json')) });
    expect(await direct.isVerified(stored.sha256)).toBe(true);
  });

  it('resume after the app restarts, from the upload URL kept on disk', async () => {
    const file = randomBytes(8 * MB);
    const stored = await store.put(file);
    await declareScan(office.url, device, stored.sha256, file.length);
    // Past half the file the link goes silent, so the upload cannot finish before the app "quits" (the
    // abort); the office keeps what it received.
    let stalls = 0;
    const stop = new AbortController();
    const proxy = new TcpProxy({
      onClientData: (chunk, conn) => {
        if (!conn.lastRequestLine.startsWith('PATCH') || conn.clientBytes + chunk.length <= file.length / 2 + 64 * 1024) return 'pass';
        stalls++;
        setImmediate(() => stop.abort());
        return 'stall';
      },
    });
    await proxy.listen();
    proxy.upstreamPort = Number(new URL(office.url).port);
    const stateFile = join(vanDir(), 'restart.json');
    const first = new ScanUploader({ store, officeUrl: proxy.url, deviceToken: device.token, urls: await ScanIndex.open(stateFile), retryBaseMs: 20 });
    await expect(first.upload({ sha256: stored.sha256, mime: 'application/pdf', caseId: 'case-2' }, stop.signal)).rejects.toThrow('upload aborted');
    expect(stalls).toBe(1);
    expect(proxy.clientBytesTotal).toBeGreaterThan(file.length / 2);
    expect(proxy.clientBytesTotal).toBeLessThan(file.length);
    expect(await office.storage.scanBlob(stored.sha256)).toBeUndefined();
    const sentBeforeQuit = proxy.clientBytesTotal;

    const second = new ScanUploader({ store, officeUrl: proxy.url, deviceToken: device.token, urls: await ScanIndex.open(stateFile), retryBaseMs: 20 });
    await second.upload({ sha256: stored.sha256, mime: 'application/pdf', caseId: 'case-2' });
    await proxy.close();
    // The second run sent only what the office lacked (plus request overhead), not the file again.
    expect(proxy.clientBytesTotal - sentBeforeQuit).toBeLessThan(file.length - sentBeforeQuit + file.length * 0.1);
    expect(proxy.clientBytesTotal).toBeLessThan(file.length * 1.1);
    expect((await office.storage.scanBlob(stored.sha256))?.bytes).toBe(file.length);
  });

  it('are refused when the bytes do not match the declared hash, and nothing is acknowledged', async () => {
    const good = randomBytes(256 * 1024);
    const stored = await store.put(good);
    await declareScan(office.url, device, stored.sha256, good.length);
    // Other bytes sealed under the file's name (a bug that named content wrongly): they open, and the office must refuse them.
    writeFileSync(stored.path, sealScan(vanKey, stored.sha256, randomBytes(256 * 1024)));
    const uploader = new ScanUploader({ store, officeUrl: office.url, deviceToken: device.token, urls: await ScanIndex.open(join(vanDir(), 'bad.json')), retryBaseMs: 20 });
    await expect(uploader.upload({ sha256: stored.sha256, mime: 'application/pdf', caseId: 'case-3' })).rejects.toBeInstanceOf(ScanRefusedError);
    expect(await office.storage.scanBlob(stored.sha256)).toBeUndefined();
    expect(await office.storage.getDocument('scanAcks', stored.sha256)).toBeUndefined();
    expect((await office.storage.listIncidents(10)).some((i) => i.code === 'scan-hash-mismatch')).toBe(true);
  });

  it('are refused on the van, sending nothing, when the file on disk is damaged', async () => {
    const stored = await store.put(randomBytes(64 * 1024));
    await declareScan(office.url, device, stored.sha256, 64 * 1024);
    const sealed = readFileSync(stored.path);
    sealed[100] = sealed[100]! ^ 1;
    writeFileSync(stored.path, sealed);
    const uploader = new ScanUploader({ store, officeUrl: office.url, deviceToken: device.token, urls: await ScanIndex.open(join(vanDir(), 'rot.json')), retryBaseMs: 20 });
    const refused = uploader.upload({ sha256: stored.sha256, mime: 'application/pdf', caseId: 'case-3b' });
    await expect(refused).rejects.toBeInstanceOf(ScanRefusedError);
    await expect(refused).rejects.toThrow('无法用本机密钥打开');
    expect(await office.storage.scanBlob(stored.sha256)).toBeUndefined();
  });

  it('refuse an unknown device', async () => {
    const stored = await store.put(randomBytes(1024));
    const uploader = new ScanUploader({ store, officeUrl: office.url, deviceToken: 'nope', urls: await ScanIndex.open(join(vanDir(), 'nope.json')), retryBaseMs: 20 });
    await expect(uploader.isVerified(stored.sha256)).rejects.toThrow('401');
  });
});

describe('the scan store', () => {
  it('names files by content, stores the same content once, and keeps them encrypted', async () => {
    const dir = tempDir('scan-store');
    try {
      const key = randomBytes(32);
      const s = openScanStore(dir, key);
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(4096)]);
      const a = await s.put(pdf);
      const again = await s.put(pdf);
      expect(again.path).toBe(a.path);
      expect(a.sha256).toBe(sha(pdf));
      expect((await s.read(a.sha256)).equals(pdf)).toBe(true);
      // On disk: no PDF header, no byte run of the content, and another key opens nothing.
      const raw = readFileSync(a.path);
      expect(raw.includes(Buffer.from('%PDF'))).toBe(false);
      expect(raw.includes(pdf.subarray(100, 132))).toBe(false);
      expect(raw.length).toBe(pdf.length + 32);
      await expect(openScanStore(dir).read(a.sha256)).rejects.toThrow('无法用本机密钥打开');
    } finally {
      removeDir(dir);
    }
  });
});
