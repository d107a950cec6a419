import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfficeWithPages, type Office } from '../harness.ts';
import { csrfIn, getPage, portalLogin, postForm } from '../../security/attacker-kit.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { DEMO_BUYERS, DEMO_PROJECT } from '#server/office/market/seed-market.ts';

/**
 * The bank's forms keep what was typed when refused: the look-up that finds nothing keeps the contract number and ID
 * number, to correct a typo; the 预抵押 and release forms keep the amount, the mortgage contract and the reason.
 */
let office: Office;

beforeAll(async () => {
  office = await startOfficeWithPages({ market: true });
});
afterAll(async () => {
  await office.close();
});

describe('the bank portal’s look-up', () => {
  it('finding nothing, says so and keeps the pair typed in the form', async () => {
    const bank = await portalLogin(office.url, 'ccb-credit');
    const csrf = csrfIn((await getPage(office.url, '/portal/bank', bank)).html) ?? '';
    expect(csrf).not.toBe('');
    const res = await postForm(office.url, '/portal/bank/lookup', bank, { _csrf: csrf, contract: 'YS20260000006', buyerId: '23080319800101123X' }, { origin: office.url });
    expect(res.status).toBe(404);
    expect(res.html).toContain('data-testid="bank-not-found"');
    expect(res.html).toContain('name="contract" autocomplete="off" required value="YS20260000006"');
    expect(res.html).toContain('name="buyerId" autocomplete="off" required value="23080319800101123X"');
  });
});

describe('the bank portal’s 预抵押 and release forms', () => {
  /** A form post as the page sends it, with a fresh CSRF token. */
  async function post(cookie: string, path: string, fields: Record<string, string>) {
    const csrf = csrfIn((await getPage(office.url, '/portal/bank', cookie)).html) ?? '';
    return postForm(office.url, path, cookie, { _csrf: csrf, ...fields }, { origin: office.url });
  }
  async function pair() {
    const filing = (await dbMarketStores(office.storage.db).filings.filingsOf('dev-jiangjing', 50)).find((f) => f.status === 'active');
    return { contract: filing?.contractNumber ?? '', buyerId: DEMO_BUYERS[0]?.idNumber ?? '' };
  }

  it('found, names the home by its project and room, with its unit number once', async () => {
    const bank = await portalLogin(office.url, 'ccb-credit');
    const p = await pair();
    const res = await post(bank, '/portal/bank/lookup', p);
    expect(res.status).toBe(200);
    const filing = (await dbMarketStores(office.storage.db).filings.filingsOf('dev-jiangjing', 50)).find((f) => f.contractNumber === p.contract);
    const home = /<tr><th>房屋<\/th><td>([^<]*)<\/td>/.exec(res.html)?.[1] ?? '';
    expect(home).toContain(DEMO_PROJECT.name);
    expect(home.split(filing?.unitNumber ?? '?').length - 1).toBe(1);
  });

  it('refused, the 预抵押 form keeps the amount and the mortgage contract typed', async () => {
    const bank = await portalLogin(office.url, 'ccb-credit');
    const res = await post(bank, '/portal/bank/pre-mortgage', { ...(await pair()), loan: '三十万', mortgageContract: 'JS-2026-0042' });
    expect(res.status).toBe(400);
    const form = /<form[^>]*data-testid="pre-mortgage-form"[\s\S]*?<\/form>/.exec(res.html)?.[0] ?? '';
    expect(form).toContain('name="loan" required value="三十万"');
    expect(form).toContain('name="mortgageContract" required value="JS-2026-0042"');
  });

  it('refused, the release form keeps the reason typed', async () => {
    const bank = await portalLogin(office.url, 'ccb-credit');
    const p = await pair();
    expect((await post(bank, '/portal/bank/pre-mortgage', { ...p, loan: '300000.00', mortgageContract: 'JS-2026-0043' })).status).toBe(200);
    // Shorter than a filing's reason may be (MIN_FILING_REASON_CHARS).
    const res = await post(bank, '/portal/bank/release', { ...p, reason: '结清' });
    expect(res.status).toBe(400);
    const form = /<form[^>]*data-testid="release-form"[\s\S]*?<\/form>/.exec(res.html)?.[0] ?? '';
    expect(form).toContain('name="reason" required value="结清"');
  });
});
