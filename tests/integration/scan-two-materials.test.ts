import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import seed from '#fixtures/demo/seed.json' with { type: 'json' };
import { countPending, isCaseSynced } from '#renderer/db/pending.ts';
import { startSync } from '#renderer/db/sync-controller.ts';
import { type Draft, type Trip, type Unit, materialLine, saveIntake } from '#renderer/screens/intake/draft.ts';
import { api, enrollDevice, loginAs, startOfficeWithPages, uploadScan, type Office } from '../office/harness.ts';
import { eventually, openTestVan } from '../sync/helpers.ts';

const trip = seed.trips[0] as unknown as Trip;
const unit = seed.units[0] as unknown as Unit;
// One scanned page holding both the ID card and the household register page: one file, two materials.
const bytes = new TextEncoder().encode('%PDF-1.4 身份证与户口簿同页扫描\n');
const sha256 = createHash('sha256').update(bytes).digest('hex');
const scan = { sha256, bytes: bytes.length, mime: 'application/pdf', pages: 1, name: 'scan-0001.pdf', material: '身份证明', caseId: 'case-one-file' };
const received = (key: string, name: string) => ({ ...materialLine({ key, name, original: true, count: 1 }), received: true, scans: [scan] });
const draft: Draft = {
  caseId: 'case-one-file', appointmentId: null, kind: 'transfer', use: 'residential', certificates: 1,
  applicants: [{ name: '刘建国', idType: 'resident-id', idNumber: '230803195003151234', side: 'holder' }], units: [unit],
  mortgageeConsent: false, materials: [received('identity', '身份证明'), received('household-register', '户口簿')], feeCase: null, cause: 'sale',
};

let office: Office | undefined;
afterAll(async () => {
  await office?.close();
});

type Finding = { code: string; caseId: string | null };
type CaseMaterial = { line: { name: string } | null; scans: { sha256: string; material: { name: string } }[] };

describe('one scanned file attached to two materials', () => {
  it('is recorded for both materials, sent once, and the office counts the file once and verifies it for both', async () => {
    office = await startOfficeWithPages();
    const device = await enrollDevice(office.url, 'one-file van');
    const van = await openTestVan();
    const ctx = { db: van, deviceId: device.deviceId, staffId: 'staff-zhangwei', now: () => new Date(), trip };

    await saveIntake(ctx, draft, { kind: 'accepted', promisedDays: 10 });
    // A retried save (a failure later in the step) writes nothing twice.
    await saveIntake(ctx, draft, { kind: 'accepted', promisedDays: 10 });
    const records = (await van.scans.find().exec()).map((d) => ({ sha256: d.sha256, material: d.material.name }));
    expect(records).toEqual([{ sha256, material: '身份证明' }, { sha256, material: '户口簿' }]);
    // One file waits for the office, not two.
    expect((await countPending(van)).pendingScans).toBe(1);

    const sync = startSync(van, { officeUrl: office.url, deviceToken: device.token, deviceId: device.deviceId, retryBaseMs: 50, retryMaxMs: 400 });
    await sync.awaitInSync();
    await uploadScan(office, device.token, bytes, sha256);
    await eventually(() => isCaseSynced(van, draft.caseId), 20_000, 'the case synced with its scan verified');

    const finance = await loginAs(office, 'zhaolei');
    const report = await api(office, finance, 'GET', `/office/trips/${DEMO_TRIP_ID}/reconciliation`);
    expect(report.status).toBe(200);
    expect((report.json['discrepancies'] as Finding[]).filter((f) => f.caseId === draft.caseId && f.code.startsWith('scan-'))).toEqual([]);
    expect(report.json['scans']).toEqual({ expected: 1, verified: 1 });

    // The case page shows the file under each material, once each.
    const detail = await api(office, finance, 'GET', `/office/cases/${draft.caseId}`);
    const materials = (detail.json['materials'] as CaseMaterial[]).map((m) => [m.line?.name, m.scans.map((s) => [s.sha256, s.material.name])]);
    expect(materials).toEqual([['身份证明', [[sha256, '身份证明']]], ['户口簿', [[sha256, '户口簿']]]]);

    await sync.stop();
    await van.close();
  }, 60_000);
});
