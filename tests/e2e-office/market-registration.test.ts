import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUILDING } from '#server/office/archive/seed-register.ts';
import { DEMO_BUYERS, demoUnitNumber } from '#server/office/market/seed-market.ts';
import { type UnitDoc } from '#protocol/documents/office.ts';
import { type Office } from '../office/harness.ts';
import { Van } from '../office/scenario.ts';
import { launchBrowser, signedIn } from '../support/chromium.ts';
import { startMarketOffice } from './market-office.ts';

let office: Office;
let browser: Browser;
let van: Van;

/** A flat of the demo project, sold off-plan: the register does not hold it before its 首次登记. */
const presaleFlat = (floor: number, room: number): UnitDoc => ({
  id: demoUnitNumber(1, floor, room), unitNumber: demoUnitNumber(1, floor, room), certificateNumber: '', districtCode: '230803', address: `佳木斯市向阳区滨江路9号1栋${floor}0${room}室`,
  use: 'residential', areaM2: 98.5, owners: [], flags: { seized: false, mortgaged: false, advanceNotice: false, inProgress: false }, snapshotAt: new Date().toISOString(), _deleted: false,
});

const casePage = (caseId: string) =>
  signedIn(browser, office.url, 'wangfang', { loginPath: `/office/login?next=/office/cases/${caseId}`, landing: (u) => u.pathname === `/office/cases/${caseId}` });

beforeAll(async () => {
  office = await startMarketOffice();
  van = await Van.enroll(office);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await office?.close();
});

describe('registration reads the contract filing', () => {
  it('shows a transfer\'s reviewer the unit\'s filing and that the case\'s 权利人 are not its buyers', { timeout: 60_000 }, async () => {
    const c = await van.acceptCase(1, presaleFlat(1, 1));
    const page = await casePage(c.caseId);
    const slot = page.locator('#case-filing-0');
    expect(await slot.getAttribute('data-filed')).toBe('true');
    expect(await slot.textContent()).toContain('张国强（230804197803120414）、李秀梅（230803198509211620）');
    expect(await slot.textContent()).toContain('佳木斯江景房地产开发有限公司');
    expect(await page.getAttribute('#case-filing-0-check', 'data-outcome')).toBe('buyers-differ');
    expect(await page.textContent('#case-filing-0-check')).toContain('申请人1 不是备案买受人；备案买受人 张国强、李秀梅 未作为权利人申请');
    await page.context().close();
  });

  it('tells the reviewer when the 权利人 are exactly the filed buyers', { timeout: 60_000 }, async () => {
    const buyers = DEMO_BUYERS.map((b) => ({ name: b.name, idType: b.idType, idNumber: b.idNumber, side: 'holder' as const }));
    const c = await van.acceptCase(2, presaleFlat(2, 2), { applicants: [...buyers, { name: '佳木斯江景房地产开发有限公司', idType: 'business-license', idNumber: '91230800MA1B2C3D4E', side: 'obligor' }] });
    const page = await casePage(c.caseId);
    expect(await page.getAttribute('#case-filing-0-check', 'data-outcome')).toBe('matches');
    await page.context().close();
  });

  it('says on a transfer of an unfiled unit, and on its register page, that the filing system holds no filing', { timeout: 60_000 }, async () => {
    const unit = `${DEMO_BUILDING.key}0303`;
    const c = await van.acceptCase(3, { ...presaleFlat(1, 1), id: unit, unitNumber: unit });
    const page = await casePage(c.caseId);
    expect(await page.getAttribute('#case-filing-0', 'data-filed')).toBe('false');
    await page.goto(`${office.url}/office/archive/units/${unit}`);
    expect(await page.getAttribute('#filing-slot', 'data-filed')).toBe('false');
    expect(await page.textContent('#filing-slot')).toContain('没有有效的备案合同');
    await page.context().close();
  });
});
