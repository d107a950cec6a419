import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FastifyInstance } from 'fastify';
import { buildOfficeApp } from '#server/app.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { seedOffice } from '#server/seed.ts';
import { startOfficeWithPages, type Office } from '../office/harness.ts';
import { openTestStorage } from '../support/backend.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';
import { csrfIn, getPage, login, pageLogin, postForm, staffCall } from './attacker-kit.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';

let office: Office;
let admin: string;

beforeAll(async () => {
  office = await startOfficeWithPages();
  admin = await login(office.url, 'admin');
});
afterAll(async () => {
  await office.close();
});

describe('logging out', () => {
  it('ends the API session on the server: the token is refused afterwards', async () => {
    const token = await login(office.url, 'wangfang');
    expect((await staffCall(office.url, token, 'GET', '/office/me')).status).toBe(200);
    const out = await fetch(`${office.url}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(out.status).toBe(204);
    expect((await staffCall(office.url, token, 'GET', '/office/me')).status).toBe(401);
  });

  it('ends the page session on the server: the old cookie no longer opens a page', async () => {
    const { cookie } = await pageLogin(office.url, 'liuyang');
    const queues = await getPage(office.url, '/office/queues', cookie);
    expect(queues.status).toBe(200);
    const out = await postForm(office.url, '/office/logout', cookie, { _csrf: csrfIn(queues.html) ?? '' }, { origin: office.url });
    expect(out.status).toBe(302);
    expect(out.location).toBe('/office/login?out=1');
    const again = await getPage(office.url, '/office/queues', cookie);
    expect(again.status).toBe(302);
    expect(again.location).toMatch(/^\/office\/login/);
  });
});

describe('a change to a person’s account', () => {
  it('ends their sessions when they are demoted and given a new password: the old session can no longer mint enrollment codes', async () => {
    const created = await staffCall(office.url, admin, 'POST', '/admin/staff', { login: 'admin2', name: '副管理员', roles: ['admin'], password: 'first-password-1' });
    expect(created.status).toBe(200);
    const old = await login(office.url, 'admin2', 'first-password-1');
    expect((await staffCall(office.url, old, 'POST', '/admin/enroll-codes', { vanId: 'van-1' })).status).toBe(200);
    const demoted = await staffCall(office.url, admin, 'POST', '/admin/staff', { login: 'admin2', name: '副管理员', roles: ['reviewer'], password: 'second-password-2' });
    expect(demoted.body['endedSessions']).toBe(1);
    expect((await staffCall(office.url, old, 'POST', '/admin/enroll-codes', { vanId: 'van-1' })).status).toBe(401);
    const fresh = await login(office.url, 'admin2', 'second-password-2');
    expect((await staffCall(office.url, fresh, 'POST', '/admin/enroll-codes', { vanId: 'van-1' })).status).toBe(403);
  });

  it('ends their sessions when they are deactivated, and they cannot log in again', async () => {
    await staffCall(office.url, admin, 'POST', '/admin/staff', { login: 'temp1', name: '临时', roles: ['reviewer'], password: 'temp-password-1' });
    const token = await login(office.url, 'temp1', 'temp-password-1');
    const { cookie } = await pageLogin(office.url, 'temp1', 'temp-password-1');
    const off = await staffCall(office.url, admin, 'POST', '/admin/staff/temp1/deactivate', {});
    expect(off.body).toMatchObject({ active: false, endedSessions: 2 });
    expect((await staffCall(office.url, token, 'GET', '/office/queues/1')).status).toBe(401);
    expect((await getPage(office.url, '/office/queues', cookie)).status).toBe(302);
    expect((await pageLogin(office.url, 'temp1', 'temp-password-1')).cookie).toBeNull();
  });
});

describe('every office answer', () => {
  it('carries CSP with frame-ancestors, nosniff and Referrer-Policy on every page, signed in or not', async () => {
    const { cookie } = await pageLogin(office.url, 'chenjing');
    for (const [path, who] of [['/office/login', null], ['/public/status', null], ['/public/guide', null], ['/office/queues', cookie], ['/office/trips', cookie], ['/office/dashboard', cookie]] as const) {
      const res = await getPage(office.url, path, who);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('content-security-policy'), path).toContain("default-src 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
    }
    const api = await fetch(`${office.url}/api/v1/health`);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('the session cookie', () => {
  const dataDir = tempFolderForTests('office-behind-proxy');
  let behindProxy: FastifyInstance;
  let url: string;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const opened = await openTestStorage(dataDir());
    const storage = opened.storage;
    dispose = opened.dispose;
    await seedOffice(storage, 'demo');
    behindProxy = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir: dataDir(), storage, plugins: [officePlugin], trustProxy: ['127.0.0.1'] });
    url = await behindProxy.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await behindProxy.close();
    await dispose();
  });

  it('is HttpOnly and SameSite=Strict, and Secure when the trusted proxy says the client came over HTTPS', async () => {
    const https = await pageLogin(url, 'wangfang', undefined, { 'x-forwarded-proto': 'https', origin: url.replace('http:', 'https:') });
    expect(https.setCookie).toMatch(/HttpOnly/i);
    expect(https.setCookie).toMatch(/SameSite=Strict/i);
    expect(https.setCookie).toMatch(/; Secure/i);
    const plain = await pageLogin(url, 'wangfang');
    expect(plain.cookie).not.toBeNull();
    expect(plain.setCookie).not.toMatch(/; Secure/i);
  });

  it('is not made Secure on a client’s word when no proxy is trusted', async () => {
    const res = await pageLogin(office.url, 'wangfang', undefined, { 'x-forwarded-proto': 'https' });
    expect(res.cookie).not.toBeNull();
    expect(res.setCookie).not.toMatch(/; Secure/i);
  });
});
