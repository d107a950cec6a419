import { beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { DEMO_BUILDING } from '#server/office/archive/seed-register.ts';
import { chinaDateTime } from '#domain/calendar/china-time.ts';
import { todayInOffice } from '#server/office/today.ts';
import { freeUnit, Van, type VanCase } from '../office/scenario.ts';
import { eventually, startArchiveOffice, unitDoc } from '../archive/harness.ts';
import { signedIn } from '../support/chromium.ts';
import { officeInBrowser } from '../support/office-in-browser.ts';

const SHOTS = 'docs/screenshots';
/** A delivery time for the form's datetime-local field (China time), minutes before now: never in the future at any hour. */
const localMinutesAgo = (m: number) => chinaDateTime(new Date(Date.now() - m * 60_000).toISOString()).replace(' ', 'T');

const world = officeInBrowser(startArchiveOffice);
let accepted: VanCase;

const loggedIn = (login: string): Promise<Page> => signedIn(world.browser, world.office.url, login, { loginPath: '/office/login?next=/office/archive', landing: (u) => u.pathname === '/office/archive' });

beforeAll(async () => {
  accepted = await (await Van.enroll(world.office)).acceptCase(1, await freeUnit(world.office, 0));
});

describe('the register page in Chromium', () => {
  it('finds a unit by address and shows its register: natural status, holder, mortgage, history with a verified chain', { timeout: 60_000 }, async () => {
    const page = await loggedIn('chenjing');
    await page.selectOption('#by', 'address');
    await page.fill('#value', DEMO_BUILDING.address);
    await Promise.all([page.waitForURL(/value=/), page.click('form.card button[type=submit]')]);
    expect(await page.locator('#found tbody tr').count()).toBe(DEMO_BUILDING.floors * DEMO_BUILDING.perFloor);
    await Promise.all([page.waitForURL(/\/office\/archive\/units\//), page.click(`tr[data-unit="${DEMO_BUILDING.key}0303"] a`)]);
    expect(await page.textContent('#natural')).toContain('112.3 m²');
    expect(await page.textContent('#holders')).toContain('业主303');
    expect(await page.textContent('#mortgages')).toContain('中国工商银行股份有限公司佳木斯分行');
    expect(await page.textContent('#chain')).toContain('哈希链校验通过');
    expect(await page.textContent('#contract-filing')).toContain('合同备案系统');
  });

  it('records a 查封 from the court form: the unit shows seized and its open case is flagged', async () => {
    const page = await loggedIn('chenjing');
    await page.goto(`${world.office.url}/office/archive/units/${accepted.unitId}`);
    expect(await page.textContent('#open-cases')).toContain(accepted.caseNumber);
    const today = todayInOffice();
    await page.fill('#seize-court', '佳木斯市向阳区人民法院');
    await page.fill('#seize-notice', '(2026)黑0803执协501号');
    await page.fill('#seize-ruling', '(2026)黑0803执501号');
    await page.fill('#seize-delivered', localMinutesAgo(10));
    await page.fill('#seize-respondent', '申请人1');
    await page.fill('#seize-from', today);
    await page.fill('#seize-to', `${String(Number(today.slice(0, 4)) + 2)}${today.slice(4)}`);
    await Promise.all([page.waitForURL(/msg=/), page.click('#form-seize button[type=submit]')]);
    expect(await page.textContent('.okbox')).toContain('查封生效');
    expect(await page.textContent('#register-status')).toBe('查封');
    expect(await page.getAttribute('#live-seizures tbody tr', 'data-standing')).toBe('effective');
    await page.screenshot({ path: `${SHOTS}/archive-register.png`, fullPage: true });
    await eventually(() => unitDoc(world.office, accepted.unitId), (u) => u.flags.seized, 'the seized snapshot');
    await page.goto(`${world.office.url}/office/cases/${encodeURIComponent(accepted.caseId)}`);
    expect(await page.textContent('main')).toContain('异常标记');
    expect(await page.textContent('#unit-stop')).toContain('查封');
  });

  it('records a 续封 from the court form: the seizure’s period shows the new end date', async () => {
    const page = await loggedIn('chenjing');
    await page.goto(`${world.office.url}/office/archive/units/${accepted.unitId}`);
    const today = todayInOffice();
    const newTo = `${String(Number(today.slice(0, 4)) + 3)}${today.slice(4, 8)}01`;
    await page.fill('#renew-court', '佳木斯市向阳区人民法院');
    await page.fill('#renew-notice', '(2026)黑0803执协503号');
    await page.fill('#renew-ruling', '(2026)黑0803执503号');
    await page.fill('#renew-delivered', localMinutesAgo(7));
    await page.fill('#renew-to', newTo);
    await Promise.all([page.waitForURL(/msg=/), page.click('#form-renew button[type=submit]')]);
    expect(await page.textContent('.okbox')).toContain(`已记录续封：查封期限延至 ${newTo}`);
    expect(await page.textContent('#live-seizures tbody tr[data-standing="effective"]')).toContain(`${today} 至 ${newTo}`);
    expect(await page.textContent('#live-seizures')).toContain('续封 1 次');
    expect(await page.textContent('#register-status')).toBe('查封');
  });

  it('lifts the seizure with its reason and shows who lifted it', async () => {
    const page = await loggedIn('chenjing');
    await page.goto(`${world.office.url}/office/archive/units/${accepted.unitId}`);
    await page.fill('#lift-court', '佳木斯市向阳区人民法院');
    await page.fill('#lift-notice', '(2026)黑0803执协502号');
    await page.fill('#lift-ruling', '(2026)黑0803执502号');
    await page.fill('#lift-delivered', localMinutesAgo(5));
    await page.fill('#lift-reason', '被执行人已履行债务');
    await Promise.all([page.waitForURL(/msg=/), page.click('#form-lift button[type=submit]')]);
    expect(await page.textContent('#ended-seizures')).toContain('被执行人已履行债务');
    expect(await page.textContent('#ended-seizures')).toContain('陈静');
    expect(await page.textContent('#register-status')).not.toBe('查封');
  });

  it('refuses a court form from a reviewer', async () => {
    const page = await loggedIn('wangfang');
    await page.goto(`${world.office.url}/office/archive/units/${accepted.unitId}`);
    expect(await page.locator('#form-seize').count()).toBe(0);
  });
});
