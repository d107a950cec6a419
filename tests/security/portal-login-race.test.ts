import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';
import { type Db } from '#office/platform/db/db.ts';
import { openPostgresDb } from '#office/platform/db/postgres-db.ts';
import { DEFAULT_PBKDF2_ITERATIONS, verifyPassword } from '#protocol/password-hash.ts';
import { LOGIN_LIMITS, LoginThrottle } from '#server/auth/login-throttle.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { PortalAuth } from '#server/office/market/portal-auth.ts';
import { seedMarket } from '#server/office/market/seed-market.ts';
import { todayInOffice } from '#server/office/today.ts';
import { seedOffice } from '#server/seed.ts';
import { DbStorage } from '#server/storage/db-storage.ts';
import { openTestDb, testBackend } from '../support/backend.ts';
import { barrier } from '../support/barrier.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

/**
 * The portals' sign-in (developers, banks, agencies) settles each attempt under the sign-in's locks
 * (LoginThrottle.settle): guesses that arrive at once, on two office servers, are counted one by one, so no more
 * get a password checked and answered than the limit allows (OWASP ASVS 2.2.1).
 */
const dir = tempFolderForTests('portal-login-race');
const clock = { now: () => new Date() };
let dbs: Db[];
let drop: () => Promise<void>;

/** A portal sign-in on each server, limited to `perAccount` failures, whose password checks wait at `wait`. */
function portals(perAccount: number, wait: () => Promise<void>): PortalAuth[] {
  const verify = async (password: string, encoded: string) => {
    const ok = await verifyPassword(password, encoded);
    await wait();
    return ok;
  };
  return dbs.map((db) => new PortalAuth(dbMarketStores(db), new LoginThrottle(db, 'portal', { ...LOGIN_LIMITS, perAccount }, () => clock.now().getTime()), clock, DEFAULT_PBKDF2_ITERATIONS, verify));
}

beforeAll(async () => {
  const opened = await openTestDb(dir());
  drop = opened.drop;
  const storage = new DbStorage(opened.db, clock);
  await seedOffice(storage, 'demo');
  await seedMarket(opened.db, 'demo', todayInOffice(clock));
  dbs = [opened.db, opened.url === null ? opened.db : await openPostgresDb(opened.url, { poolSize: 4 })];
}, 120_000);

afterAll(async () => {
  if (dbs[1] !== dbs[0]) await dbs[1]?.close();
  await drop();
});

describe(`portal sign-in under guesses at once on ${testBackend()}`, () => {
  it('lets no more wrong guesses through than the limit when they arrive at once on two servers', async () => {
    const guesses = 8;
    const limit = 3;
    const sv = portals(limit, barrier(guesses));
    const outcomes = await Promise.all(Array.from({ length: guesses }, (_, i) => sv[i % 2]!.login('jj-sales', `guess-${i}`, `10.8.1.${i}`)));
    const statuses = outcomes.map((o) => (o.ok ? 200 : o.status)).sort();
    expect(statuses).toEqual([...Array<number>(limit).fill(401), ...Array<number>(guesses - limit).fill(429)]);
  }, 120_000);

  it('refuses the right password too while the account is locked, and lets it in on an account that is not', async () => {
    const sv = portals(3, () => Promise.resolve());
    for (let i = 0; i < 3; i++) expect((await sv[i % 2]!.login('jj-manager', `wrong-${i}`, '10.8.2.1')).ok).toBe(false);
    const locked = await sv[0]!.login('jj-manager', DEMO_PASSWORD, '10.8.2.1');
    expect(locked.ok ? 200 : locked.status).toBe(429);
    const other = await sv[1]!.login('jj-admin', DEMO_PASSWORD, '10.8.2.2');
    expect(other.ok && other.user.login).toBe('jj-admin');
  }, 120_000);
});
