import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfficeWithPages, type Office } from '../harness.ts';
import { csrfIn, getPage, portalLogin, postForm } from '../../security/attacker-kit.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { DEMO_BUYERS } from '#server/office/market/seed-market.ts';

/**
 * The developer portal's pages as its people read them: the filed contracts in words and yuan (not the store's
 * `active` and a bare number), and the 签约 buttons only for an account that may file (the draft page refuses the rest).
 * A filing's change and cancellation forms, refused, come back as typed (they used to redirect to empty forms).
 */
let office: Office;

beforeAll(async () => {
  office = await startOfficeWithPages({ market: true });
});
afterAll(async () => {
  await office.close();
});

describe('the developer portal', () => {
  it('lists the filed contracts with their status in words and the price in yuan', async () => {
    const sales = await portalLogin(office.url, 'jj-sales');
    const home = (await getPage(office.url, '/portal/developer', sales)).html;
    const table = /<table data-testid="dev-filings">[\s\S]*?<\/table>/.exec(home)?.[0] ?? '';
    const rows = [...table.matchAll(/<tr><td>YS\d+<\/td>[\s\S]*?<\/tr>/g)].map((m) => m[0]);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatch(/<td>\d{1,3}(,\d{3})*\.\d{2} 元<\/td>/);
      expect(row).toContain('<td data-status="active">已备案</td>');
      expect(row).not.toMatch(/>active</);
    }
  });

  it('offers 签约 on the units for sale to the sales staff only, not to the administrator who cannot draft', async () => {
    const project = '/portal/developer/projects/p-jiangjing';
    const sales = (await getPage(office.url, project, await portalLogin(office.url, 'jj-sales'))).html;
    const signs = [...sales.matchAll(/data-sign="([^"]+)" href="([^"]+)"/g)];
    expect(signs.length).toBeGreaterThan(0);
    const admin = await portalLogin(office.url, 'jj-admin');
    expect((await getPage(office.url, project, admin)).html).not.toContain('data-sign=');
    // The link it no longer shows is one the administrator is refused.
    expect((await getPage(office.url, (signs[0]?.[2] ?? '').replaceAll('&amp;', '&'), admin)).status).toBe(403);
  });
});

describe('the buyers’ personal data in the developer portal', () => {
  it('is shown to the sales staff, not to the account that keeps the organisation’s logins', async () => {
    const stores = dbMarketStores(office.storage.db);
    const filing = (await stores.filings.filingsOf('dev-jiangjing', 50))[0];
    expect(filing).toBeDefined();
    const sales = await portalLogin(office.url, 'jj-sales');
    const salesHome = (await getPage(office.url, '/portal/developer', sales)).html;
    expect(salesHome).toContain('data-testid="dev-filings"');
    expect(salesHome).toContain(filing?.contractNumber ?? '-');
    const filingPage = `/portal/developer/filings/${filing?.id ?? ''}`;
    const seen = await getPage(office.url, filingPage, sales);
    expect(seen.status).toBe(200);
    const buyerNames = DEMO_BUYERS.map((b) => b.name).filter((name) => seen.html.includes(name));
    expect(buyerNames.length).toBeGreaterThan(0);

    const admin = await portalLogin(office.url, 'jj-admin');
    const adminHome = await getPage(office.url, '/portal/developer', admin);
    expect(adminHome.status).toBe(200);
    expect(adminHome.html).toContain('data-testid="dev-projects"');
    expect(adminHome.html).not.toContain('data-testid="dev-filings"');
    expect(adminHome.html).not.toContain(filing?.contractNumber ?? '-');
    for (const name of buyerNames) expect(adminHome.html).not.toContain(name);
    expect(adminHome.html).toContain('合同及买受人信息仅销售员、销售经理可见');
    expect((await getPage(office.url, filingPage, admin)).status).toBe(403);
  });
});

describe('a filing’s change and cancellation forms, refused', () => {
  async function filingPath(): Promise<string> {
    const filing = (await dbMarketStores(office.storage.db).filings.filingsOf('dev-jiangjing', 50)).find((f) => f.status === 'active');
    return `/portal/developer/filings/${filing?.id ?? ''}`;
  }
  async function post(cookie: string, path: string, fields: Record<string, string>) {
    const csrf = csrfIn((await getPage(office.url, path.replace(/\/[a-z]+$/, ''), cookie)).html) ?? '';
    return postForm(office.url, path, cookie, { _csrf: csrf, ...fields }, { origin: office.url });
  }
  const formIn = (html: string, testId: string) => new RegExp(`<form[^>]*data-testid="${testId}"[\\s\\S]*?</form>`).exec(html)?.[0] ?? '';

  it('the change form keeps the delivery date, the price and the reason, with what is wrong', async () => {
    const manager = await portalLogin(office.url, 'jj-manager');
    const path = await filingPath();
    const res = await post(manager, `${path}/change`, { deliveryOn: '2027-09-30', total: '八十万', reason: '双方协商调整总价款' });
    expect(res.status).toBe(400);
    expect(res.html).toContain('<p class="flag" role="alert">');
    const form = formIn(res.html, 'filing-change');
    expect(form).toContain('name="deliveryOn" type="date" value="2027-09-30"');
    expect(form).toContain('name="total" value="八十万"');
    expect(form).toContain('name="reason" required value="双方协商调整总价款"');
    // The cancellation form beside it is not filled with the change's reason.
    expect(formIn(res.html, 'filing-cancel')).toContain('name="reason" required value=""');
  });

  it('the cancellation form keeps the reason', async () => {
    const manager = await portalLogin(office.url, 'jj-manager');
    const path = await filingPath();
    // Shorter than a filing's reason may be (MIN_FILING_REASON_CHARS).
    const res = await post(manager, `${path}/cancel`, { reason: '退房' });
    expect(res.status).toBe(400);
    expect(formIn(res.html, 'filing-cancel')).toContain('name="reason" required value="退房"');
  });
});
