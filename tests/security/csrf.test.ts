import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfficeWithPages, type Office } from '../office/harness.ts';
import { csrfIn, getPage, login, pageLogin, postForm, staffCall } from './attacker-kit.ts';

let office: Office;
let admin: string;
let cookie: string | null;
let token: string;

const appointment = { applicantName: '孙桂兰', phone: '13945401234', address: '佳木斯市向阳区长安路1号', businessKind: 'transfer', category: 'elderly', preferredDate: '2026-12-10' };
const appointmentCount = async () => ((await staffCall(office.url, admin, 'GET', '/office/appointments')).body['requests'] as unknown[]).length;

beforeAll(async () => {
  office = await startOfficeWithPages();
  admin = await login(office.url, 'admin');
  cookie = (await pageLogin(office.url, 'admin')).cookie;
  token = csrfIn((await getPage(office.url, '/office/appointments', cookie)).html) ?? '';
});
afterAll(async () => {
  await office.close();
});

describe('a state-changing office form', () => {
  it('carries the session’s CSRF token in every form the pages render, the logout form included', async () => {
    for (const path of ['/office/appointments', '/office/trips', '/office/devices', '/office/queues']) {
      const { html } = await getPage(office.url, path, cookie);
      const forms = html.match(/<form\b[^>]*method="post"[^>]*>/g) ?? [];
      expect(forms.length, path).toBeGreaterThan(0);
      const withToken = html.match(/<form\b[^>]*method="post"[^>]*><input type="hidden" name="_csrf" value="[^"]+">/g) ?? [];
      expect(withToken.length, path).toBe(forms.length);
    }
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('is taken from the office’s own page with the token', async () => {
    const before = await appointmentCount();
    const res = await postForm(office.url, '/office/appointments', cookie, { ...appointment, _csrf: token }, { origin: office.url, 'sec-fetch-site': 'same-origin' });
    expect(res.status).toBe(302);
    expect(await appointmentCount()).toBe(before + 1);
  });

  it('is refused without the token, or with another session’s token, and nothing is stored', async () => {
    const before = await appointmentCount();
    const other = csrfIn((await getPage(office.url, '/office/appointments', (await pageLogin(office.url, 'admin')).cookie)).html) ?? '';
    for (const fields of [appointment, { ...appointment, _csrf: '' }, { ...appointment, _csrf: other }]) {
      const res = await postForm(office.url, '/office/appointments', cookie, fields, { origin: office.url });
      expect(res.status).toBe(403);
      expect(res.html).toContain('跨站请求');
    }
    expect(await appointmentCount()).toBe(before);
  });

  it('is refused from another port of the same host (same site, other origin) even with a valid token', async () => {
    const before = await appointmentCount();
    const otherPort = office.url.replace(/:\d+$/, ':1');
    const byOrigin = await postForm(office.url, '/office/appointments', cookie, { ...appointment, _csrf: token }, { origin: otherPort });
    expect(byOrigin.status).toBe(403);
    const bySite = await postForm(office.url, '/office/appointments', cookie, { ...appointment, _csrf: token }, { 'sec-fetch-site': 'same-site' });
    expect(bySite.status).toBe(403);
    const nullOrigin = await postForm(office.url, '/office/appointments', cookie, { ...appointment, _csrf: token }, { origin: 'null' });
    expect(nullOrigin.status).toBe(403);
    expect(await appointmentCount()).toBe(before);
  });

  it('cannot log a person in from another site (login CSRF)', async () => {
    const res = await postForm(office.url, '/office/login', null, { login: 'admin', password: 'jms-demo-2026', next: '/office/queues' }, { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(403);
  });
});

describe('the JSON API', () => {
  it('takes bearer tokens only: the page cookie with a form body is refused and nothing is stored', async () => {
    const before = await appointmentCount();
    const res = await fetch(`${office.url}/api/v1/office/appointments`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie ?? '' },
      body: new URLSearchParams(appointment).toString(),
    });
    expect(res.status).toBe(401);
    const me = await fetch(`${office.url}/api/v1/office/me`, { headers: { cookie: cookie ?? '' } });
    expect(me.status).toBe(401);
    expect(await appointmentCount()).toBe(before);
  });
});
