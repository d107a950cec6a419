import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfficeWithPages, type Office } from '../harness.ts';
import { getPage, portalLogin } from '../../security/attacker-kit.ts';

/**
 * The developer portal's pages as its people read them: the filed contracts in words and yuan (not the store's
 * `active` and a bare number), and the 签约 buttons only for an account that may file (the draft page refuses the rest).
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
