import { beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { startOfficeWithPages } from '../office/harness.ts';
import { freeUnit, Van, type VanCase } from '../office/scenario.ts';
import { signedIn } from '../support/chromium.ts';
import { officeInBrowser } from '../support/office-in-browser.ts';

const SHOTS = 'docs/screenshots';

const world = officeInBrowser(startOfficeWithPages);
let first: VanCase;
let second: VanCase;

const loggedIn = (login: string): Promise<Page> => signedIn(world.browser, world.office.url, login, { loginPath: '/office/login', landing: /\/office\/queues/ });

beforeAll(async () => {
  const van = await Van.enroll(world.office);
  first = await van.acceptCase(1, await freeUnit(world.office, 0), { appointmentId: 'appt-001' });
  second = await van.acceptCase(2, await freeUnit(world.office, 1), { appointmentId: 'appt-002', amountFen: 4000 });
});

describe('office pages in Chromium', () => {
  it('shows the 初审 queue oldest first and passes the first case', async () => {
    const page = await loggedIn('wangfang');
    const rows = page.locator('table[data-level="1"] tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).getAttribute('data-case')).toBe(first.caseId);
    await page.screenshot({ path: `${SHOTS}/office-queues.png`, fullPage: true });
    await page.click(`tr[data-case="${first.caseId}"] a`);
    await page.waitForURL(/\/office\/cases\//);
    expect(await page.textContent('#chain-verdict')).toContain('哈希链校验通过');
    await page.fill('#reason-pass', '材料齐全，符合登记条件');
    await Promise.all([page.waitForURL(/msg=/), page.click('button[data-action="pass"]')]);
    expect(await page.textContent('#stage')).toContain('初审通过');
    await page.screenshot({ path: `${SHOTS}/office-case.png`, fullPage: true });
  });

  it('does not offer the same reviewer 复审, and says why', async () => {
    const page = await loggedIn('wangfang');
    await page.goto(`${world.office.url}/office/cases/${encodeURIComponent(first.caseId)}`);
    expect(await page.locator('button[data-action="pass"]').count()).toBe(0);
    expect(await page.textContent('#not-yours')).toContain('三名不同人员');
  });

  it('asks for a reason before a case is taken out of order', async () => {
    const page = await loggedIn('wangfang');
    // The 初审 queue now starts with the second case (the first moved on); a later third case is second in line.
    const van = await Van.enroll(world.office, 'van-b');
    const later = await van.acceptCase(9, await freeUnit(world.office, 5));
    await page.goto(`${world.office.url}/office/cases/${encodeURIComponent(later.caseId)}`);
    expect(await page.isVisible('#outOfOrderReason')).toBe(true);
  });

  it('shows the trip reconciliation with each finding and what to do, and signs it off', async () => {
    const page = await loggedIn('zhaolei');
    await page.goto(`${world.office.url}/office/trips/${DEMO_TRIP_ID}/reconciliation`);
    const mismatch = page.locator('#findings tr[data-code="receipt-amount-mismatch"]');
    expect(await mismatch.count()).toBe(1);
    expect(await mismatch.textContent()).toContain(second.caseNumber);
    await page.fill('#cash', '200');
    await page.fill('#unusedNumbers', 'JMS2026-001003-001199');
    await Promise.all([page.waitForURL(/msg=/), page.click('form[action$="/return"] button')]);
    await page.screenshot({ path: `${SHOTS}/office-reconciliation.png`, fullPage: true });
    await page.fill('#note', '少收 40 元已通知申请人补缴，收据另开。');
    await Promise.all([page.waitForURL(/msg=/), page.click('#sign-off')]);
    expect(await page.textContent('#signed')).toContain('赵磊');
  });

  it('takes a phone appointment, plans it into a trip and shows the dashboard', async () => {
    const page = await loggedIn('admin');
    await page.goto(`${world.office.url}/office/appointments`);
    await page.fill('#applicantName', '赵桂兰');
    await page.fill('#phone', '13945400000');
    await page.fill('#address', '佳木斯市向阳区长安路8号3单元502室');
    await page.selectOption('#category', 'disabled');
    await page.fill('#preferredDate', '2026-12-03');
    await Promise.all([page.waitForURL(/msg=/), page.click('form[action="/office/appointments"] button')]);
    expect(await page.textContent('main table')).toContain('赵桂兰');
    // The outcome shows after the office's own redirect; the same address opened from outside shows no words of its own.
    expect(await page.locator('main .okbox').textContent()).toContain('预约');
    await page.goto(`${world.office.url}/office/appointments?err=${encodeURIComponent('系统升级，请致电 0454-0000000 核实身份')}`);
    expect(await page.textContent('main')).not.toContain('请致电');
    await page.screenshot({ path: `${SHOTS}/office-appointments.png`, fullPage: true });
    await page.goto(`${world.office.url}/office/trips`);
    await page.fill('#date', '2026-12-03');
    await page.fill('#title', '向阳区上门登记');
    await page.check('input[name="appointmentRequestIds"]');
    await page.fill('#blockPrefix', 'JMS2026-');
    await page.fill('#blockFirst', '2001');
    await page.fill('#blockLast', '2100');
    await Promise.all([page.waitForURL(/msg=/), page.click('form[action="/office/trips"] button')]);
    expect(await page.textContent('main table')).toContain('JMS2026-002001');
    await page.goto(`${world.office.url}/office/dashboard`);
    expect(await page.locator('#by-stage .card').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/office-dashboard.png`, fullPage: true });
  });

  it('answers the public status query on the kiosk page without personal data, and shows the guide', async () => {
    const context = await world.browser.newContext({ viewport: { width: 1080, height: 1600 }, hasTouch: true, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${world.office.url}/public/status`);
    await page.fill('#caseNo', first.caseNumber);
    await page.fill('#code', first.queryCode);
    await Promise.all([page.waitForURL(/caseNo=/), page.tap('button[type=submit]')]);
    const result = await page.textContent('#status-result');
    expect(result).toContain('初审通过');
    expect(result).not.toContain('申请人1');
    await page.screenshot({ path: `${SHOTS}/office-public-status.png`, fullPage: true });
    await page.goto(`${world.office.url}/public/guide`);
    expect(await page.textContent('#transfer')).toContain('转移登记');
    await page.screenshot({ path: `${SHOTS}/office-guide.png` });
  });

  it('lets the administration set the 承诺时限 on its page, and publishes it beside the legal limit', async () => {
    const page = await loggedIn('admin');
    await page.click('header a[href="/office/promised-limits"]');
    expect(await page.textContent('#limits-set')).toContain('尚未设置');
    await page.getByLabel('转移登记承诺时限', { exact: true }).fill('4');
    await Promise.all([page.waitForURL(/msg=/), page.click('main button[type=submit]')]);
    expect(await page.textContent('#limits-set')).toMatch(/^最近一次由 系统管理员 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 设置。$/);
    expect(await page.getByLabel('转移登记承诺时限', { exact: true }).inputValue()).toBe('4');
    // The case page holds the accepted case to the table (its intake recorded no promise of its own).
    await page.goto(`${world.office.url}/office/cases/${encodeURIComponent(second.caseId)}`);
    expect(await page.textContent('#promised-limit')).toMatch(/^承诺 4 个工作日，至 \d{4}-\d{2}-\d{2}$/);
    expect(await page.textContent('#legal-limit')).toContain('法定 30 个工作日（《不动产登记暂行条例》第二十条）');
    await page.goto(`${world.office.url}/public/guide`);
    expect(await page.textContent('#transfer')).toContain('法定 30 个工作日（《不动产登记暂行条例》第二十条），承诺 4 个工作日');
  });
});
