import { describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { projectRegister } from '#domain/register/project.ts';
import { dbRegisterStore } from '#server/office/archive/db-register-store.ts';
import { DEMO_BUILDING } from '#server/office/archive/seed-register.ts';
import { demoUnitNumber, DEMO_PROJECT } from '#server/office/market/seed-market.ts';
import { todayInOffice } from '#server/office/today.ts';
import { newTab, signedIn } from '../support/chromium.ts';
import { officeInBrowser } from '../support/office-in-browser.ts';
import { startMarketOffice } from './market-office.ts';

const SHOTS = 'docs/screenshots';

const world = officeInBrowser(startMarketOffice);

const flat = (room: number): string => `${DEMO_BUILDING.key}${String(room).padStart(4, '0')}`;

/** A flat's holders as the register has them today, one "name,ID" line each, as a submitter types them. */
async function holdersOf(room: number): Promise<string> {
  const v = projectRegister(flat(room), await dbRegisterStore(world.office.storage.db).entriesOf(flat(room)), todayInOffice());
  return (v.ownership?.holders ?? []).map((h) => `${h.name},${h.idNumber}`).join('\n');
}

const newPage = (): Promise<Page> => newTab(world.browser);
const portal = (login: string): Promise<Page> => signedIn(world.browser, world.office.url, login, { loginPath: '/portal/login', landing: (u) => u.pathname !== '/portal/login' });
const staff = (login: string, next: string): Promise<Page> => signedIn(world.browser, world.office.url, login, { loginPath: `/office/login?next=${encodeURIComponent(next)}`, landing: (u) => u.pathname === next });

/** Fills the listing form for a demo flat; answers the status of the POST. */
async function submitListing(page: Page, room: number, sellers: string, commission: boolean | null): Promise<number> {
  const form = page.locator('[data-testid="listing-form"]');
  await form.locator('input[name=unitNumber]').fill(flat(room));
  await form.locator('input[name=place]').fill('幸福家园 3栋');
  await form.locator('input[name=area]').fill(room % 2 === 0 ? '89.6' : '112.3');
  await form.locator('input[name=price]').fill('620000');
  await form.locator('input[name=rooms]').fill('3');
  await form.locator('input[name=halls]').fill('1');
  await form.locator('input[name=floor]').fill(String(Math.floor(room / 100)));
  await form.locator('input[name=totalFloors]').fill(String(DEMO_BUILDING.floors));
  await form.locator('textarea[name=sellers]').fill(sellers);
  if (commission !== null) await form.locator('input[name=commission]').setChecked(commission);
  const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), form.locator('button[type=submit]').click()]);
  await page.waitForLoadState();
  return res.status();
}

/** Verifies every item of the open listing as passed, in the page's order; answers the last message. */
async function verifyAll(page: Page): Promise<string> {
  for (;;) {
    const pass = page.locator('[data-testid="verify-items"] button[value="1"]').first();
    if ((await pass.count()) === 0) break;
    await Promise.all([page.waitForURL(/msg=/), pass.click()]);
  }
  return (await page.textContent('main')) ?? '';
}

describe('a second-hand listing from the agency portal to publication, in Chromium', () => {
  it('refuses a seized flat with the reason and a listing without the owners\' commission, then publishes one the counter verified item by item', { timeout: 180_000 }, async () => {
    const agency = await portal('anju-agent');
    expect(new URL(agency.url()).pathname).toBe('/portal/agency');

    expect(await submitListing(agency, 502, await holdersOf(502), true)).toBe(422);
    expect(await agency.locator('[data-testid="listing-refused"] li').evaluateAll((li) => li.map((x) => x.getAttribute('data-check')))).toEqual(['seizure']);

    expect(await submitListing(agency, 101, await holdersOf(101), false)).toBe(400);
    expect(await agency.textContent('[role=alert]')).toContain('没有出售人的委托');

    // Accepted: the portal redirects to its page with the message (POST, redirect, GET).
    expect(await submitListing(agency, 101, await holdersOf(101), true)).toBe(302);
    expect(await agency.textContent('main')).toContain('自动核验已通过');
    expect(await agency.getAttribute(`[data-testid="agency-listings"] tr[data-unit="${flat(502)}"]`, 'data-status')).toBe('refused');
    const row = agency.locator(`[data-testid="agency-listings"] tr[data-unit="${flat(101)}"]`);
    expect(await row.getAttribute('data-status')).toBe('verifying');
    const listingId = (await row.getAttribute('data-listing')) ?? '';
    await agency.screenshot({ path: `${SHOTS}/market-agency.png`, fullPage: true });

    // An agent's login opens no office page, and an approver (审批) does not verify listings.
    const approver = await staff('chenjing', '/office/market/listings');
    await approver.goto(`${world.office.url}/office/market/listings/${listingId}`);
    expect(await approver.locator('[data-testid="verify-items"] button').count()).toBe(0);

    const counter = await staff('wangfang', '/office/market/listings');
    await Promise.all([counter.waitForURL(/\/office\/market\/listings\/listing-/), counter.click(`a[href="/office/market/listings/${listingId}"]`)]);
    expect(await counter.textContent('main')).toContain(flat(101));
    // A failed item must say what is wrong: the submitter is told it.
    const done = await verifyAll(counter);
    const code = /核验码 (\d{4} \d{4} \d{4})/.exec(done)?.[1]?.replaceAll(' ', '') ?? '';
    expect(code).toMatch(/^\d{12}$/);
    // Each item checked says by whom, by name.
    expect(await counter.locator('[data-testid="verify-items"] tr[data-item="identity"] td').textContent()).toContain('王芳');
    await counter.screenshot({ path: `${SHOTS}/market-verify-counter.png`, fullPage: true });

    await agency.goto(`${world.office.url}/portal/agency`);
    expect(await agency.locator(`tr[data-listing="${listingId}"]`).getAttribute('data-status')).toBe('published');
    const check = await newPage();
    await check.goto(`${world.office.url}/public/listings/verify?code=${code}`);
    expect(await check.textContent('main')).toContain('该房源已经登记中心核验并发布。');
  });

  it('takes an owner\'s own listing without a login and rejects it at the counter with the reason', { timeout: 120_000 }, async () => {
    const owner = await newPage();
    await owner.goto(`${world.office.url}/public/listings/submit`);
    expect(await owner.locator('input[name=commission]').count()).toBe(0);
    expect(await submitListing(owner, 102, '某某,230803199001011234', null)).toBe(400);
    expect(await submitListing(owner, 102, await holdersOf(102), null)).toBe(200);
    expect(await owner.textContent('[data-testid="owner-accepted"]')).toMatch(/受理编号 [0-9A-F]{8}/);

    const counter = await staff('liuyang', '/office/market/listings');
    const row = counter.locator('[data-testid="listing-queue"] tbody tr', { hasText: flat(102) });
    expect(await row.textContent()).toContain('业主自行提交');
    await Promise.all([counter.waitForURL(/\/office\/market\/listings\/listing-/), row.locator('a').click()]);
    const identity = counter.locator('[data-testid="verify-items"] tr[data-item="identity"]');
    await Promise.all([counter.waitForURL(/err=/), identity.locator('button[value="0"]').click()]);
    expect(await counter.textContent('main')).toContain('不通过');
    await identity.locator('input[name=note]').fill('到场者非登记簿记载的权利人');
    await Promise.all([counter.waitForURL(/msg=/), identity.locator('button[value="0"]').click()]);
    expect(await counter.textContent('main')).toContain('房源核验未通过');
    expect(await counter.textContent('tr[data-item="identity"]')).toContain('到场者非登记簿记载的权利人');
  });
});

describe('the office\'s building table and filings, in Chromium', () => {
  it('enters a project and its units by hand, puts them on sale by a permit, and names a bad field by its column', { timeout: 120_000 }, async () => {
    const admin = await staff('admin', '/office/market');
    await admin.goto(`${world.office.url}/office/market/projects`);
    await admin.selectOption('select[name=developerId]', DEMO_PROJECT.developerId);
    await admin.fill('input[name=name]', '松花江畔');
    await admin.selectOption('select[name=districtCode]', '230803');
    await admin.fill('input[name=address]', '佳木斯市向阳区江畔路1号');
    await Promise.all([admin.waitForURL(/\/office\/market\/projects\/project-/), admin.click('form.card button[type=submit]')]);
    expect(await admin.textContent('main')).toContain('项目已建立。');

    const unit = admin.locator('[data-testid="unit-form"]');
    const fill = async (unitNumber: string, floor: string) => {
      await unit.locator('input[name=unitNumber]').fill(unitNumber);
      await unit.locator('input[name=building]').fill('A座');
      await unit.locator('input[name=floors]').fill('18');
      await unit.locator('input[name=floor]').fill(floor);
      await unit.locator('input[name=room]').fill(`${floor}01`);
      await unit.locator('input[name=area]').fill('96.5');
      await unit.locator('input[name=rooms]').fill('2');
      await unit.locator('input[name=halls]').fill('1');
      await unit.locator('input[name=price]').fill('7200');
      await Promise.all([admin.waitForURL(/(msg|err)=/), unit.locator('button[type=submit]').click()]);
    };
    await fill('230803003012GB00100F0013010', '1');
    expect(await admin.textContent('main .flag')).toMatch(/^第 1 行「不动产单元号」：/);
    await fill('230803003012GB00100F00130101', '19');
    expect(await admin.textContent('main .flag')).toContain('「层」');
    await fill('230803003012GB00100F00130101', '1');
    expect(await admin.textContent('main')).toContain('房屋 230803003012GB00100F00130101 已录入楼盘表。');
    await fill('230803003012GB00100F00130101', '1');
    expect(await admin.textContent('main .flag')).toContain('已在楼盘表中');
    expect(await admin.getAttribute('td[data-unit="230803003012GB00100F00130101"]', 'data-status')).toBe('not-for-sale');

    await admin.fill('input[name=number]', '佳房预售证第2099001号');
    await admin.fill('input[name=issuedOn]', todayInOffice());
    await admin.check('input[name=buildingIds]');
    await Promise.all([admin.waitForURL(/msg=/), admin.click('form[action$="/permits"] button[type=submit]')]);
    expect(await admin.getAttribute('td[data-unit="230803003012GB00100F00130101"]', 'data-status')).toBe('for-sale');
    await admin.screenshot({ path: `${SHOTS}/market-office-project.png`, fullPage: true });
  });

  it('names the filed home by its project and room, and keeps a refused court form as typed on the filing\'s page', { timeout: 120_000 }, async () => {
    const unitNumber = demoUnitNumber(1, 2, 2);
    const approver = await staff('chenjing', '/office/market/filings');
    await approver.fill('input[name=q]', unitNumber);
    await Promise.all([approver.waitForURL(/q=/), approver.click('form.search button[type=submit]')]);
    const home = (await approver.locator('[data-testid=filing-summary] tr', { hasText: '房屋' }).textContent()) ?? '';
    expect(home).toContain(DEMO_PROJECT.name);
    expect(home.split(unitNumber).length - 1).toBe(1);
    const contract = (await approver.textContent('main h2')) ?? '';

    // A court's name of blanks passes the browser's "required": the office refuses it, and keeps the rest as typed.
    const court = approver.locator('form[action$="/court"]');
    await court.locator('input[name=court]').fill('   ');
    await court.locator('select[name=documentKind]').selectOption('mediation');
    await court.locator('input[name=documentNumber]').fill('（2026）黑0803民初5678号');
    await court.locator('input[name=reason]').fill('双方调解解除合同');
    const [answer] = await Promise.all([approver.waitForResponse((r) => r.url().endsWith('/court')), court.locator('button[type=submit]').click()]);
    await approver.waitForLoadState();
    expect(answer.status()).toBe(400);
    expect(await approver.textContent('.flag')).toBe('请填写法院名称和法律文书文号。');
    expect(await approver.textContent('main h2')).toBe(contract);
    expect(await approver.getAttribute('[data-testid=filing-status]', 'data-status')).toBe('active');
    expect(await court.locator('input[name=documentNumber]').inputValue()).toBe('（2026）黑0803民初5678号');
    expect(await court.locator('input[name=reason]').inputValue()).toBe('双方调解解除合同');
    expect(await court.locator('select[name=documentKind]').inputValue()).toBe('mediation');
  });

  it('cancels a filing by a court\'s document with its number, recorded by 审批 only, and the unit is for sale again', { timeout: 120_000 }, async () => {
    const unitNumber = demoUnitNumber(1, 1, 1);
    const reviewer = await staff('wangfang', '/office/market/filings');
    await reviewer.fill('input[name=q]', unitNumber);
    await Promise.all([reviewer.waitForURL(/q=/), reviewer.click('form.search button[type=submit]')]);
    expect(await reviewer.textContent('main')).toMatch(/YS\d{11}/);
    expect(await reviewer.locator('form[action$="/court"]').count()).toBe(0);

    const approver = await staff('chenjing', '/office/market/filings');
    await approver.fill('input[name=q]', unitNumber);
    await Promise.all([approver.waitForURL(/q=/), approver.click('form.search button[type=submit]')]);
    const court = approver.locator('form[action$="/court"]');
    await court.locator('input[name=court]').fill('佳木斯市向阳区人民法院');
    await court.locator('select[name=documentKind]').selectOption('ruling');
    await court.locator('input[name=documentNumber]').fill('（2026）黑0803民初1234号');
    await court.locator('input[name=reason]').fill('法院裁定解除商品房买卖合同');
    await Promise.all([approver.waitForURL(/msg=/), court.locator('button[type=submit]').click()]);
    const text = (await approver.textContent('main')) ?? '';
    expect(text).toContain('已注销');
    expect(text).toContain('（2026）黑0803民初1234号');
    expect(await approver.locator('form[action$="/court"]').count()).toBe(0);

    const pub = await newPage();
    await pub.goto(`${world.office.url}/public/market/projects/${DEMO_PROJECT.id}`);
    expect(await pub.getAttribute(`td[data-unit="${unitNumber}"]`, 'data-status')).toBe('for-sale');
  });
});
