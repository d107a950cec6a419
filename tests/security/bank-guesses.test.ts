import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { startOfficeWithPages, type Office } from '../office/harness.ts';
import { csrfIn, getPage, portalLogin, postForm } from './attacker-kit.ts';
import { DEMO_BUYERS } from '#server/office/market/seed-market.ts';

/**
 * A bank sees a filing only by naming its contract number and a buyer's ID number, and the look-up is limited per
 * client address so that the ID number cannot be guessed. The pre-mortgage and release forms name the pair again and
 * answer "not found" alike: the attacker guesses through them instead. All three share the one budget, and an account
 * has a budget of its own besides, so a stolen sign-in spread over many addresses gets no more.
 */
let office: Office;
let contract = '';
/** How far the office's clock runs ahead of the real one: moved on to end a budget's window without waiting. */
let ahead = 0;

beforeAll(async () => {
  // Behind a proxy on loopback, as a real office: each request may name its own client address.
  office = await startOfficeWithPages({ trustProxy: ['127.0.0.1'], clock: { now: () => new Date(Date.now() + ahead) }, market: true });
  contract = (await dbMarketStores(office.storage.db).filings.filingsOf('dev-jiangjing', 50)).find((f) => f.status === 'active')?.contractNumber ?? '';
});
afterAll(async () => {
  await office.close();
});

describe('a bank guessing a buyer’s ID number for a contract', () => {
  it('gets 30 answers a minute from one address, through the look-up and the pre-mortgage and release forms together', async () => {
    const cookie = await portalLogin(office.url, 'ccb-credit');
    const _csrf = csrfIn((await getPage(office.url, '/portal/bank', cookie)).html) ?? '';
    const right = DEMO_BUYERS[0]?.idNumber ?? '';
    const guess = (path: string, n: number, buyerId = `${right.slice(0, 14)}${String(n).padStart(4, '0')}`) =>
      postForm(office.url, path, cookie, { _csrf, contract, buyerId, reason: '猜测', loan: '1.00', mortgageContract: 'G-1' }, { origin: office.url });
    const statuses: number[] = [];
    for (let n = 0; n < 30; n++) statuses.push((await guess(n % 2 === 0 ? '/portal/bank/release' : '/portal/bank/pre-mortgage', n)).status);
    expect(statuses.every((s) => s === 404 || s === 400)).toBe(true);
    for (const path of ['/portal/bank/release', '/portal/bank/pre-mortgage', '/portal/bank/lookup']) {
      const refused = await guess(path, 99);
      expect(refused.status, path).toBe(429);
      expect(refused.html).toContain('过于频繁');
    }
    // The right pair is refused as well while the limit holds: the answer tells nothing.
    expect((await guess('/portal/bank/lookup', 0, right)).status).toBe(429);
  });
});

describe('a stolen bank sign-in used from many addresses', () => {
  it('gets 30 answers a minute in all, however many addresses it comes from', async () => {
    const from = (n: number) => ({ origin: office.url, 'x-forwarded-for': `203.0.113.${n}` });
    const cookie = await portalLogin(office.url, 'ccb-credit');
    const _csrf = csrfIn((await getPage(office.url, '/portal/bank', cookie)).html) ?? '';
    const right = DEMO_BUYERS[0]?.idNumber ?? '';
    const guess = (n: number, buyerId = `${right.slice(0, 14)}${String(n).padStart(4, '0')}`) =>
      postForm(office.url, '/portal/bank/lookup', cookie, { _csrf, contract, buyerId }, from(n));
    // The first describe spent this account's minute from loopback: the office's clock moves past it.
    ahead += 61_000;
    const statuses: number[] = [];
    for (let n = 1; n <= 30; n++) statuses.push((await guess(n)).status);
    expect(statuses.every((s) => s === 404)).toBe(true);
    // A 31st address, new to the office: its own budget is untouched, the account's is spent.
    const refused = await guess(31);
    expect(refused.status).toBe(429);
    expect(refused.html).toContain('过于频繁');
    expect((await guess(32, right)).status).toBe(429);
  });
});
