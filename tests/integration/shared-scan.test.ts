import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isCaseSynced } from '#renderer/db/pending.ts';
import { startSync } from '#renderer/db/sync-controller.ts';
import { ScanIndex } from '#electron/scans/scan-index.ts';
import { openScanStore } from './scan-helpers.ts';
import { ONE_REQUEST_MAX_BYTES, ScanUploader } from '#electron/scans/scan-uploader.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { declareScan, enrollDevice, eventually, openTestVan, removeDir, startOffice, type RunningOffice } from '../sync/helpers.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

let office: RunningOffice | undefined;
const vanDir = tempFolderForTests('shared-scan');
afterAll(async () => {
  await office?.close();
  if (office) removeDir(office.dataDir);
});

const at = (minute: number) => `2026-11-30T09:${String(minute).padStart(2, '0')}:00+08:00`;

describe('a device that scans a file another device already uploaded', () => {
  it('sees its case synced: it never uploads the bytes the office holds, and still gets the acknowledgement', async () => {
    office = await startOffice();
    const file = randomBytes(ONE_REQUEST_MAX_BYTES + 4096); // large: a device asks first and sends only what the office lacks
    const sha256 = createHash('sha256').update(file).digest('hex');

    // A device of another van declares and uploads the file first.
    const first = await enrollDevice(office.url, 'B1', 'van-2');
    await declareScan(office.url, first, sha256, file.length);
    const firstStore = openScanStore(join(vanDir(), 'B1'));
    await firstStore.put(file);
    await new ScanUploader({ store: firstStore, officeUrl: office.url, deviceToken: first.token, urls: await ScanIndex.open(join(vanDir(), 'B1.json')) }).upload({ sha256, mime: 'application/pdf', caseId: 'case-B1' });

    // The second device is a whole van: its database, its sync, its uploader.
    const { deviceId, token } = await enrollDevice(office.url, 'A2');
    const van = await openTestVan();
    const sync = startSync(van, { officeUrl: office.url, deviceToken: token, deviceId, retryBaseMs: 50, retryMaxMs: 300 });
    await sync.awaitOfficeData();
    await van.cases.insert({
      id: 'case-A2', tripId: DEMO_TRIP_ID, appointmentId: null, deviceId, businessKind: 'transfer', unitIds: [],
      applicants: [{ name: '王秀英', idType: 'resident-id', idNumber: '230803194501012345', side: 'holder' }], createdAt: at(1), createdBy: 'staff-zhangwei',
    });
    await van.scans.insert({ id: 'scan-A2', caseId: 'case-A2', deviceId, sha256, bytes: file.length, mime: 'application/pdf', pages: 1, material: { name: '申请书', original: true, copies: 1 }, createdAt: at(2) });
    const store = openScanStore(join(vanDir(), 'A2'));
    await store.put(file);
    const uploader = new ScanUploader({ store, officeUrl: office.url, deviceToken: token, urls: await ScanIndex.open(join(vanDir(), 'A2.json')), retryBaseMs: 50, retryMaxMs: 300 });
    let sent = 0;
    uploader.on('progress', ({ bytesSent }) => (sent = bytesSent));
    await uploader.upload({ sha256, mime: 'application/pdf', caseId: 'case-A2' });
    expect(sent).toBe(0);
    await eventually(() => isCaseSynced(van, 'case-A2'), 20_000, 'the case synced');
    expect(await van.scanAcks.findOne(sha256).exec()).not.toBeNull();
    expect((await office.storage.scanBlob(sha256))?.deviceId).toBe(first.deviceId);

    await sync.stop();
    await van.close();
  }, 90_000);
});
