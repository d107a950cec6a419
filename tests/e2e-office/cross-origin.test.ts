import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser } from 'playwright-core';
import { api, loginAs, startOfficeWithPages, type Office } from '../office/harness.ts';
import { freeUnit, Van, type VanCase } from '../office/scenario.ts';
import { launchBrowser, signedIn } from '../support/chromium.ts';


let office: Office;
let browser: Browser;
let evil: Server;
let evilUrl: string;
let target: VanCase;

beforeAll(async () => {
  office = await startOfficeWithPages();
  target = await (await Van.enroll(office)).acceptCase(1, await freeUnit(office, 0));
  // Another port of the same host: the same site for SameSite, another origin.
  evil = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><form id="f" method="post" action="${office.url}/office/cases/${encodeURIComponent(target.caseId)}/actions">
<input name="action" value="refuse"><input name="reason" value="跨站伪造"></form><script>document.getElementById('f').submit()</script>`);
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  const address = evil.address();
  evilUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => evil?.close(resolve));
  await office?.close();
});

describe('a page on another port of the office’s host, in Chromium', () => {
  it('cannot make a logged-in reviewer’s browser refuse a case', async () => {
    const page = await signedIn(browser, office.url, 'wangfang', { loginPath: '/office/login', landing: /\/office\/queues/ });

    const answered = page.waitForResponse((r) => r.url().includes('/actions'));
    await page.goto(evilUrl);
    const res = await answered;
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain('跨站请求');
    // The browser did send the session cookie (SameSite=Strict lets a same-site page through): the office refused it anyway.
    expect((await res.request().allHeaders())['cookie']).toContain('office_session=');

    const detail = await api(office, await loginAs(office, 'wangfang'), 'GET', `/office/cases/${target.caseId}`);
    expect((detail.json['status'] as { stage: string }).stage).toBe('accepted');
    await page.context().close();
  });
});
