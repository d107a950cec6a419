import { pino } from 'pino';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '#domain/calendar/china-time.ts';
import { IdReaderDriver } from '#electron/devices/id-reader/driver.ts';
import { serialOpener } from '#electron/devices/ports.ts';
import { StationAgent } from '#electron/station/station-agent.ts';
import { type IdReaderEmulator, startIdReaderEmulator } from '#fixtures/devices/id-reader-emulator.ts';
import { DEMO_PROJECT, demoUnitNumber } from '#server/office/market/seed-market.ts';
import { todayInOffice } from '#server/office/today.ts';
import { fixturePath } from '../devices/frames.ts';
import { newTab, signedIn } from '../support/chromium.ts';
import { officeInBrowser } from '../support/office-in-browser.ts';
import { startMarketOffice } from './market-office.ts';

/** Cards of the emulator (fixtures/devices/identities.json): 金永哲 buys; 李秀梅 is no party to his contract. */
const CARD = { buyer: 2, stranger: 1 } as const;
const BUYER = { name: '金永哲', idNumber: '230822196201050832' };
const UNIT = demoUnitNumber(1, 3, 2);

const world = officeInBrowser(startMarketOffice);
let emulator: IdReaderEmulator;
let stop: () => Promise<void> = () => Promise.resolve();

const portal = (login: string): Promise<Page> => signedIn(world.browser, world.office.url, login, { loginPath: '/portal/login', landing: (u) => u.pathname !== '/portal/login' });

/** Takes any card off the reader and places `card` (a card is read once per placement). */
function place(card: number): void {
  emulator.removeCard();
  emulator.placeCard(card);
}

/** The administration sets up the developer's sales-office reader on the office's page; answers its token. */
async function salesStation(): Promise<string> {
  const admin = await signedIn(world.browser, world.office.url, 'admin', { loginPath: '/office/login?next=/office/market/orgs', landing: (u) => u.pathname === '/office/market/orgs' });
  await Promise.all([admin.waitForURL(/\/stations$/), admin.click(`a[href="/office/market/orgs/${DEMO_PROJECT.developerId}/stations"]`)]);
  await admin.fill('input[name=name]', '江景华府售楼处 1 号台');
  await Promise.all([admin.waitForSelector('#station-token'), admin.click('form.card button[type=submit]')]);
  const token = (await admin.textContent('#station-token')) ?? '';
  expect(await admin.locator('[data-testid="sales-stations"] tbody tr').count()).toBe(1);
  // The office's own counters do not offer a developer's reader.
  await admin.goto(`${world.office.url}/office/archive/queries/new`);
  expect(await admin.locator('option', { hasText: '江景华府售楼处' }).count()).toBe(0);
  await admin.context().close();
  return token;
}

async function submit(page: Page, form: string, button = 'button[type=submit]'): Promise<string> {
  await Promise.all([page.waitForURL(/(msg|err|read)=/), page.locator(form).locator(button).click()]);
  return (await page.textContent('main')) ?? '';
}

beforeAll(async () => {
  const token = await salesStation();
  emulator = await startIdReaderEmulator({ identities: fixturePath('identities.json') });
  emulator.removeCard();
  const driver = new IdReaderDriver({ open: serialOpener({ path: emulator.devicePath, baudRate: 115_200 }), pollIntervalMs: 50, log: pino({ level: 'silent' }) });
  const agent = new StationAgent({ officeUrl: world.office.url, token, reader: driver, log: pino({ level: 'silent' }), retryMs: 200 });
  void agent.start();
  stop = async () => {
    await agent.stop();
    await driver.close();
    await emulator.close();
  };
}, 180_000);
// Before the office and the browser close (after hooks run in reverse): the station agent talks to the office.
afterAll(() => stop());

describe('the sales office\'s card reader and a contract\'s change and cancellation, in Chromium', () => {
  it('reads the buyer from the card into the contract, changes it with the buyer\'s card, and cancels it only when the buyer consents', { timeout: 240_000 }, async () => {
    const sales = await portal('jj-sales');
    await sales.goto(`${world.office.url}/portal/developer/drafts/new?unit=${UNIT}`);
    await sales.selectOption('select[name=method]', 'lump-sum');
    const today = todayInOffice();
    await sales.fill('input[name=dueOn]', addDays(today, 30));
    await sales.fill('input[name=deliveryOn]', addDays(today, 400));
    place(CARD.buyer);
    const read = await submit(sales, '[data-testid="draft-form"]', 'button[value="read:0"]');
    expect(read).toContain(`已从身份证读取买受人 1：${BUYER.name}。`);
    expect(await sales.inputValue('input[name=b0_name]')).toBe(BUYER.name);
    expect(await sales.inputValue('input[name=b0_idNumber]')).toBe(BUYER.idNumber);
    await sales.fill('input[name=b0_phone]', '13904549876');
    await sales.screenshot({ path: 'docs/screenshots/market-sales-reader.png', fullPage: true });
    await Promise.all([sales.waitForURL(/\/portal\/developer\/filings\//), sales.click('[data-testid="file-contract"]')]);
    const filingUrl = sales.url();
    const contract = /YS\d{11}/.exec((await sales.textContent('main')) ?? '')?.[0] ?? '';
    expect(contract).not.toBe('');
    // A salesperson files; changing or cancelling a filed contract is the manager's.
    expect(await sales.locator('form[action$="/change"]').count()).toBe(0);

    const manager = await portal('jj-manager');
    await manager.goto(filingUrl);
    const change = 'form[action$="/change"]';
    const newDelivery = addDays(today, 460);
    await manager.fill(`${change} input[name=deliveryOn]`, newDelivery);
    await manager.fill(`${change} input[name=reason]`, '工程进度调整，双方协商延期交付');
    place(CARD.stranger);
    expect(await submit(manager, change)).toContain('变更须经全部买受人同意');
    expect(await manager.textContent('[data-testid="delivery-on"]')).toBe(addDays(today, 400));
    await manager.fill(`${change} input[name=deliveryOn]`, newDelivery);
    await manager.fill(`${change} input[name=reason]`, '工程进度调整，双方协商延期交付');
    place(CARD.buyer);
    expect(await submit(manager, change)).toContain('已办理。');
    expect(await manager.textContent('[data-testid="delivery-on"]')).toBe(newDelivery);
    expect(await manager.textContent('[data-testid="filing-history"] tr[data-kind="changed"]')).toContain(`工程进度调整，双方协商延期交付（交付日期改为 ${newDelivery}）`);

    const cancel = 'form[action$="/cancel"]';
    await manager.fill(`${cancel} input[name=reason]`, '买受人无力继续付款，双方协商解除合同');
    const pending = await submit(manager, cancel);
    expect(pending).toContain('注销申请中');
    expect(pending).toContain('已有 0/1 位买受人同意');
    // The developer's request alone cancels nothing: the unit stays filed on the public table.
    const pub = await newTab(world.browser);
    await pub.goto(`${world.office.url}/public/market/projects/${DEMO_PROJECT.id}`);
    expect(await pub.getAttribute(`td[data-unit="${UNIT}"]`, 'data-status')).toBe('filed');

    const consent = 'form[action$="/consent"]';
    place(CARD.stranger);
    expect(await submit(manager, consent)).toContain('该身份证件不是本合同的买受人。');
    place(CARD.buyer);
    const done = await submit(manager, consent);
    expect(done).toContain('已注销');
    await manager.screenshot({ path: 'docs/screenshots/market-filing-cancelled.png', fullPage: true });
    await pub.reload();
    expect(await pub.getAttribute(`td[data-unit="${UNIT}"]`, 'data-status')).toBe('for-sale');
  });
});
