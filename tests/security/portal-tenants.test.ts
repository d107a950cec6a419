import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { type MarketStores } from '#server/office/market/market-store.ts';
import { startOfficeWithPages, type Office } from '../office/harness.ts';
import { csrfIn, getPage, portalLogin, postForm } from './attacker-kit.ts';
import { DEMO_BUYERS } from '#server/office/market/seed-market.ts';

/**
 * One organisation's portal user against another's records (OWASP ASVS 4.0 4.2.1, IDOR): a rival developer, bank and
 * agency, each signed in with every role its portal has, change the id in the address or the form to the demo
 * organisations' filings, drafts, project, units, accounts, pre-mortgage and listings. Each is refused, and the
 * records are as they were.
 */
let office: Office;
let stores: MarketStores;
const A = { developer: 'dev-jiangjing', agency: 'agency-anju' };

beforeAll(async () => {
  office = await startOfficeWithPages({ market: true });
  stores = dbMarketStores(office.storage.db);
  const passwordHash = (await stores.portal.accountByLogin('jj-admin'))?.passwordHash ?? '';
  const at = new Date().toISOString();
  const rivals = [
    { org: 'dev-rival', kind: 'developer', code: '91230800MA1B2C3D8J', login: 'rival-dev', roles: ['admin', 'manager', 'sales'] },
    { org: 'bank-rival', kind: 'bank', code: '91230800MA1B2C3D9K', login: 'rival-bank', roles: ['admin', 'officer'] },
    { org: 'agency-rival', kind: 'agency', code: '91230800MA1B2C3DAL', login: 'rival-agent', roles: ['admin', 'agent'] },
  ] as const;
  for (const r of rivals) {
    expect(await stores.table.createOrg({ id: r.org, kind: r.kind, name: `对手${r.kind}`, creditCode: r.code, active: true, createdBy: 'test', createdAt: at })).toBe('ok');
    expect(await stores.portal.createAccount({ id: `acc-${r.login}`, orgId: r.org, login: r.login, name: r.login, roles: [...r.roles], passwordHash, active: true, updatedAt: at })).toBe('ok');
  }
});
afterAll(async () => {
  await office.close();
});

/** A form post with the poster's own valid CSRF token, from the office's origin: only the ownership check is left to refuse it. */
async function post(cookie: string, home: string, path: string, fields: Record<string, string>) {
  const token = csrfIn((await getPage(office.url, home, cookie)).html) ?? '';
  return postForm(office.url, path, cookie, { _csrf: token, ...fields }, { origin: office.url });
}

describe('a rival developer', () => {
  it('cannot open, change, cancel or consent on another developer’s filing, draft, project, units or accounts', async () => {
    const rival = await portalLogin(office.url, 'rival-dev');
    const filing = (await stores.filings.filingsOf(A.developer, 50)).find((f) => f.status === 'active');
    expect(filing).toBeDefined();
    const id = filing?.id ?? '';
    const eventsBefore = await stores.filings.events(id);
    const filedDraft = await stores.filings.draft((await stores.filings.draftsOf(A.developer, 'filed', 1))[0]?.id ?? '');
    expect(filedDraft).toBeDefined();
    const now = new Date().toISOString();
    const draft = await stores.filings.createDraft({ id: 'draft-of-a', developerId: A.developer, unitNumber: filedDraft?.unitNumber ?? '', draft: filedDraft!.draft, createdBy: 'acc-demo-sales', createdAt: now, updatedAt: now }, filedDraft!.draft.template, 2026);

    expect((await getPage(office.url, `/portal/developer/filings/${id}`, rival)).status).toBe(404);
    for (const action of ['cancel', 'withdraw', 'change']) {
      const res = await post(rival, '/portal/developer', `/portal/developer/filings/${id}/${action}`, { reason: '对手撤销', total: '1.00' });
      expect(res.status, action).toBe(404);
    }
    // A consent needs a card read on one of the poster's own stations first; the rival has none.
    expect((await post(rival, '/portal/developer', `/portal/developer/filings/${id}/consent`, { station: 'station-of-a' })).location).toMatch(/err=/);
    expect(await stores.filings.events(id)).toEqual(eventsBefore);

    expect((await getPage(office.url, `/portal/developer/drafts/${draft.id}`, rival)).status).toBe(404);
    const saved = await post(rival, '/portal/developer', `/portal/developer/drafts/${draft.id}`, { unitNumber: draft.unitNumber, action: 'discard' });
    expect(saved.status).toBe(404);
    expect((await stores.filings.draft(draft.id))?.status).toBe('draft');

    expect((await getPage(office.url, '/portal/developer/projects/p-jiangjing', rival)).status).toBe(404);
    expect((await getPage(office.url, `/portal/developer/drafts/new?unit=${encodeURIComponent(draft.unitNumber)}`, rival)).status).toBe(404);
    // A refused form is shown again for the unit it names only when that unit is the poster's: not the other's unit and project.
    const refused = await post(rival, '/portal/developer', '/portal/developer/drafts', { unitNumber: draft.unitNumber, lender: '佳'.repeat(201), action: 'save' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('data-testid="draft-refused"');
    expect(refused.html).not.toContain('data-testid="draft-form"');
    expect(refused.html).not.toContain('江景华府');

    const stop = await post(rival, '/portal/developer/accounts', '/portal/developer/accounts/acc-demo-sales/active', { active: '0' });
    expect(stop.location).toMatch(/err=/);
    expect((await stores.portal.account('acc-demo-sales'))?.active).toBe(true);
    // Its own pages list none of it.
    const home = (await getPage(office.url, '/portal/developer', rival)).html;
    expect(home).not.toContain(filing?.contractNumber ?? '');
    expect((await getPage(office.url, '/portal/developer/accounts', rival)).html).not.toContain('jj-sales');
  });
});

describe('a rival bank', () => {
  it('cannot release the pre-mortgage another bank recorded, even naming the contract and a buyer', async () => {
    const filing = (await stores.filings.filingsOf(A.developer, 50)).find((f) => f.status === 'active');
    const pair = { contract: filing?.contractNumber ?? '', buyerId: DEMO_BUYERS[0]?.idNumber ?? '' };
    const ccb = await portalLogin(office.url, 'ccb-credit');
    const recorded = await post(ccb, '/portal/bank', '/portal/bank/pre-mortgage', { ...pair, loan: '100000.00', mortgageContract: 'CCB-2026-001' });
    expect(recorded.status).toBe(200);
    const before = await stores.filings.events(filing?.id ?? '');
    expect(before.some((e) => e.kind === 'pre-mortgage-recorded')).toBe(true);

    const rival = await portalLogin(office.url, 'rival-bank');
    const release = await post(rival, '/portal/bank', '/portal/bank/release', { ...pair, reason: '对手解除' });
    expect(release.status).toBe(400);
    const again = await post(rival, '/portal/bank', '/portal/bank/pre-mortgage', { ...pair, loan: '1.00', mortgageContract: 'RIVAL-1' });
    expect(again.status).toBe(400);
    expect(await stores.filings.events(filing?.id ?? '')).toEqual(before);
    // The release form is offered only to the bank that recorded it.
    const looked = await post(rival, '/portal/bank', '/portal/bank/lookup', pair);
    expect(looked.html).not.toContain('action="/portal/bank/release"');
  });
});

describe('a rival agency', () => {
  it('cannot withdraw another agency’s listing', async () => {
    const listing = (await stores.listings.ofSource(A.agency, 100)).find((l) => l.status === 'published');
    expect(listing).toBeDefined();
    const rival = await portalLogin(office.url, 'rival-agent');
    const res = await post(rival, '/portal/agency', `/portal/agency/listings/${listing?.id ?? ''}/withdraw`, {});
    expect(res.location).toMatch(/err=/);
    expect((await stores.listings.listing(listing?.id ?? ''))?.status).toBe('published');
    expect((await getPage(office.url, '/portal/agency', rival)).html).not.toContain(listing?.id ?? '');
  });
});
