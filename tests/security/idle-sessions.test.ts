import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMarket } from '#server/office/market/seed-market.ts';
import { todayInOffice } from '#server/office/today.ts';
import { startOfficeWithPages, type Office } from '../office/harness.ts';
import { getPage, login, pageLogin, portalLogin, staffCall } from './attacker-kit.ts';

/**
 * A session left open on a shared counter PC or a bank officer's desk: the attacker sits down at it later. A session
 * ends after 30 minutes without a request and 12 hours after sign-in however busy it is (OWASP ASVS 4.0 3.3.2, level 2).
 */
const MINUTE = 60_000;
let now = new Date('2026-12-02T01:00:00Z');
const pass = (ms: number): void => {
  now = new Date(now.getTime() + ms);
};
let office: Office;

beforeAll(async () => {
  office = await startOfficeWithPages({ clock: { now: () => now } });
  await seedMarket(office.storage.db, 'demo', todayInOffice(office.app.office.clock));
});
afterAll(async () => {
  await office.close();
});

describe('a session left alone', () => {
  it('ends after 30 minutes without a request, for the staff pages, the staff API and the portals alike', async () => {
    const { cookie } = await pageLogin(office.url, 'wangfang');
    const token = await login(office.url, 'liuyang');
    const bank = await portalLogin(office.url, 'ccb-credit');
    pass(29 * MINUTE);
    expect((await getPage(office.url, '/office/queues', cookie)).status).toBe(200);
    expect((await staffCall(office.url, token, 'GET', '/office/me')).status).toBe(200);
    expect((await getPage(office.url, '/portal/bank', bank)).status).toBe(200);
    // Each request just now kept its session: 29 minutes more are still within 30 of the last one.
    pass(29 * MINUTE);
    expect((await getPage(office.url, '/office/queues', cookie)).status).toBe(200);
    expect((await staffCall(office.url, token, 'GET', '/office/me')).status).toBe(200);
    expect((await getPage(office.url, '/portal/bank', bank)).status).toBe(200);
    pass(31 * MINUTE);
    expect((await getPage(office.url, '/office/queues', cookie)).location).toMatch(/^\/office\/login/);
    expect((await staffCall(office.url, token, 'GET', '/office/me')).status).toBe(401);
    expect((await getPage(office.url, '/portal/bank', bank)).location).toMatch(/^\/portal\/login/);
  });

  it('ends 12 hours after sign-in even when used every few minutes', async () => {
    const { cookie } = await pageLogin(office.url, 'wangfang');
    const bank = await portalLogin(office.url, 'ccb-credit');
    for (let elapsed = 20; elapsed <= 11 * 60 + 40; elapsed += 20) {
      pass(20 * MINUTE);
      expect((await getPage(office.url, '/office/queues', cookie)).status).toBe(200);
      expect((await getPage(office.url, '/portal/bank', bank)).status).toBe(200);
    }
    // 12 h 5 min after sign-in, 25 minutes after the last request.
    pass(25 * MINUTE);
    expect((await getPage(office.url, '/office/queues', cookie)).location).toMatch(/^\/office\/login/);
    expect((await getPage(office.url, '/portal/bank', bank)).location).toMatch(/^\/portal\/login/);
  });
});
