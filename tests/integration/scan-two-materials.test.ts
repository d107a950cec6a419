import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import seed from '#fixtures/demo/seed.json' with { type: 'json' };
import { countPending, isCaseSynced } from '#renderer/db/pending.ts';
import { startSync } from '#renderer/db/sync-controller.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { type Draft, type Trip, type Unit, materialLine, saveIntake } from '#renderer/screens/intake/draft.ts';
import { removeScan } from '#renderer/screens/intake/remove-scan.ts';
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

describe('one file on record for one material, imported again for another when the application continues after 补正', () => {
  const caseId = 'case-continued';
  const first: Draft = { ...draft, caseId, materials: [received('identity', '身份证明'), materialLine({ key: 'household-register', name: '户口簿', original: true, count: 1 })] };
  // The continuation's draft (cases/continue-correction.ts): what came the first time is received without its scans,
  // and the material the notice listed is taken now, with the same file.
  const continued: Draft = {
    ...first, continued: { caseNumber: 'JMS-2026-0001', missing: ['household-register'] },
    materials: [{ ...materialLine({ key: 'identity', name: '身份证明', original: true, count: 1 }), received: true }, received('household-register', '户口簿')],
  };
  const records = async (van: VanDatabase) => (await van.scans.find({ selector: { caseId } }).exec()).map((d) => [d.id, d.material.name]).sort();
  /** The main side as removeScan sees it: every removal it is asked for is kept. */
  const mainSide = (asked: unknown[]) => ({ scansRemove: (r: unknown) => (asked.push(r), Promise.resolve({ ok: true as const, value: { fileRemoved: true } })) });

  it('comes off the second material alone: the first material\'s record stays, and so does the file', async () => {
    const van = await openTestVan();
    const ctx = { db: van, deviceId: 'van-continued', staffId: 'staff-zhangwei', now: () => new Date(), trip };
    await saveIntake(ctx, first, { kind: 'accepted', promisedDays: 10 });
    const asked: unknown[] = [];
    expect(await removeScan(van, mainSide(asked), continued, 'household-register', sha256)).toEqual({ ok: true });
    expect(asked).toEqual([]);
    expect(await records(van)).toEqual([[`${caseId}:${sha256.slice(0, 16)}`, '身份证明']]);
    await van.close();
  });

  it('is recorded under the second material too when the continuation is saved, and a retried save adds nothing', async () => {
    const van = await openTestVan();
    const ctx = { db: van, deviceId: 'van-continued', staffId: 'staff-zhangwei', now: () => new Date(), trip };
    await saveIntake(ctx, first, { kind: 'accepted', promisedDays: 10 });
    await saveIntake(ctx, continued, { kind: 'accepted', promisedDays: 10 });
    await saveIntake(ctx, continued, { kind: 'accepted', promisedDays: 10 });
    const id = `${caseId}:${sha256.slice(0, 16)}`;
    expect(await records(van)).toEqual([[id, '身份证明'], [`${id}:household-register`, '户口簿']]);
    // Now on record for both: taken off neither.
    const asked: unknown[] = [];
    expect(await removeScan(van, mainSide(asked), continued, 'household-register', sha256)).toMatchObject({ ok: false });
    expect(asked).toEqual([]);
    await van.close();
  });
});
