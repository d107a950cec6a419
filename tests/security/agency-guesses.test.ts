import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '#domain/identity/resident-id.ts';
import { DEMO_BUILDING } from '#server/office/archive/seed-register.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { startOfficeWithPages, type Office } from '../office/harness.ts';
import { csrfIn, getPage, portalLogin, postForm } from './attacker-kit.ts';

/**
 * An agency's listing is checked against the register at once, and the refusal says which checks failed: whether
 * the sellers named are exactly the unit's holders, whether it is seized, filed, under an advance notice. That is the
 * question the owner's public form answers only 10 times an hour per address; the agency's form answered it at any
 * rate, so one agent's sign-in could try ID numbers against a unit (or units against a known ID number) until the
 * holder was found. It is now limited per account and per client address (OWASP ASVS 4.0 11.1.4).
 */
let office: Office;
/** How far the office's clock runs ahead of the real one: moved on to end a budget's window without waiting. */
let ahead = 0;
/** A registered flat of the demo building with no live listing: the register is asked about it on every try. */
const unitNumber = `${DEMO_BUILDING.key}0601`;

/** A valid resident ID number that is not the flat's holder's: the n-th guess. */
const guessId = (n: number): string => {
  const first17 = `23080319700101${String(n).padStart(3, '0')}`;
  return `${first17}${residentIdCheckChar(first17)}`;
};

const listing = (n: number) => ({
  unitNumber, place: '幸福家园 3栋', area: '88.00', price: '600000', use: 'residential', rooms: '2', halls: '1', floor: '6', totalFloors: '7',
  description: '', sellers: `试探,${guessId(n)}`, commission: '1',
});

beforeAll(async () => {
  // Behind a proxy on loopback, as a real office: each request may name its own client address.
  office = await startOfficeWithPages({ trustProxy: ['127.0.0.1'], clock: { now: () => new Date(Date.now() + ahead) }, market: true });
});
afterAll(async () => {
  await office.close();
});

const refusedRows = async (): Promise<number> => (await dbMarketStores(office.storage.db).listings.ofSource('agency-anju', 1000)).filter((l) => l.status === 'refused').length;

describe('an agent trying ID numbers against a unit’s holders through the listing form', () => {
  it('gets 30 register answers an hour from one account, then a refusal that asks nothing', async () => {
    let cookie = await portalLogin(office.url, 'anju-agent');
    let _csrf = csrfIn((await getPage(office.url, '/portal/agency', cookie)).html) ?? '';
    expect(_csrf).not.toBe('');
    const submit = (n: number, headers: Record<string, string> = {}) => postForm(office.url, '/portal/agency/listings', cookie, { _csrf, ...listing(n) }, { origin: office.url, ...headers });

    // What each try tells: the sellers are not the holders (the answer a right guess would not give).
    const first = await submit(0);
    expect(first.status).toBe(422);
    expect(first.html).toContain('data-check="holder"');
    for (let n = 1; n < 30; n++) expect((await submit(n, { 'x-forwarded-for': `203.0.113.${n}` })).status).toBe(422);
    const before = await refusedRows();

    // The 31st, even from an address new to the office: the account's budget is spent, the register is not asked.
    const refused = await submit(30, { 'x-forwarded-for': '203.0.113.200' });
    expect(refused.status).toBe(429);
    expect(refused.html).toContain('提交过于频繁');
    expect(refused.html).not.toContain('data-check=');
    // What was typed stays on the form.
    expect(refused.html).toContain(`name="unitNumber" value="${unitNumber}"`);
    expect(await refusedRows()).toBe(before);

    // An hour on (signed in again: the session has idled out), the account may list again.
    ahead += 60 * 60_000 + 1_000;
    cookie = await portalLogin(office.url, 'anju-agent');
    _csrf = csrfIn((await getPage(office.url, '/portal/agency', cookie)).html) ?? '';
    expect((await submit(31)).status).toBe(422);
  });

  it('gets 60 register answers an hour from one address, however many of the agency’s accounts it signs in with', async () => {
    ahead += 60 * 60_000 + 1_000;
    const stores = dbMarketStores(office.storage.db);
    const passwordHash = (await stores.portal.accountByLogin('anju-agent'))?.passwordHash ?? '';
    const from = { 'x-forwarded-for': '198.51.100.7' };
    let n = 100;
    for (let k = 0; k < 3; k++) {
      const login = `anju-agent-${k}`;
      expect(await stores.portal.createAccount({ id: `acc-anju-${k}`, orgId: 'agency-anju', login, name: login, roles: ['agent'], passwordHash, active: true, updatedAt: new Date().toISOString() })).toBe('ok');
      const cookie = await portalLogin(office.url, login);
      const _csrf = csrfIn((await getPage(office.url, '/portal/agency', cookie)).html) ?? '';
      const submit = () => postForm(office.url, '/portal/agency/listings', cookie, { _csrf, ...listing(n++) }, { origin: office.url, ...from });
      // Two accounts use up the address's 60; the third is refused at once though its own budget is whole.
      const statuses: number[] = [];
      for (let i = 0; i < (k < 2 ? 30 : 1); i++) statuses.push((await submit()).status);
      expect(statuses.every((s) => s === (k < 2 ? 422 : 429)), `account ${k}: ${statuses.join(',')}`).toBe(true);
    }
  });
});
