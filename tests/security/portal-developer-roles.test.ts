import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { type MarketStores } from '#server/office/market/market-store.ts';
import { startOfficeWithPages, type Office } from '../office/harness.ts';
import { csrfIn, getPage, portalLogin, postForm } from './attacker-kit.ts';

/**
 * A developer's own accounts against its own filings: each developer route asks the role its action needs
 * (`PORTAL_ACCESS`, domain/market/portal-roles.ts). A buyer's card consent to a cancellation is taken at the sales
 * office by its sales staff (`file`: 销售员, 销售经理); the organisation's 本单位管理员 keeps its logins and nothing
 * else, so its consent post is refused before any card is read and the filing is as it was.
 */
let office: Office;
let stores: MarketStores;

beforeAll(async () => {
  office = await startOfficeWithPages({ market: true });
  stores = dbMarketStores(office.storage.db);
});
afterAll(async () => {
  await office.close();
});

describe('the developer portal’s card consent', () => {
  it('is refused to the developer’s account administrator, and the filing is unchanged', async () => {
    const filing = (await stores.filings.filingsOf('dev-jiangjing', 50)).find((f) => f.status === 'active');
    expect(filing).toBeDefined();
    const id = filing?.id ?? '';
    const before = await stores.filings.events(id);
    const admin = await portalLogin(office.url, 'jj-admin');
    const token = csrfIn((await getPage(office.url, '/portal/developer', admin)).html) ?? '';
    const res = await postForm(office.url, `/portal/developer/filings/${id}/consent`, admin, { _csrf: token, station: 'any' }, { origin: office.url });
    expect(res.status).toBe(403);
    expect(await stores.filings.events(id)).toEqual(before);
  });

  it('still reaches the card reader for the sales staff', async () => {
    const filing = (await stores.filings.filingsOf('dev-jiangjing', 50)).find((f) => f.status === 'active');
    const sales = await portalLogin(office.url, 'jj-sales');
    const token = csrfIn((await getPage(office.url, '/portal/developer', sales)).html) ?? '';
    // No station of this name: past the role check, the reader refuses it and the page says why.
    const res = await postForm(office.url, `/portal/developer/filings/${filing?.id ?? ''}/consent`, sales, { _csrf: token, station: 'no-such-station' }, { origin: office.url });
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/err=/);
  });
});
