import { randomBytes, createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { appendCaseEvent } from '#renderer/db/case-events.ts';
import { startSync } from '#renderer/db/sync-controller.ts';
import { ScanIndex } from '#electron/scans/scan-index.ts';
import { openScanStore } from './scan-helpers.ts';
import { ScanUploader } from '#electron/scans/scan-uploader.ts';
import { enrollVan } from '#electron/services/enrollment.ts';
import { API_BASE } from '#protocol/version.ts';
import { DEMO_ENROLL_CODE, DEMO_TRIP_ID, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { adminToken, openTestVan, removeDir, startOffice, type RunningOffice } from '../sync/helpers.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

let office: RunningOffice | undefined;
const vanDir = tempFolderForTests('revoked-van');
afterAll(async () => {
  await office?.close();
  if (office) removeDir(office.dataDir);
});

const at = (minute: number) => `2026-11-30T09:${String(minute).padStart(2, '0')}:00+08:00`;
const admin = async (path: string, body: unknown = {}) => {
  const res = await fetch(`${office!.url}${API_BASE}${path}`, { method: 'POST', headers: { authorization: `Bearer ${await adminToken(office!.url)}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as Record<string, unknown>;
};

describe('a van whose device the office revokes', () => {
  it('says so, keeps everything it has not pushed, and after enrolling again with a new code pushes it all once', async () => {
    office = await startOffice();
    const first = await enrollVan(office.url, DEMO_ENROLL_CODE, {});
    if (!first.ok) throw new Error(first.reason);
    const { deviceId, deviceToken } = first.config as { deviceId: string; deviceToken: string };
    const van = await openTestVan();
    const sync = startSync(van, { officeUrl: office.url, deviceToken, deviceId, retryBaseMs: 50, retryMaxMs: 300 });
    await sync.awaitOfficeData();
    await van.cases.insert({
      id: 'case-kept', tripId: DEMO_TRIP_ID, appointmentId: null, deviceId, businessKind: 'transfer', unitIds: [],
      applicants: [{ name: '王秀英', idType: 'resident-id', idNumber: '230803194501012345', side: 'holder' }], createdAt: at(1), createdBy: 'staff-zhangwei',
    });
    await appendCaseEvent(van, deviceId, { id: 'ev-1', caseId: 'case-kept', kind: 'materials-received', at: at(2), actor: 'staff-zhangwei', payload: { materials: [], complete: false } });
    await sync.awaitInSync();
    expect(sync.state().pendingDocuments).toBe(0);

    expect(await admin(`/admin/devices/${deviceId}/revoke`)).toMatchObject({ revoked: true });
    // Work goes on while the office refuses the device: two events, a receipt and a scan with its file.
    await appendCaseEvent(van, deviceId, { id: 'ev-2', caseId: 'case-kept', kind: 'materials-received', at: at(3), actor: 'staff-zhangwei', payload: { materials: [], complete: true } });
    await van.receipts.insert({
      id: 'rc-kept', tripId: DEMO_TRIP_ID, caseId: 'case-kept', deviceId, number: 'JMS2026-001001', amountFen: 8000,
      items: [{ code: 'registration-residential', label: '登记费', amountFen: 8000 }], payer: '王秀英', issuedAt: at(4), issuedBy: 'staff-zhangwei',
    });
    const bytes = randomBytes(4096);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await van.scans.insert({ id: 'scan-kept', caseId: 'case-kept', deviceId, sha256, bytes: bytes.length, mime: 'application/pdf', pages: 1, material: { name: '申请书', original: true, copies: 1 }, createdAt: at(5) });
    const store = openScanStore(join(vanDir(), 'scans'));
    await store.put(bytes);
    const uploader = new ScanUploader({ store, officeUrl: office.url, deviceToken, urls: await ScanIndex.open(join(vanDir(), 'uploads.json')), retryBaseMs: 50, retryMaxMs: 300 });
    const refusedUploads: string[] = [];
    uploader.on('retry', (r) => refusedUploads.push(r.error));
    const uploading = uploader.upload({ sha256, mime: 'application/pdf', caseId: 'case-kept' });

    const revoked = await firstValueFrom(sync.state$.pipe(filter((s) => s.status === 'revoked'), timeout(20_000)));
    expect(revoked.lastError).toMatchObject({ code: 'device-revoked' });
    expect(revoked.lastError?.officeMessage).toContain('本设备已被办公室停用');
    await firstValueFrom(sync.state$.pipe(filter((s) => s.pendingDocuments === 3), timeout(20_000)));
    expect(sync.state().quarantined).toEqual([]);
    expect(sync.state().heldBack).toEqual([]);
    await sync.stop();

    // A new code from the office; the van proves it is that device with its old token and keeps its id.
    const code = String((await admin('/admin/enroll-codes', { vanId: DEMO_VAN_ID }))['code']);
    const again = await enrollVan(office.url, code, first.config, fetch, { again: true });
    if (!again.ok) throw new Error(again.reason);
    expect(again.config.deviceId).toBe(deviceId);
    uploader.setDeviceToken(again.config.deviceToken!);
    // The office takes the file only once the scan's document has arrived: the sync pushes it, the upload follows.
    const resumed = startSync(van, { officeUrl: office.url, deviceToken: again.config.deviceToken!, deviceId, retryBaseMs: 50, retryMaxMs: 300 });
    await uploading;
    expect(refusedUploads.length).toBeGreaterThan(0);

    await resumed.awaitOfficeData();
    await resumed.awaitInSync();
    await firstValueFrom(resumed.state$.pipe(filter((s) => s.pendingDocuments === 0 && s.pendingScans === 0), timeout(20_000)));
    const ids = async (c: 'caseEvents' | 'receipts' | 'scans' | 'cases') => (await office!.storage.listDocuments(c)).map((d) => d.id).sort();
    expect(await ids('cases')).toEqual(['case-kept']);
    expect(await ids('caseEvents')).toEqual(['ev-1', 'ev-2']);
    expect(await ids('receipts')).toEqual(['rc-kept']);
    expect(await ids('scans')).toEqual(['scan-kept']);
    expect(await office.storage.scanBlob(sha256)).toBeDefined();
    await resumed.report();
    expect(resumed.state().chain).toMatchObject({ state: 'ok', verifiedSeq: 2 });
    await resumed.stop();
    await van.close();
  }, 90_000);
});
