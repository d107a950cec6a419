import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '#domain/identity/credit-code.ts';
import { sql } from '#office/platform/db/sql.ts';
import { csrfTokenOf, SESSION_COOKIE } from '#server/office/session.ts';
import { PT } from '#server/office/market/portal-text.ts';
import { type OfficeUnderTest, openOffice } from '../../security/route-kit.ts';

/**
 * An organisation is entered with its first admin login, and no office page adds an admin to one already stored: an
 * organisation stored while its admin was refused could neither be entered again (its credit code is taken) nor be
 * logged into. So the admin is checked before anything is stored.
 */
let office: OfficeUnderTest;
let admin: string;
const CODE = `91230800MA1B2C3E9${creditCodeCheckChar('91230800MA1B2C3E9')}`;

beforeAll(async () => {
  office = await openOffice('org-first-admin');
  admin = await office.staffSession('admin');
});
afterAll(async () => office.close());

async function enterOrg(fields: Record<string, string>): Promise<string> {
  const res = await office.app.inject({
    method: 'POST',
    url: '/office/market/orgs',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${SESSION_COOKIE}=${admin}` },
    payload: new URLSearchParams({ _csrf: csrfTokenOf(admin), kind: 'agency', name: '佳木斯好家房地产经纪有限公司', creditCode: CODE, adminName: '刘经理', ...fields }).toString(),
  });
  expect(res.statusCode).toBe(302);
  return decodeURIComponent(String(res.headers.location ?? ''));
}
const orgsWithCode = async () => (await office.storage.db.all<{ id: string }>(sql`SELECT id FROM market_orgs WHERE credit_code = ${CODE}`)).length;

describe('entering an organisation with its first admin', () => {
  it('stores nothing while the admin’s password is too short or the login is taken, and then enters it with a good one', async () => {
    expect(await enterOrg({ adminLogin: 'haojia-admin', adminPassword: 'short' })).toContain(PT.accounts.passwordShort);
    expect(await orgsWithCode()).toBe(0);
    const taken = (await office.storage.db.get<{ login: string }>(sql`SELECT login FROM market_accounts LIMIT 1`))?.login ?? '';
    expect(await enterOrg({ adminLogin: taken, adminPassword: 'a-long-enough-password-2026' })).toContain(PT.accounts.loginTaken);
    expect(await orgsWithCode()).toBe(0);
    expect(await enterOrg({ adminLogin: 'haojia-admin', adminPassword: 'a-long-enough-password-2026' })).toMatch(/\?msg=/);
    expect(await orgsWithCode()).toBe(1);
    expect((await office.storage.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM market_accounts WHERE login = 'haojia-admin'`))?.n).toBe(1);
  });
});
