import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOfficeBundle } from '#electron/bundles/van-bundle.ts';
import { DEMO_TRIP_ID, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { API_BASE } from '#protocol/version.ts';
import { csrfIn, getPage, pageLogin, postForm } from '../security/attacker-kit.ts';
import { adminToken, protocolHeaders } from '../sync/helpers.ts';
import { startOfficeWithPages, type Office } from './harness.ts';

/**
 * A device's answer bundle (a trip pull by USB stick) grants the device its run of receipt numbers. It used to be a
 * link (GET), so a followed link or a prefetch granted numbers; it is now a POST form under the office's CSRF and
 * same-origin checks, and the old address only shows that form.
 */
let office: Office;
let cookie = '';
let deviceId = '';
let token = '';

/** A van laptop enrolled and nothing more: it has pulled nothing, so it holds no receipt numbers yet. */
async function enrollOnly(url: string): Promise<{ deviceId: string; token: string }> {
  const code = await fetch(`${url}${API_BASE}/admin/enroll-codes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await adminToken(url)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ vanId: DEMO_VAN_ID }),
  });
  const res = await fetch(`${url}${API_BASE}/devices/enroll`, { method: 'POST', headers: protocolHeaders(), body: JSON.stringify({ code: ((await code.json()) as { code: string }).code, deviceName: 'usb-van' }) });
  return (await res.json()) as { deviceId: string; token: string };
}

const grantsOfDevice = async () => (await office.storage.receiptGrants(DEMO_TRIP_ID)).filter((g) => g.deviceId === deviceId);

beforeAll(async () => {
  office = await startOfficeWithPages();
  ({ deviceId, token } = await enrollOnly(office.url));
  cookie = (await pageLogin(office.url, 'admin')).cookie ?? '';
});
afterAll(async () => {
  await office.close();
});

describe('the answer bundle of a device on the devices page', () => {
  it('is a POST form with the session’s CSRF token, not a link', async () => {
    const devices = (await getPage(office.url, '/office/devices', cookie)).html;
    expect(devices).not.toContain(`href="/office/devices/${deviceId}/bundle"`);
    const form = new RegExp(`<form[^>]*action="/office/devices/${deviceId}/bundle"[^>]*>[\\s\\S]*?</form>`).exec(devices)?.[0] ?? '';
    expect(form).toContain('method="post"');
    expect(form).toContain('data-bundle');
    expect(csrfIn(form)).not.toBeNull();
  });

  it('opened by its old address (GET), grants nothing and shows the button instead', async () => {
    const res = await getPage(office.url, `/office/devices/${deviceId}/bundle`, cookie);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(res.headers.get('content-disposition')).toBeNull();
    expect(res.html).toContain(`action="/office/devices/${deviceId}/bundle"`);
    expect(await grantsOfDevice()).toEqual([]);
  });

  it('posted from another origin, is refused and grants nothing', async () => {
    const csrf = csrfIn((await getPage(office.url, '/office/devices', cookie)).html) ?? '';
    const res = await postForm(office.url, `/office/devices/${deviceId}/bundle`, cookie, { _csrf: csrf }, { origin: 'http://127.0.0.1:1', 'sec-fetch-site': 'same-site' });
    expect(res.status).toBe(403);
    const noToken = await postForm(office.url, `/office/devices/${deviceId}/bundle`, cookie, {}, { origin: office.url });
    expect(noToken.status).toBe(403);
    expect(await grantsOfDevice()).toEqual([]);
  });

  it('posted by the administrator’s form, downloads the bundle and grants the device its run', async () => {
    const csrf = csrfIn((await getPage(office.url, '/office/devices', cookie)).html) ?? '';
    const res = await fetch(`${office.url}/office/devices/${deviceId}/bundle`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: office.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="office-to-.*\.jmsb"$/);
    expect(await grantsOfDevice()).toHaveLength(1);
    const opened = await openOfficeBundle(new Uint8Array(await res.arrayBuffer()), deviceId, token);
    expect(opened.ok).toBe(true);
  });
});
