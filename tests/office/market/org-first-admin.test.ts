import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '#domain/identity/credit-code.ts';
import { sql } from '#office/platform/db/sql.ts';
import { csrfTokenOf, SESSION_COOKIE } from '#server/office/session.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { OM } from '#server/office/market/office-market-text.ts';
import { PT } from '#server/office/market/portal-text.ts';
import { type OfficeUnderTest, openOffice } from '../../security/route-kit.ts';

/**
 * An organisation is entered with its first admin login, and no office page adds an admin to one already stored: an
 * organisation stored while its admin was refused could neither be entered again (its credit code is taken) nor be
 * logged into. So the two are stored in one transaction, both or neither.
 */
let office: OfficeUnderTest;
let admin: string;
const withCheck = (base: string) => `${base}${creditCodeCheckChar(base)}`;
const CODE = withCheck('91230800MA1B2C3E9');
const PASSWORD = 'a-long-enough-password-2026';

beforeAll(async () => {
  office = await openOffice('org-first-admin');
  admin = await office.staffSession('admin');
});
afterAll(async () => office.close());

function enterOrg(fields: Record<string, string>) {
  return office.app.inject({
    method: 'POST',
    url: '/office/market/orgs',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${SESSION_COOKIE}=${admin}` },
    payload: new URLSearchParams({ _csrf: csrfTokenOf(admin), kind: 'agency', name: '佳木斯好家房地产经纪有限公司', creditCode: CODE, adminName: '刘经理', ...fields }).toString(),
  });
}
const orgsWithCode = async (code: string) => (await office.storage.db.all<{ id: string }>(sql`SELECT id FROM market_orgs WHERE credit_code = ${code}`)).length;
const anyLogin = async () => (await office.storage.db.get<{ login: string }>(sql`SELECT login FROM market_accounts LIMIT 1`))?.login ?? '';

describe('entering an organisation with its first admin', () => {
  it('stores nothing while the admin’s password is too short or the login is taken, and then enters it with a good one', async () => {
    const short = await enterOrg({ adminLogin: 'haojia-admin', adminPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain(PT.accounts.passwordShort);
    expect(await orgsWithCode(CODE)).toBe(0);
    const taken = await enterOrg({ adminLogin: await anyLogin(), adminPassword: PASSWORD });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain(PT.accounts.loginTaken);
    expect(await orgsWithCode(CODE)).toBe(0);
    const good = await enterOrg({ adminLogin: 'haojia-admin', adminPassword: PASSWORD });
    expect(good.statusCode).toBe(302);
    expect(decodeURIComponent(String(good.headers.location))).toContain(OM.orgs.created);
    expect(await orgsWithCode(CODE)).toBe(1);
    expect((await office.storage.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM market_accounts WHERE login = 'haojia-admin'`))?.n).toBe(1);
  });

  it('shows a refused form again as it was typed, all but the password', async () => {
    const code = withCheck('91230800MA1B2C3F7');
    const res = await enterOrg({ kind: 'bank', name: '佳木斯农商银行', creditCode: code, adminLogin: 'nongshang-admin', adminName: '王行长', adminPassword: 'short-pw' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<option value="bank" selected>');
    for (const typed of ['佳木斯农商银行', code, 'nongshang-admin', '王行长']) expect(res.body).toContain(`value="${typed}"`);
    expect(res.body).not.toContain('short-pw');
    expect(await orgsWithCode(code)).toBe(0);
  });

  it('stores neither when the login is taken between the form’s checks and the insert (another admin’s request won it)', async () => {
    // The route no longer reads the login first, so the only guard is the store's: the organisation's row is rolled back
    // when its admin's insert meets the unique login.
    const stores = dbMarketStores(office.storage.db);
    const code = withCheck('91230800MA1B2C3G5');
    const at = new Date().toISOString();
    const org = { id: 'agency-race', kind: 'agency' as const, name: '佳木斯抢注房地产经纪有限公司', creditCode: code, active: true, createdBy: 'test', createdAt: at };
    const firstAdmin = { id: 'account-race', orgId: org.id, login: await anyLogin(), name: '赵经理', roles: ['admin' as const], passwordHash: 'x', active: true, updatedAt: at };
    expect(await stores.table.createOrg(org, firstAdmin)).toBe('login-taken');
    expect(await orgsWithCode(code)).toBe(0);
    expect(await stores.table.createOrg(org, { ...firstAdmin, login: 'qiangzhu-admin' })).toBe('ok');
    expect(await orgsWithCode(code)).toBe(1);
    expect(await stores.table.createOrg({ ...org, id: 'agency-race-2' }, { ...firstAdmin, id: 'account-race-2', login: 'qiangzhu-admin-2' })).toBe('credit-code-taken');
    expect((await office.storage.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM market_accounts WHERE login = 'qiangzhu-admin-2'`))?.n).toBe(0);
  });
});
