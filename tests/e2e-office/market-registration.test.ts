import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '#domain/calendar/china-time.ts';
import { type BuildingUnit } from '#domain/market/building-table.ts';
import { dbRegisterStore } from '#server/office/archive/db-register-store.ts';
import { DEMO_BUILDING } from '#server/office/archive/seed-register.ts';
import { ArchiveRegister } from '#server/office/market/archive-register.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { FilingService } from '#server/office/market/filing-service.ts';
import { ListingService } from '#server/office/market/listing-service.ts';
import { MarketWorker } from '#server/office/market/market-worker.ts';
import { DEMO_BUYERS, DEMO_DEVELOPER, DEMO_PROJECT, demoDraft, demoUnitNumber } from '#server/office/market/seed-market.ts';
import { todayInOffice } from '#server/office/today.ts';
import { type UnitDoc } from '#protocol/documents/office.ts';
import { Van } from '../office/scenario.ts';
import { signedIn } from '../support/chromium.ts';
import { officeInBrowser } from '../support/office-in-browser.ts';
import { startMarketOffice } from './market-office.ts';

const world = officeInBrowser(startMarketOffice);
let van: Van;

/** A flat of the demo project, sold off-plan: the register does not hold it before its 首次登记. */
const presaleFlat = (floor: number, room: number): UnitDoc => ({
  id: demoUnitNumber(1, floor, room), unitNumber: demoUnitNumber(1, floor, room), certificateNumber: '', districtCode: '230803', address: `佳木斯市向阳区滨江路9号1栋${floor}0${room}室`,
  use: 'residential', areaM2: 98.5, owners: [], flags: { seized: false, mortgaged: false, advanceNotice: false, inProgress: false }, snapshotAt: new Date().toISOString(), _deleted: false,
});

const casePage = (caseId: string) =>
  signedIn(world.browser, world.office.url, 'wangfang', { loginPath: `/office/login?next=/office/cases/${caseId}`, landing: (u) => u.pathname === `/office/cases/${caseId}` });

beforeAll(async () => {
  van = await Van.enroll(world.office);
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
    await page.goto(`${world.office.url}/office/archive/units/${unit}`);
    expect(await page.getAttribute('#filing-slot', 'data-filed')).toBe('false');
    expect(await page.textContent('#filing-slot')).toContain('没有有效的备案合同');
    await page.context().close();
  });

  it('shows on a registered unit\'s register page the contract the filing system holds, and none once a court has cancelled it', { timeout: 60_000 }, async () => {
    // Flat 701 of the demo register's building: in the register since the building was surveyed, never sold, sold now
    // as a finished home (现售) under a completion filing.
    const unit = `${DEMO_BUILDING.key}0701`;
    const today = todayInOffice();
    const at = new Date().toISOString();
    const clock = { now: () => new Date() };
    const stores = dbMarketStores(world.office.storage.db);
    const register = new ArchiveRegister(dbRegisterStore(world.office.storage.db));
    const filings = new FilingService(stores, register, clock);
    const worker = new MarketWorker(stores, register, filings, new ListingService(stores, register, clock), clock);
    const flat: BuildingUnit = { unitNumber: unit, projectId: 'p-xingfu', buildingId: 'b-xingfu-3', floor: 7, room: '701', use: 'residential', areaDm2: 11_230, rooms: 3, halls: 1, listFenPerM2: 650_000, withheld: false };
    const stored = await stores.table.createProject({ ...DEMO_PROJECT, id: 'p-xingfu', name: '幸福家园', address: DEMO_BUILDING.address }, [{ id: 'b-xingfu-3', projectId: 'p-xingfu', name: '3栋', floors: 7 }], [flat], 'staff-chenjing', at);
    expect(stored).toEqual({ ok: true });
    await stores.table.addPermit({ id: 'permit-xingfu', projectId: 'p-xingfu', kind: 'completion', number: '佳竣备2019031号', authority: '佳木斯市住房和城乡建设局', issuedOn: addDays(today, -30), buildingIds: ['b-xingfu-3'], revokedOn: null }, 'staff-chenjing', at);
    const draft = await filings.createDraft(DEMO_DEVELOPER, { ...demoDraft(flat, today), template: 'GF-2014-0172' });
    if (!draft.ok) throw new Error(`draft: ${JSON.stringify(draft.error)}`);
    const filed = await filings.file(DEMO_DEVELOPER, draft.value.id);
    if (!filed.ok) throw new Error(`filing: ${JSON.stringify(filed.error)}`);
    await worker.tick();

    const page = await signedIn(world.browser, world.office.url, 'wangfang', { loginPath: `/office/login?next=/office/archive/units/${unit}`, landing: (u) => u.pathname === `/office/archive/units/${unit}` });
    const slot = page.locator('#filing-slot');
    expect(await slot.getAttribute('data-filed')).toBe('true');
    expect(await slot.textContent()).toContain(`备案合同 ${filed.value.contractNumber}（${today} 备案，出卖人 佳木斯江景房地产开发有限公司）`);
    expect(await slot.textContent()).toContain('买受人：张国强（230804197803120414）、李秀梅（230803198509211620）');
    // The register's own slot, written by the filing system into the 登记簿, names the same contract.
    expect(await page.textContent('#contract-filing')).toBe(`${filed.value.contractNumber}，买受人 张国强、李秀梅，${today}`);

    const court = { court: '佳木斯市向阳区人民法院', documentNumber: `(${today.slice(0, 4)})黑0803民初55号`, documentKind: 'judgment' as const };
    const cancelled = await filings.act({ kind: 'office', id: 'staff-chenjing', name: '陈静', orgId: null, orgName: null }, filed.value.id, { kind: 'court-cancel', court, reason: '法院判决解除合同' });
    expect(cancelled.ok).toBe(true);
    await worker.tick();
    await page.reload();
    expect(await slot.getAttribute('data-filed')).toBe('false');
    expect(await page.textContent('#contract-filing')).toBe('由合同备案系统写入；该单元当前没有备案记录。');
    await page.context().close();
  });
});
