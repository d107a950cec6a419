import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfficeWithPages, type Office } from '../harness.ts';
import { csrfIn, getPage, portalLogin, postForm } from '../../security/attacker-kit.ts';

/** The bank's look-up that finds nothing keeps the contract number and ID number in the form, to correct a typo. */
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
