import { afterAll, describe, expect, it } from 'vitest';
import { firstValueFrom, filter, timeout } from 'rxjs';
import { appendCaseEvent } from '#renderer/db/case-events.ts';
import { startSync } from '#renderer/db/sync-controller.ts';
import { checkStaffLogin } from '#renderer/db/offline-login.ts';
import { findUnitByNumber, findUnitsByAddressPrefix } from '#renderer/db/queries.ts';
import { isCaseSynced } from '#renderer/db/pending.ts';
import { formatReceiptNumber } from '#protocol/domain-bridge.ts';
import { API_BASE } from '#protocol/version.ts';
import { DEMO_PASSWORD, DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { openTestStorage } from '../support/backend.ts';
import { adminToken, enrollDevice, openTestVan, startOffice, type RunningOffice } from '../sync/helpers.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const dataDir = tempFolderForTests('office-roundtrip');
let office: RunningOffice | undefined;
afterAll(async () => {
  await office?.close();
});

const block = { prefix: 'JMS2026-', first: 1001, last: 1200, width: 6 };
const at = (minute: number) => `2026-11-30T09:${String(minute).padStart(2, '0')}:00+08:00`;

describe('a van and its office', () => {
  it('keeps working offline, syncs when the office appears, quarantines what the office refuses, and a second van sees office writes live', async () => {
    office = await startOffice(dataDir());
    const port = Number(new URL(office.url).port);
    const device = await enrollDevice(office.url, 'van A');
    await office.close();

    // Offline: the van records a case, its events and receipts while the office is down.
    const vanA = await openTestVan();
    const sync = startSync(vanA, { officeUrl: office.url, deviceToken: device.token, deviceId: device.deviceId, retryBaseMs: 50, retryMaxMs: 400 });
    await firstValueFrom(sync.state$.pipe(filter((s) => s.status === 'offline'), timeout(20_000)));
    await vanA.cases.insert({
      id: 'case-1', tripId: DEMO_TRIP_ID, appointmentId: 'appt-001', deviceId: device.deviceId, businessKind: 'transfer',
      unitIds: [], applicants: [{ name: '王秀英', idType: 'resident-id', idNumber: '230803194501012345', side: 'holder' }], createdAt: at(1), createdBy: 'staff-zhangwei',
    });
    for (let i = 0; i < 5; i++) {
      await appendCaseEvent(vanA, device.deviceId, { id: `ev-${i}`, caseId: 'case-1', kind: 'materials-received', at: at(2 + i), actor: 'staff-zhangwei', payload: { materials: [], complete: i === 4 } });
    }
    const receipt = (id: string, number: string) => ({
      id, tripId: DEMO_TRIP_ID, caseId: 'case-1', deviceId: device.deviceId, number, amountFen: 8000,
      items: [{ code: 'registration-residential', label: '登记费', amountFen: 8000 }], payer: '王秀英', issuedAt: at(10), issuedBy: 'staff-zhangwei',
    });
    await vanA.receipts.insert(receipt('rc-1', formatReceiptNumber(block, 1001)));
    await vanA.receipts.insert(receipt('rc-bad', 'JMS2026-999999')); // outside the block: the office will refuse it
    await vanA.receipts.insert(receipt('rc-2', formatReceiptNumber(block, 1002)));
    // Everything written offline waits: the case, its five events and the three receipts.
    await firstValueFrom(sync.state$.pipe(filter((s) => s.pendingDocuments === 9), timeout(20_000)));
    expect(sync.state().quarantined).toEqual([]);

    // The office comes back on the same address and data folder.
    office = await startOffice(dataDir(), false);
    if (Number(new URL(office.url).port) !== port) {
      await office.close();
      const { buildOfficeApp } = await import('#server/app.ts');
      const { storage } = await openTestStorage(dataDir());
      const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir: dataDir(), storage });
      office = { url: await app.listen({ port, host: '127.0.0.1' }), app, storage, dataDir: dataDir(), close: () => app.close() };
    }
    await sync.awaitOfficeData();
    await sync.awaitInSync();
    await firstValueFrom(sync.state$.pipe(filter((s) => s.pendingDocuments === 0 && s.quarantined.length === 1), timeout(20_000)));

    const stored = async (c: 'cases' | 'caseEvents' | 'receipts') => (await office!.storage.listDocuments(c)).map((d) => d.id).sort();
    expect(await stored('cases')).toEqual(['case-1']);
    expect(await stored('caseEvents')).toEqual(['ev-0', 'ev-1', 'ev-2', 'ev-3', 'ev-4']);
    expect(await stored('receipts')).toEqual(['rc-1', 'rc-2']);
    expect(sync.state().quarantined).toEqual([expect.objectContaining({ docId: 'rc-bad', code: 'receipt-outside-block' })]);
    expect(await isCaseSynced(vanA, 'case-1')).toBe(true);

    // The trip manifest arrived: units are searchable, staff can log in offline.
    const trip = await vanA.trips.findOne(DEMO_TRIP_ID).exec();
    expect(trip?.receiptBlock).toEqual(block);
    const anyUnit = (await vanA.units.find({ limit: 1 }).exec())[0]!;
    expect((await findUnitByNumber(vanA, anyUnit.unitNumber))?.id).toBe(anyUnit.id);
    expect((await findUnitsByAddressPrefix(vanA, '佳木斯市向阳区')).length).toBeGreaterThan(10);
    expect(await checkStaffLogin(vanA, 'zhangwei', DEMO_PASSWORD)).toMatchObject({ ok: true, value: { name: '张伟' } });
    expect(await checkStaffLogin(vanA, 'zhangwei', 'wrong')).toEqual({ ok: false, error: 'wrong-password' });
    await expect(vanA.trips.insert({ ...(trip!.toMutableJSON()), id: 'forged' })).rejects.toThrow();

    await sync.report();
    expect(sync.state().chain).toMatchObject({ state: 'ok', verifiedSeq: 5 });
    await sync.stop();
    await vanA.close();

    // A second van, online: an office write reaches it through the change stream.
    const deviceB = await enrollDevice(office.url, 'van B');
    const vanB = await openTestVan();
    const syncB = startSync(vanB, { officeUrl: office.url, deviceToken: deviceB.token, deviceId: deviceB.deviceId, retryBaseMs: 50, retryMaxMs: 400 });
    await syncB.awaitOfficeData();
    await syncB.awaitInSync();
    const admin = await adminToken(office.url);
    // A van clerk of van B's trip gets a new password: the new hash reaches the van live.
    const before = (await vanB.staff.findOne({ selector: { login: 'lina' } }).exec())?.passwordHash;
    const reset = await fetch(`${office.url}${API_BASE}/admin/staff`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'lina', name: '李娜', roles: ['van-clerk'], password: 'a-long-password' }),
    });
    expect(reset.status).toBe(200);
    await firstValueFrom(vanB.staff.findOne({ selector: { login: 'lina' } }).$.pipe(filter((d) => d !== null && d.passwordHash !== before), timeout(20_000)));
    expect(await checkStaffLogin(vanB, 'lina', 'a-long-password')).toMatchObject({ ok: true, value: { name: '李娜' } });
    // Van B never sees van A's cases.
    expect(await vanB.cases.count().exec()).toBe(0);
    await syncB.stop();
    await vanB.close();
  }, 60_000);
});
