import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AcceptedPayload } from '#domain/case/events.ts';
import { DEMO_TRIP_ID, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { startOfficeWithPages, type Office } from '../office/harness.ts';
import { advance, type Answer, type Device, enroll, login, pullAll, push, sealNext, snapshot, staffCall } from './attacker-kit.ts';

/**
 * An attacker holding a valid enrollment: two vans, three devices (A1 and A2 of van-1, B1 of van-2), each
 * with honest work stored. Every write across devices or vans is refused with its specific code, and the
 * office's data, as every device pulls it and as the office pages show it, is exactly what it was.
 */
let office: Office;
let admin: string;
let a1: Device;
let a2: Device;
let b1: Device;
let trip2: string;
const VAN_2 = 'van-2';
const cases = { a1: 'case-a1', a2: 'case-a2', b1: 'case-b1' };
const tripOf = { a1: DEMO_TRIP_ID, a2: DEMO_TRIP_ID, b1: '' };

const number = (n: number) => `JMS2026-${String(n).padStart(6, '0')}`;
const at = () => new Date(Date.now() - 7200_000).toISOString();
const applicant = { name: '王秀英', idType: 'resident-id' as const, idNumber: '230803195001011234', side: 'holder' as const };
const intake = (n: number): AcceptedPayload => ({
  caseNumber: `JMS-ATTACK-${n}`,
  queryCode: `Q${100000 + n}`,
  businessKind: 'transfer',
  use: 'residential',
  applicants: [applicant],
  units: [],
  materials: [],
  certificates: 1,
});
const caseDoc = (d: Device, id: string, tripId: string) => ({
  id, tripId, appointmentId: null, deviceId: d.deviceId, businessKind: 'transfer', unitIds: [], applicants: [applicant], createdAt: at(), createdBy: 'staff-zhangwei', _deleted: false,
});
const receipt = (d: Device, id: string, caseId: string, tripId: string, n: number) => ({
  id, tripId, caseId, deviceId: d.deviceId, number: number(n), amountFen: 8000,
  items: [{ code: 'registration-residential', label: '登记费（住宅）', amountFen: 8000 }], payer: applicant.name, issuedAt: at(), issuedBy: 'staff-zhangwei', _deleted: false,
});
const feeCharged = (n: number) => ({
  kind: 'fee-charged' as const,
  payload: { receiptCode: 'FS', receiptNumber: number(n), payer: applicant.name, items: [{ name: '登记费（住宅）', amountFen: 8000 }], totalFen: 8000, method: 'cash' as const, rules: 'gb-2016-2559@1' },
});
const scanDoc = (d: Device, id: string, caseId: string) => ({
  id, caseId, deviceId: d.deviceId, sha256: 'a'.repeat(64), bytes: 10, mime: 'application/pdf', pages: 1, material: { name: '申请书', original: true, copies: 1 }, createdAt: at(), _deleted: false,
});

/** Pushes honest work and requires it stored; sealed events advance the device's chain. */
async function stored(d: Device, collection: string, docs: readonly unknown[]): Promise<void> {
  const res = await push(office.url, d, collection, docs);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function honestCase(d: Device, caseId: string, tripId: string, n: number, receiptNo: number): Promise<void> {
  await stored(d, 'cases', [caseDoc(d, caseId, tripId)]);
  const accepted = sealNext(d, caseId, { kind: 'accepted', payload: intake(n) });
  advance(d, accepted);
  const fee = sealNext(d, caseId, feeCharged(receiptNo));
  advance(d, fee);
  await stored(d, 'caseEvents', [accepted, fee]);
  await stored(d, 'receipts', [receipt(d, `${caseId}-r1`, caseId, tripId, receiptNo)]);
}

let watching: () => Device[] = () => [a1, a2, b1];
const everything = () => snapshot(office.url, watching(), admin, Object.values(cases), [DEMO_TRIP_ID, trip2]);

/** The write is refused with this status and rejection code, and nothing anyone can see has changed. */
async function refusedUnchanged(write: () => Promise<Answer>, status: number, code: string): Promise<void> {
  const before = await everything();
  const res = await write();
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  if (status === 401) expect(res.body['code']).toBe(code);
  else {
    expect(res.body['code']).toBe('rejected');
    expect((res.body['rejected'] as { code: string }[]).map((r) => r.code)).toEqual([code]);
  }
  // Compared as data, so a difference names the field that moved.
  expect(await everything()).toEqual(before);
}

beforeAll(async () => {
  office = await startOfficeWithPages();
  admin = await login(office.url, 'admin');
  const created = await staffCall(office.url, admin, 'POST', '/office/trips', {
    date: '2026-12-01', vanId: VAN_2, title: '二号车', staffIds: ['staff-lina'], receiptBlock: { prefix: 'JMS2026-', first: 2001, last: 2100, width: 6 },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  trip2 = String(created.body['id']);
  tripOf.b1 = trip2;
  a1 = await enroll(office.url, admin, DEMO_VAN_ID, 'A1');
  a2 = await enroll(office.url, admin, DEMO_VAN_ID, 'A2');
  b1 = await enroll(office.url, admin, VAN_2, 'B1');
  await honestCase(a1, cases.a1, tripOf.a1, 1, 1001);
  // Each device numbers from its own run of the trip's block: A1 from 1001, A2 from 1051.
  await honestCase(a2, cases.a2, tripOf.a2, 2, 1051);
  await honestCase(b1, cases.b1, tripOf.b1, 3, 2001);
}, 60_000);
afterAll(async () => {
  await office.close();
});

describe('a device of another van', () => {
  it('cannot append an event (撤回) to another van’s case', async () => {
    await refusedUnchanged(() => push(office.url, b1, 'caseEvents', [sealNext(b1, cases.a1, { kind: 'withdrawn', payload: { reason: '申请人撤回' } })]), 422, 'not-own-case');
  });

  it('cannot put a case on another van’s trip', async () => {
    await refusedUnchanged(() => push(office.url, b1, 'cases', [caseDoc(b1, 'case-b1-on-van1-trip', DEMO_TRIP_ID)]), 422, 'not-own-trip');
  });

  it('cannot put a receipt on another van’s trip', async () => {
    await refusedUnchanged(() => push(office.url, b1, 'receipts', [receipt(b1, 'r-b1-x', cases.b1, DEMO_TRIP_ID, 1003)]), 422, 'not-own-trip');
  });

  it('cannot number its own receipt from another van’s block', async () => {
    await refusedUnchanged(() => push(office.url, b1, 'receipts', [receipt(b1, 'r-b1-y', cases.b1, trip2, 1003)]), 422, 'receipt-outside-block');
  });

  it('cannot put a receipt or a scan on another van’s case', async () => {
    await refusedUnchanged(() => push(office.url, b1, 'receipts', [receipt(b1, 'r-b1-z', cases.a1, trip2, 2002)]), 422, 'not-own-case');
    await refusedUnchanged(() => push(office.url, b1, 'scans', [scanDoc(b1, 's-b1-z', cases.a1)]), 422, 'not-own-case');
  });

  it('cannot void, reprint or charge another van’s receipt number from its own case', async () => {
    await refusedUnchanged(() => push(office.url, b1, 'caseEvents', [sealNext(b1, cases.b1, { kind: 'receipt-voided', payload: { receiptNumber: number(1001), reason: '作废' } })]), 422, 'receipt-not-own');
    await refusedUnchanged(() => push(office.url, b1, 'caseEvents', [sealNext(b1, cases.b1, { kind: 'receipt-reprinted', payload: { receiptNumber: number(1001) } })]), 422, 'receipt-not-own');
    await refusedUnchanged(() => push(office.url, b1, 'caseEvents', [sealNext(b1, cases.b1, feeCharged(1004))]), 422, 'receipt-not-own');
  });

  it('cannot write into the office’s id namespace', async () => {
    await refusedUnchanged(() => push(office.url, b1, 'caseEvents', [sealNext(b1, cases.b1, { kind: 'materials-received', payload: { materials: [], complete: true } }, 'office-1')]), 403, 'reserved-id');
  });

  it('cannot write an office collection', async () => {
    const trip = await pullAll(office.url, b1.token, 'trips');
    const own = JSON.parse(trip[trip2] ?? '{}') as Record<string, unknown>;
    await refusedUnchanged(() => push(office.url, b1, 'trips', [{ ...own, id: DEMO_TRIP_ID, vanId: VAN_2 }]), 403, 'office-authored');
  });

  it('pulls none of the other van’s trips, appointments, units, staff or cases, and no office account', async () => {
    expect(Object.keys(await pullAll(office.url, b1.token, 'trips'))).toEqual([trip2]);
    expect(Object.keys(await pullAll(office.url, b1.token, 'appointments'))).toEqual([]);
    expect(Object.keys(await pullAll(office.url, b1.token, 'units'))).toEqual([]);
    expect(Object.keys(await pullAll(office.url, b1.token, 'staff'))).toEqual(['staff-lina']);
    expect(Object.keys(await pullAll(office.url, b1.token, 'cases'))).toEqual([cases.b1]);
    expect(Object.keys(await pullAll(office.url, b1.token, 'receipts'))).toEqual([`${cases.b1}-r1`]);
  });
});

describe('another device of the same van', () => {
  it('cannot write a document in another device’s name', async () => {
    await refusedUnchanged(() => push(office.url, a2, 'receipts', [receipt(a1, 'r-as-a1', cases.a1, DEMO_TRIP_ID, 1005)]), 403, 'wrong-device');
  });

  it('cannot append to, pay into or attach a scan to another device’s case', async () => {
    await refusedUnchanged(() => push(office.url, a2, 'caseEvents', [sealNext(a2, cases.a1, { kind: 'withdrawn', payload: { reason: '撤回' } })]), 422, 'not-own-case');
    await refusedUnchanged(() => push(office.url, a2, 'receipts', [receipt(a2, 'r-a2-on-a1', cases.a1, DEMO_TRIP_ID, 1006)]), 422, 'not-own-case');
    await refusedUnchanged(() => push(office.url, a2, 'scans', [scanDoc(a2, 's-a2-on-a1', cases.a1)]), 422, 'not-own-case');
  });

  it('cannot overwrite another device’s document under its own name', async () => {
    await refusedUnchanged(() => push(office.url, a2, 'receipts', [{ ...receipt(a2, `${cases.a1}-r1`, cases.a2, DEMO_TRIP_ID, 1007) }]), 422, 'immutable');
  });

  it('cannot reuse, void or reprint another device’s receipt number, nor print one of its own twice', async () => {
    await refusedUnchanged(() => push(office.url, a2, 'receipts', [receipt(a2, 'r-a2-dup', cases.a2, DEMO_TRIP_ID, 1001)]), 422, 'receipt-outside-grant');
    await refusedUnchanged(() => push(office.url, a2, 'receipts', [receipt(a2, 'r-a2-again', cases.a2, DEMO_TRIP_ID, 1051)]), 422, 'receipt-number-used');
    await refusedUnchanged(() => push(office.url, a2, 'caseEvents', [sealNext(a2, cases.a2, { kind: 'receipt-voided', payload: { receiptNumber: number(1001), reason: '作废' } })]), 422, 'receipt-not-own');
    await refusedUnchanged(() => push(office.url, a2, 'caseEvents', [sealNext(a2, cases.a2, { kind: 'receipt-reprinted', payload: { receiptNumber: number(1001) } })]), 422, 'receipt-not-own');
  });
});

describe('after the attacks', () => {
  it('the owner still uses its own numbers, and the office’s own events land beside the vans’ without touching them', async () => {
    // The number the other van tried to take is still the owner's to use.
    await stored(a1, 'receipts', [receipt(a1, `${cases.a1}-r2`, cases.a1, DEMO_TRIP_ID, 1003)]);
    const reviewer = await login(office.url, 'wangfang');
    const passed = await staffCall(office.url, reviewer, 'POST', `/office/cases/${cases.b1}/actions`, { action: 'pass', reason: '材料齐全', outOfOrderReason: '测试用例，直接办理' });
    expect(passed.status, JSON.stringify(passed.body)).toBe(201);
    const events = await pullAll(office.url, b1.token, 'caseEvents');
    expect(Object.keys(events).sort()).toEqual([`${b1.deviceId}-e1`, `${b1.deviceId}-e2`, 'office-1']);
    expect(JSON.parse(events['office-1'] ?? '{}')).toMatchObject({ deviceId: 'office', kind: 'review-passed', caseId: cases.b1 });
    const report = await fetch(`${office.url}/api/v1/devices/me/report`, {
      method: 'POST',
      headers: { 'x-van-protocol': '4', 'content-type': 'application/json', authorization: `Bearer ${b1.token}` },
      body: JSON.stringify({ chainHeadSeq: b1.seq, chainHeadHash: b1.prev, pendingDocuments: 0, pendingScans: 0, quarantined: 0 }),
    });
    expect(await report.json()).toMatchObject({ state: 'ok', verifiedSeq: 2 });
  });
});

describe('a revoked device', () => {
  it('cannot write anything more, even its own work', async () => {
    expect((await staffCall(office.url, admin, 'POST', `/admin/devices/${a2.deviceId}/revoke`, {})).status).toBe(200);
    watching = () => [a1, b1];
    await refusedUnchanged(() => push(office.url, a2, 'cases', [caseDoc(a2, 'case-a2-after', DEMO_TRIP_ID)]), 401, 'device-revoked');
    await refusedUnchanged(() => push(office.url, a2, 'caseEvents', [sealNext(a2, cases.a2, { kind: 'withdrawn', payload: { reason: '撤回' } })]), 401, 'device-revoked');
    await refusedUnchanged(() => push(office.url, a2, 'receipts', [receipt(a2, 'r-a2-after', cases.a2, DEMO_TRIP_ID, 1010)]), 401, 'device-revoked');
  });
});
