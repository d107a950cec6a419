import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMarket } from '#server/office/market/seed-market.ts';
import { todayInOffice } from '#server/office/today.ts';
import { startOfficeWithPages, type Office } from '../office/harness.ts';
import { getPage, pageLogin, portalLogin, postForm } from './attacker-kit.ts';

/**
 * The router decodes a percent-encoded path before it matches a route (`/%70ortal/x` is the route `/portal/x`),
 * while the request's `url` keeps what the client sent. A guard that picks its rules by `url`'s prefix is then
 * asked about a path that is not the route's: these requests are the attacker's way of choosing the rules.
 */
let office: Office;

beforeAll(async () => {
  office = await startOfficeWithPages();
  await seedMarket(office.storage.db, 'demo', todayInOffice(office.app.office.clock));
});
afterAll(async () => {
  await office.close();
});

describe('a percent-encoded path', () => {
  it('does not take a portal form past the portal’s CSRF token check: the admin’s cookie cannot stop a colleague without the token', async () => {
    const admin = await portalLogin(office.url, 'jj-admin');
    const colleague = await portalLogin(office.url, 'jj-sales');
    for (const path of ['/portal/developer/accounts/acc-demo-sales/active', '/%70ortal/developer/accounts/acc-demo-sales/active', '/%70%6Frtal/developer/accounts/acc-demo-sales/active']) {
      const res = await postForm(office.url, path, admin, { active: '0' }, { origin: office.url });
      expect(res.status, path).toBe(403);
    }
    expect((await getPage(office.url, '/portal/developer', colleague)).status).toBe(200);
  });

  it('does not make the staff JSON API take the session cookie: it reads the bearer header only', async () => {
    const { cookie } = await pageLogin(office.url, 'wangfang');
    expect((await getPage(office.url, '/office/queues', cookie)).status).toBe(200);
    for (const path of ['/api/v1/office/me', '/%61pi/v1/office/me', '/api/v1/%6Fffice/me']) {
      expect((await getPage(office.url, path, cookie)).status, path).toBe(401);
    }
  });

  it('does not skip the protocol version check of the van’s endpoints', async () => {
    for (const path of ['/api/v1/sync/staff/pull', '/%61pi/v1/sync/staff/pull']) {
      expect((await fetch(`${office.url}${path}`)).status, path).toBe(426);
    }
  });
});
