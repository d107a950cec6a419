import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStaffLogin } from '#renderer/db/offline-login.ts';
import { startSync } from '#renderer/db/sync-controller.ts';
import { DEMO_PASSWORD, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { startOfficeWithPages, type Office } from '../office/harness.ts';
import { openTestVan } from '../sync/helpers.ts';
import { type Device, enroll, login, pullAll, staffCall } from './attacker-kit.ts';

let office: Office;
let admin: string;
let van1: Device;
let van3: Device;
const staffIds = async (d: Device) => Object.keys(await pullAll(office.url, d.token, 'staff')).sort();

beforeAll(async () => {
  office = await startOfficeWithPages();
  admin = await login(office.url, 'admin');
  van1 = await enroll(office.url, admin, DEMO_VAN_ID, 'van-1 laptop');
  van3 = await enroll(office.url, admin, 'van-3', 'van-3 laptop');
});
afterAll(async () => {
  await office.close();
});

describe('the staff a van pulls', () => {
  it('are only the van clerks of its own trips: no office account, no other van’s clerk', async () => {
    expect(await staffIds(van1)).toEqual(['staff-lina', 'staff-zhangwei']);
    expect(await staffIds(van3)).toEqual([]);
  });

  it('never include an office account, even one put on the van’s trip', async () => {
    const trip = await staffCall(office.url, admin, 'POST', '/office/trips', { date: '2026-12-02', vanId: 'van-3', title: '三号车', staffIds: ['staff-wangfang', 'staff-lina'] });
    expect(trip.status).toBe(201);
    expect(await staffIds(van3)).toEqual(['staff-lina']);
  });

  it('gain a new van clerk once a trip of the van lists them, and follow their later changes', async () => {
    const created = await staffCall(office.url, admin, 'POST', '/admin/staff', { login: 'zhouqiang', name: '周强', roles: ['van-clerk'], password: 'a-long-password-1' });
    expect(created.status).toBe(200);
    const id = String(created.body['id']);
    expect(await staffIds(van3)).toEqual(['staff-lina']);
    await staffCall(office.url, admin, 'POST', '/office/trips', { date: '2026-12-03', vanId: 'van-3', title: '三号车', staffIds: [id] });
    expect(await staffIds(van3)).toEqual(['staff-lina', id].sort());
    // Made a reviewer: the van still hears of it (so its offline login stops), and no new van gets it.
    await staffCall(office.url, admin, 'POST', '/admin/staff', { login: 'zhouqiang', name: '周强', roles: ['reviewer'], password: 'a-long-password-2' });
    const doc = JSON.parse((await pullAll(office.url, van3.token, 'staff'))[id] ?? '{}') as { roles: string[] };
    expect(doc.roles).toEqual(['reviewer']);
    expect(await staffIds(van1)).toEqual(['staff-lina', 'staff-zhangwei']);
  });
});

describe('the van’s offline login', () => {
  it('refuses an account that is no longer a van clerk, even with the right password, and takes its own clerks', async () => {
    const db = await openTestVan();
    const sync = startSync(db, { officeUrl: office.url, deviceToken: van3.token, deviceId: van3.deviceId, live: false, retryBaseMs: 50, retryMaxMs: 400 });
    try {
      await sync.awaitOfficeData();
      expect((await db.staff.find().exec()).map((d) => d.login).sort()).toEqual(['lina', 'zhouqiang']);
      expect(await checkStaffLogin(db, 'zhouqiang', 'a-long-password-2')).toEqual({ ok: false, error: 'not-van-clerk' });
      expect(await checkStaffLogin(db, 'lina', DEMO_PASSWORD)).toMatchObject({ ok: true, value: { id: 'staff-lina' } });
    } finally {
      await sync.stop();
      await db.close();
    }
  });
});
