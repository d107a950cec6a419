import { describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';
import { addDays } from '#domain/calendar/china-time.ts';
import { DEMO_BUYERS, demoUnitNumber } from '#server/office/market/seed-market.ts';
import { todayInOffice } from '#server/office/today.ts';
import { startMarketOffice } from './market-office.ts';
import { signedIn } from '../support/chromium.ts';
import { officeInBrowser } from '../support/office-in-browser.ts';

const SHOTS = 'docs/screenshots';
const UNIT = demoUnitNumber(1, 4, 1);

const world = officeInBrowser(startMarketOffice);

const portal = (login: string): Promise<Page> => signedIn(world.browser, world.office.url, login, { loginPath: '/portal/login', landing: (u) => u.pathname !== '/portal/login' });

/** A contract for the demo unit from the standard text's form, saved and then filed; answers the page's message. */
async function draftAndFile(page: Page, buyer: { name: string; idNumber: string }): Promise<string> {
  await page.goto(`${world.office.url}/portal/developer/drafts/new?unit=${UNIT}`);
  await page.selectOption('select[name=method]', 'lump-sum');
  const today = todayInOffice();
  await page.fill('input[name=dueOn]', addDays(today, 30));
  await page.fill('input[name=deliveryOn]', addDays(today, 400));
  await page.fill('input[name=b0_name]', buyer.name);
  await page.fill('input[name=b0_idNumber]', buyer.idNumber);
  await page.fill('input[name=b0_phone]', '13904541234');
  await Promise.all([page.waitForURL(/\/portal\/developer\/drafts\/draft-/), page.click('button[value=save]')]);
  await Promise.all([page.waitForURL(/\/portal\/developer\/(filings|drafts)\//), page.click('[data-testid="file-contract"]')]);
  return (await page.textContent('main')) ?? '';
}

describe('the developer and bank portals in Chromium', () => {
  it('files a contract drafted from the standard form, refuses a second one on the same unit naming the first, and shows the bank only what it names', { timeout: 120_000 }, async () => {
    const dev = await portal('jj-sales');
    expect(new URL(dev.url()).pathname).toBe('/portal/developer');
    const filed = await draftAndFile(dev, { name: DEMO_BUYERS[0]?.name ?? '', idNumber: DEMO_BUYERS[0]?.idNumber ?? '' });
    expect(new URL(dev.url()).pathname).toMatch(/^\/portal\/developer\/filings\//);
    const contract = /YS\d{11}/.exec(filed)?.[0] ?? '';
    expect(contract).not.toBe('');
    await dev.screenshot({ path: `${SHOTS}/market-developer-filed.png`, fullPage: true });

    const second = await draftAndFile(dev, { name: '孙立新', idNumber: '230803198509211620' });
    expect(new URL(dev.url()).pathname).toMatch(/^\/portal\/developer\/drafts\//);
    expect(second).toContain(contract);

    // A developer's login does not open the bank's portal.
    const res = await dev.goto(`${world.office.url}/portal/bank`);
    expect(res?.status()).toBe(403);

    const bank = await portal('ccb-credit');
    expect(new URL(bank.url()).pathname).toBe('/portal/bank');
    await bank.fill('input[name=contract]', contract);
    await bank.fill('input[name=buyerId]', '230803198509211620');
    const [miss] = await Promise.all([bank.waitForResponse((r) => r.url().endsWith('/portal/bank/lookup')), bank.click('[data-testid="bank-lookup"] button')]);
    expect(miss.status()).toBe(404);
    expect(await bank.locator('[data-testid="bank-not-found"]').count()).toBe(1);
    expect(await bank.textContent('main')).not.toContain(UNIT);

    await bank.fill('input[name=contract]', contract);
    await bank.fill('input[name=buyerId]', DEMO_BUYERS[0]?.idNumber ?? '');
    const [hit] = await Promise.all([bank.waitForResponse((r) => r.url().endsWith('/portal/bank/lookup')), bank.click('[data-testid="bank-lookup"] button')]);
    expect(hit.status()).toBe(200);
    expect(await bank.textContent('main')).toContain(contract);
    await bank.fill('[data-testid="pre-mortgage-form"] input[name=loan]', '300000');
    await bank.fill('[data-testid="pre-mortgage-form"] input[name=mortgageContract]', 'JS-2026-0001');
    const [recorded] = await Promise.all([bank.waitForResponse((r) => r.url().endsWith('/portal/bank/pre-mortgage')), bank.click('[data-testid="pre-mortgage-form"] button')]);
    expect(recorded.status()).toBe(200);
    expect(await bank.textContent('[role=status]')).toBe('预抵押已办理。');
    // The bank that looked the filing up is told of its changes, its own 预抵押 first.
    expect(await bank.locator('[data-testid="bank-notices"] tbody tr').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''))).toEqual([expect.stringMatching(new RegExp(`${contract}.*银行预抵押.*未读`))]);
    await bank.screenshot({ path: `${SHOTS}/market-bank.png`, fullPage: true });
  });
});

describe('an organisation\'s own logins in Chromium', () => {
  it('lets the developer\'s admin give a new colleague a login with a role, and stopping it ends the colleague\'s session at once', { timeout: 120_000 }, async () => {
    const admin = await portal('jj-admin');
    await admin.goto(`${world.office.url}/portal/developer/accounts`);
    await admin.fill('input[name=login]', 'jj-zhao');
    await admin.fill('input[name=name]', '赵新');
    await admin.fill('input[name=password]', 'short');
    await admin.check('input[name=roles][value=sales]');
    await Promise.all([admin.waitForURL(/err=/), admin.click('form.card button[type=submit]')]);
    expect(await admin.textContent('main')).toContain('初始密码至少 10 位。');
    await admin.fill('input[name=login]', 'jj-zhao');
    await admin.fill('input[name=name]', '赵新');
    await admin.fill('input[name=password]', 'zhao-2026-start');
    await admin.check('input[name=roles][value=sales]');
    await Promise.all([admin.waitForURL(/msg=/), admin.click('form.card button[type=submit]')]);
    expect(await admin.locator('[data-testid="accounts"] tbody tr', { hasText: 'jj-zhao' }).textContent()).toContain('销售员');

    const colleague = await signedIn(world.browser, world.office.url, 'jj-zhao', { loginPath: '/portal/login', landing: (u) => u.pathname === '/portal/developer', password: 'zhao-2026-start' });
    // A salesperson does not keep the organisation's logins.
    expect((await colleague.goto(`${world.office.url}/portal/developer/accounts`))?.status()).toBe(403);

    await Promise.all([admin.waitForURL(/\/accounts$/), admin.locator('[data-testid="accounts"] tbody tr', { hasText: 'jj-zhao' }).locator('button').click()]);
    expect(await admin.locator('[data-testid="accounts"] tbody tr', { hasText: 'jj-zhao' }).textContent()).toContain('已停用');
    await colleague.goto(`${world.office.url}/portal/developer`);
    expect(new URL(colleague.url()).pathname).toBe('/portal/login');
  });
});

describe('the portals against another site', () => {
  it('refuses a form riding on the portal cookie from another origin or without the session token', async () => {
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const headers = (origin: string, cookie?: string) => ({ 'content-type': 'application/x-www-form-urlencoded', origin, ...(cookie ? { cookie } : {}) });
    const login = await fetch(`${world.office.url}/portal/login`, { method: 'POST', redirect: 'manual', headers: headers(world.office.url), body: form({ login: 'ccb-credit', password: DEMO_PASSWORD }) });
    expect(login.status).toBe(302);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^portal_session=/);
    // No such contract: past the guard the bank's look-up answers 404, the guard itself 403.
    const lookup = { contract: 'YS19990000001', buyerId: DEMO_BUYERS[0]?.idNumber ?? '' };
    expect((await fetch(`${world.office.url}/portal/bank/lookup`, { method: 'POST', redirect: 'manual', headers: headers('http://evil.example', cookie), body: form(lookup) })).status).toBe(403);
    expect((await fetch(`${world.office.url}/portal/bank/lookup`, { method: 'POST', redirect: 'manual', headers: headers(world.office.url, cookie), body: form(lookup) })).status).toBe(403);
    const page = await (await fetch(`${world.office.url}/portal/bank`, { headers: { cookie } })).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    expect(token).not.toBe('');
    expect((await fetch(`${world.office.url}/portal/bank/lookup`, { method: 'POST', redirect: 'manual', headers: headers(world.office.url, cookie), body: form({ ...lookup, _csrf: token }) })).status).toBe(404);
  });
});
