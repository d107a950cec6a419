import { randomBytes, createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filter, firstValueFrom, timeout, type Observable } from 'rxjs';
import { appendCaseEvent } from '#renderer/db/case-events.ts';
import { OfficeClient } from '#renderer/db/office-client.ts';
import { type WipeProgress, wipeOnOrder } from '#renderer/db/remote-wipe.ts';
import { startSync } from '#renderer/db/sync-controller.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { ScanIndex } from '#electron/scans/scan-index.ts';
import { openScanStore } from './scan-helpers.ts';
import { ScanUploader } from '#electron/scans/scan-uploader.ts';
import { eraseDataFolder } from '#electron/services/data-folder.ts';
import { enrollVan } from '#electron/services/enrollment.ts';
import { API_BASE } from '#protocol/version.ts';
import { type DeviceStatus } from '#protocol/messages.ts';
import { DEMO_TRIP_ID, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { adminToken, openTestVan, protocolHeaders, removeDir, startOffice, tempDir, type RunningOffice } from '../sync/helpers.ts';

let office: RunningOffice | undefined;
const dirs: string[] = [];
afterAll(async () => {
  await office?.close();
  if (office) removeDir(office.dataDir);
  dirs.forEach(removeDir);
});

const at = (minute: number) => `2026-11-30T09:${String(minute).padStart(2, '0')}:00+08:00`;
const admin = async (path: string, method = 'POST', body: unknown = {}) => {
  const res = await fetch(`${office!.url}${API_BASE}${path}`, { method, headers: { authorization: `Bearer ${await adminToken(office!.url)}`, 'content-type': 'application/json' }, body: method === 'POST' ? JSON.stringify(body) : undefined });
  return { status: res.status, body: (await res.json()) as unknown };
};
const newCode = async () => String(((await admin('/admin/enroll-codes', 'POST', { vanId: DEMO_VAN_ID })).body as { code: string }).code);
const statusOf = async (deviceId: string) => ((await admin('/admin/devices', 'GET')).body as DeviceStatus[]).find((d) => d.deviceId === deviceId);
const phase = (p$: Observable<WipeProgress | null>, want: WipeProgress['phase']) =>
  firstValueFrom(p$.pipe(filter((p): p is WipeProgress => p?.phase === want), timeout(30_000)));

/** An enrolled van with a data folder as the main side keeps it: config with the token, scans, an archived notice. */
async function enrolledVan(name: string) {
  const enrolled = await enrollVan(office!.url, await newCode(), {});
  if (!enrolled.ok) throw new Error(enrolled.reason);
  const { deviceId, deviceToken } = enrolled.config as { deviceId: string; deviceToken: string };
  const dataDir = tempDir(`wipe-${name}`);
  dirs.push(dataDir);
  writeFileSync(join(dataDir, 'van-config.json'), JSON.stringify(enrolled.config));
  mkdirSync(join(dataDir, 'documents', 'case-lost'), { recursive: true });
  writeFileSync(join(dataDir, 'documents', 'case-lost', 'notice.pdf'), '%PDF-1.7');
  mkdirSync(join(dataDir, 'browser-profile'));
  const db = await openTestVan();
  return { deviceId, deviceToken, dataDir, db };
}

async function writeCase(db: VanDatabase, deviceId: string, id: string) {
  await db.cases.insert({
    id, tripId: DEMO_TRIP_ID, appointmentId: null, deviceId, businessKind: 'transfer', unitIds: [],
    applicants: [{ name: '王秀英', idType: 'resident-id', idNumber: '230803194501012345', side: 'holder' }], createdAt: at(1), createdBy: 'staff-zhangwei',
  });
  await appendCaseEvent(db, deviceId, { id: `${id}-ev-1`, caseId: id, kind: 'materials-received', at: at(2), actor: 'staff-zhangwei', payload: { materials: [], complete: false } });
}

describe('a lost van the office orders wiped', () => {
  it('stops getting data, pushes everything it holds, waits for a refused record until the office abandons it, then erases and the office sees when', async () => {
    office = await startOffice();
    const van = await enrolledVan('lost');
    const { db, deviceId, deviceToken, dataDir } = van;
    const sync = startSync(db, { officeUrl: office.url, deviceToken, deviceId, retryBaseMs: 50, retryMaxMs: 300 });
    await sync.awaitOfficeData();
    await writeCase(db, deviceId, 'case-lost');
    await sync.awaitInSync();
    await sync.stop();

    // Offline for a while: another event, a receipt, a scan with its file, and a receipt the office will refuse.
    await appendCaseEvent(db, deviceId, { id: 'case-lost-ev-2', caseId: 'case-lost', kind: 'materials-received', at: at(3), actor: 'staff-zhangwei', payload: { materials: [], complete: true } });
    await db.receipts.insert({
      id: 'rc-lost', tripId: DEMO_TRIP_ID, caseId: 'case-lost', deviceId, number: 'JMS2026-001001', amountFen: 8000,
      items: [{ code: 'registration-residential', label: '登记费', amountFen: 8000 }], payer: '王秀英', issuedAt: at(4), issuedBy: 'staff-zhangwei',
    });
    await db.receipts.insert({
      id: 'rc-foreign', tripId: DEMO_TRIP_ID, caseId: 'case-lost', deviceId, number: 'JMS2026-009999', amountFen: 8000,
      items: [{ code: 'registration-residential', label: '登记费', amountFen: 8000 }], payer: '王秀英', issuedAt: at(5), issuedBy: 'staff-zhangwei',
    });
    const bytes = randomBytes(4096);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await db.scans.insert({ id: 'scan-lost', caseId: 'case-lost', deviceId, sha256, bytes: bytes.length, mime: 'application/pdf', pages: 1, material: { name: '申请书', original: true, copies: 1 }, createdAt: at(6) });
    const store = openScanStore(join(dataDir, 'scans'));
    await store.put(bytes);
    const uploader = new ScanUploader({ store, officeUrl: office.url, deviceToken, urls: await ScanIndex.open(join(dataDir, 'tus-uploads.json')), retryBaseMs: 50, retryMaxMs: 300 });
    const uploading = uploader.upload({ sha256, mime: 'application/pdf', caseId: 'case-lost' });

    expect(await admin(`/admin/devices/${deviceId}/wipe`)).toMatchObject({ status: 200, body: { wipeOrdered: true, already: false } });
    // From now on the office gives this device nothing: pulls are refused with the wipe order.
    const pull = await fetch(`${office.url}${API_BASE}/sync/appointments/pull?limit=10`, { headers: protocolHeaders(deviceToken) });
    expect(pull.status).toBe(401);
    expect(await pull.json()).toMatchObject({ code: 'device-wipe-ordered' });

    const resumed = startSync(db, { officeUrl: office.url, deviceToken, deviceId, retryBaseMs: 50, retryMaxMs: 300 });
    let erased = false;
    const progress$ = wipeOnOrder(db, resumed, {
      client: new OfficeClient({ officeUrl: office.url, deviceToken }),
      keyOpen: () => false,
      eraseDevice: async () => {
        await eraseDataFolder(dataDir);
        erased = true;
      },
      retryMs: 100,
    });
    await uploading;
    const waiting = await firstValueFrom(progress$.pipe(filter((p) => p?.phase === 'waiting-office' && p.left?.unverifiedScans === 0), timeout(30_000)));
    expect(waiting?.left).toEqual({ pendingDocuments: 0, quarantined: 1, unverifiedScans: 0 });
    expect(resumed.state().status).toBe('stopped');

    // Everything but the refused receipt is at the office, the scan file verified; nothing is erased yet.
    const ids = async (c: 'caseEvents' | 'receipts' | 'scans' | 'cases') => (await office!.storage.listDocuments(c)).map((d) => d.id).sort();
    expect(await ids('caseEvents')).toEqual(['case-lost-ev-1', 'case-lost-ev-2']);
    expect(await ids('receipts')).toEqual(['rc-lost']);
    expect(await ids('scans')).toEqual(['scan-lost']);
    expect(await office.storage.scanBlob(sha256)).toBeDefined();
    expect(erased).toBe(false);
    expect(await db.syncQuarantine.count().exec()).toBe(1);
    const before = await statusOf(deviceId);
    expect(before?.wipe).toMatchObject({ lastReport: { pendingDocuments: 0, quarantined: 1, unverifiedScans: 0 }, abandonedAt: null, erasedAt: null });

    expect(await admin(`/admin/devices/${deviceId}/abandon-unsynced`)).toMatchObject({ status: 200, body: { abandoned: true } });
    const done = await phase(progress$, 'erased');
    expect(done.abandoned).toBe(true);
    expect(erased).toBe(true);
    expect(readdirSync(dataDir)).toEqual(['browser-profile']);
    expect(existsSync(join(dataDir, 'van-config.json'))).toBe(false);
    expect(db.closed).toBe(true);
    const reopened = await openTestVan(db.name);
    expect(await reopened.cases.count().exec()).toBe(0);
    await reopened.remove();

    // The office sees when; the token is dead and cannot enroll the device again.
    await firstValueFrom(progress$.pipe(filter((p) => p?.phase === 'erased' && p.error === null), timeout(10_000)));
    const after = await statusOf(deviceId);
    expect(after?.wipe?.erasedAt).toBe(done.erasedAt);
    expect(after?.wipe?.confirmedAt).not.toBeNull();
    expect(after?.revokedAt).not.toBeNull();
    const report = await fetch(`${office.url}${API_BASE}/devices/me/report`, { method: 'POST', headers: protocolHeaders(deviceToken), body: '{}' });
    expect(report.status).toBe(401);
    expect(await report.json()).toMatchObject({ code: 'device-revoked', message: expect.stringContaining('已按办公室指令擦除') as string });
    const again = await enrollVan(office.url, await newCode(), { deviceId, deviceToken }, fetch, { again: true });
    expect(again.ok).toBe(false);
  }, 120_000);

  it('with its store locked (nobody logged in), reports that and erases only once the office abandons what it holds', async () => {
    const van = await enrolledVan('locked');
    const { db, deviceId, deviceToken, dataDir } = van;
    await db.upsertLocal('vault', { slots: [] });
    expect(await admin(`/admin/devices/${deviceId}/wipe`)).toMatchObject({ status: 200 });
    const sync = startSync(db, { officeUrl: office!.url, deviceToken, deviceId, retryBaseMs: 50, retryMaxMs: 300 });
    const progress$ = wipeOnOrder(db, sync, {
      client: new OfficeClient({ officeUrl: office!.url, deviceToken }),
      keyOpen: () => false,
      eraseDevice: async () => void (await eraseDataFolder(dataDir)),
      retryMs: 100,
    });
    await phase(progress$, 'waiting-login');
    await firstValueFrom(progress$.pipe(filter((p) => p?.left?.locked === true), timeout(20_000)));
    expect((await statusOf(deviceId))?.wipe?.lastReport).toMatchObject({ locked: true });
    expect(existsSync(join(dataDir, 'van-config.json'))).toBe(true);
    await admin(`/admin/devices/${deviceId}/abandon-unsynced`);
    await phase(progress$, 'erased');
    expect(readdirSync(dataDir)).toEqual(['browser-profile']);
  }, 60_000);
});
