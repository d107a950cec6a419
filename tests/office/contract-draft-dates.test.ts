import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '#domain/calendar/china-time.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { DEMO_BUYERS, demoUnitNumber } from '#server/office/market/seed-market.ts';
import { todayInOffice } from '#server/office/today.ts';
import { csrfIn, getPage, portalLogin, postForm } from '../security/attacker-kit.ts';
import { startMarketOffice } from '../e2e-office/market-office.ts';
import { type Office } from './harness.ts';

/**
 * A contract draft whose signing or delivery day is left empty (or is no day of the calendar) is a draft being
 * written: its page shows the contract with the blank a paper form leaves and says which day is missing, and filing
 * it is refused with that reason. Before, the page answered 500 and the empty days passed the filing checks.
 */
let office: Office;
beforeAll(async () => {
  office = await startMarketOffice();
}, 120_000);
afterAll(async () => {
  await office.close();
});

describe('a contract draft without its dates', () => {
  it('is shown with blanks and the missing days named, and is not filed', async () => {
    const sales = await portalLogin(office.url, 'jj-sales');
    const unit = demoUnitNumber(1, 4, 1);
    const csrf = csrfIn((await getPage(office.url, `/portal/developer/drafts/new?unit=${unit}`, sales)).html) ?? '';
    const buyer = DEMO_BUYERS[0]!;
    const today = todayInOffice();
    const fields = { _csrf: csrf, unitNumber: unit, method: 'lump-sum', dueOn: addDays(today, 30), deliveryOn: '2027-02-30', signedOn: '', b0_name: buyer.name, b0_idNumber: buyer.idNumber, b0_phone: '13900001111' };
    const filedBefore = (await dbMarketStores(office.storage.db).filings.filingsOf('dev-jiangjing', 500)).length;

    const saved = await postForm(office.url, '/portal/developer/drafts', sales, { ...fields, action: 'save' }, { origin: office.url });
    expect(saved.status).toBe(302);
    const page = await getPage(office.url, saved.location, sales);
    expect(page.status).toBe(200);
    expect(page.html).toContain('请填写签订日期（年-月-日）。');
    expect(page.html).toContain('请填写交付日期（年-月-日）。');
    expect(page.html).toContain('本合同于 ____年__月__日 签订。');

    const draftPath = saved.location.split('?')[0]!;
    const filing = await postForm(office.url, draftPath, sales, { ...fields, _csrf: csrfIn(page.html) ?? csrf, action: 'file' }, { origin: office.url });
    expect(filing.status).toBe(302);
    expect(decodeURIComponent(filing.location)).toContain('请填写签订日期（年-月-日）。');
    const filedAfter = (await dbMarketStores(office.storage.db).filings.filingsOf('dev-jiangjing', 500)).length;
    expect(filedAfter).toBe(filedBefore);
  });
});
