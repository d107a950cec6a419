import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FastifyInstance } from 'fastify';
import { DEFAULT_PBKDF2_ITERATIONS, hashIterations, hashPassword, verifyPassword } from '#protocol/password-hash.ts';
import { type StaffDoc } from '#protocol/documents/office.ts';
import { buildOfficeApp } from '#server/app.ts';
import { LOGIN_LIMITS, type ThrottleLimits } from '#server/auth/login-throttle.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { seedOffice } from '#server/seed.ts';
import { type DbStorage } from '#server/storage/db-storage.ts';
import { type Clock } from '#domain/clock.ts';
import { openTestStorage } from '../support/backend.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';
import { DEMO_PASSWORD, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';
import { enroll, login, pageLogin, pullAll, staffCall } from './attacker-kit.ts';

/** The office with the pages, trusting a proxy on loopback, and every password check it makes recorded. */
type Office = { url: string; app: FastifyInstance; storage: DbStorage; checked: string[]; close(): Promise<void> };

/**
 * `iterations`: today's cost unless told; the throttle's tests, which count failures and not what a check costs,
 * pass the least cost a hash may carry (the cost itself is pinned by 'an unknown login' and 'password hashes').
 */
async function startOffice(trustProxy?: string[], limits?: ThrottleLimits, clock?: Clock, iterations = DEFAULT_PBKDF2_ITERATIONS): Promise<Office> {
  const dataDir = tempDir('office-login');
  const { storage, dispose } = await openTestStorage(dataDir);
  await seedOffice(storage, 'demo');
  const checked: string[] = [];
  const verify = (password: string, encoded: string) => {
    checked.push(encoded);
    return verifyPassword(password, encoded);
  };
  const app = await buildOfficeApp({ passwordIterations: iterations, dataDir, storage, plugins: [officePlugin], login: { verify, ...(limits ? { limits } : {}) }, ...(trustProxy ? { trustProxy } : {}), ...(clock ? { clock } : {}) });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, app, storage, checked, close: async () => { await app.close(); await dispose(); removeDir(dataDir); } };
}

const attempt = async (office: Office, who: string, password: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${office.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ login: who, password }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

/** Checks passwords at today's cost, for the tests of that cost; `cheap` at the least, for those of what follows a check. */
let office: Office;
let cheap: Office;
beforeAll(async () => {
  office = await startOffice(['127.0.0.1']);
  cheap = await startOffice(['127.0.0.1'], undefined, undefined, TEST_PASSWORD_ITERATIONS);
});
afterAll(async () => {
  await office.close();
  await cheap.close();
});

describe('after login', () => {
  it('follows only a path of this office', async () => {
    const next = async (value: string) => {
      const res = await fetch(`${cheap.url}/office/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: cheap.url },
        body: new URLSearchParams({ login: 'chenjing', password: DEMO_PASSWORD, next: value }).toString(),
      });
      return res.headers.get('location');
    };
    for (const evil of ['/\\evil.example/x', '//evil.example/x', 'https://evil.example/', '/\\/evil.example', '/\t/evil.example', 'javascript:alert(1)']) {
      expect(await next(evil), evil).toBe('/office/queues');
    }
    expect(await next('/office/cases/case-1?x=1')).toBe('/office/cases/case-1?x=1');
  });
});

describe('an unknown login', () => {
  it('costs one password check at today’s cost, as a known one does, and gets the same answer', async () => {
    // 刘洋's demo hash is cheap until his first sign-in makes it again at today's cost.
    expect((await attempt(office, 'liuyang', DEMO_PASSWORD, { 'x-forwarded-for': '10.1.0.3' })).status).toBe(200);
    office.checked.length = 0;
    const unknown = await attempt(office, 'nobody-here', 'whatever-1', { 'x-forwarded-for': '10.1.0.1' });
    const wrong = await attempt(office, 'liuyang', 'whatever-1', { 'x-forwarded-for': '10.1.0.2' });
    expect(unknown).toEqual(wrong);
    expect(unknown).toEqual({ status: 401, body: { code: 'login-failed', message: '用户名或密码错误' } });
    expect(office.checked.map(hashIterations)).toEqual([DEFAULT_PBKDF2_ITERATIONS, DEFAULT_PBKDF2_ITERATIONS]);
  });
});

describe('failed logins', () => {
  it('lock the account after 5 failures in a row, whatever the password, while other accounts still log in', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt(cheap, 'zhaolei', `wrong-${i}`, { 'x-forwarded-for': `10.2.0.${i}` })).status).toBe(401);
    const locked = await attempt(cheap, 'zhaolei', DEMO_PASSWORD, { 'x-forwarded-for': '10.2.0.9' });
    expect(locked.status).toBe(429);
    expect(locked.body['code']).toBe('too-many-attempts');
    expect(String(locked.body['message'])).toContain('分钟后再试');
    expect((await attempt(cheap, 'wangfang', DEMO_PASSWORD, { 'x-forwarded-for': '10.2.0.9' })).status).toBe(200);
  });

  it('stop an address after 30 failures, counting each client behind the trusted proxy apart', async () => {
    for (let i = 0; i < 30; i++) expect((await attempt(cheap, `guess-${i}`, 'wrong', { 'x-forwarded-for': '10.3.0.1' })).status).toBe(401);
    const blocked = await attempt(cheap, 'liuyang', DEMO_PASSWORD, { 'x-forwarded-for': '10.3.0.1' });
    expect(blocked.status).toBe(429);
    // Another kiosk behind the same proxy is not blocked by its neighbour's failures.
    expect((await attempt(cheap, 'liuyang', DEMO_PASSWORD, { 'x-forwarded-for': '10.3.0.2' })).status).toBe(200);
    // The page says so in Chinese.
    const page = await pageLogin(cheap.url, 'liuyang', DEMO_PASSWORD, { 'x-forwarded-for': '10.3.0.1' });
    expect(page.location).toMatch(/^\/office\/login\?throttled=/);
  }, 120_000);

  it('from one address are counted together when no proxy is trusted, whatever X-Forwarded-For says', async () => {
    // The same rule with a smaller address limit, to spare 30 password checks.
    const plain = await startOffice(undefined, { ...LOGIN_LIMITS, perAddress: 4 }, undefined, TEST_PASSWORD_ITERATIONS);
    try {
      for (let i = 0; i < 4; i++) expect((await attempt(plain, `guess-${i}`, 'wrong', { 'x-forwarded-for': `10.4.0.${i}` })).status).toBe(401);
      expect((await attempt(plain, 'liuyang', DEMO_PASSWORD, { 'x-forwarded-for': '10.4.1.1' })).status).toBe(429);
    } finally {
      await plain.close();
    }
  });
});

describe('a throttled login', () => {
  // The office's clock, moved by the test: the wait is counted on it, not on the machine's.
  let at = Date.parse('2026-03-02T09:00:00+08:00');
  const minutes = (n: number) => (at += n * 60_000);
  let timed: Office;
  beforeAll(async () => {
    timed = await startOffice(['127.0.0.1'], { ...LOGIN_LIMITS, perAddress: 8 }, { now: () => new Date(at) }, TEST_PASSWORD_ITERATIONS);
  });
  afterAll(async () => timed?.close());

  it('waits until the first of the 5 failures is 15 minutes old, and says how long is left', async () => {
    for (const [i, gap] of [0, 5, 1, 1, 1].entries()) {
      minutes(gap);
      expect((await attempt(timed, 'zhaolei', `wrong-${i}`, { 'x-forwarded-for': `10.6.0.${i}` })).status).toBe(401);
    }
    // 8 minutes after the first failure: 7 left.
    const locked = await attempt(timed, 'zhaolei', DEMO_PASSWORD, { 'x-forwarded-for': '10.6.1.1' });
    expect(locked.status).toBe(429);
    expect(locked.body['message']).toBe('该账号连续登录失败次数过多，已暂停登录，请 7 分钟后再试，或联系系统管理员');
    minutes(6.9);
    expect((await attempt(timed, 'zhaolei', DEMO_PASSWORD, { 'x-forwarded-for': '10.6.1.2' })).status).toBe(429);
    // The first failure is past the window: four are left in it, and the right password logs in.
    minutes(0.2);
    expect((await attempt(timed, 'zhaolei', DEMO_PASSWORD, { 'x-forwarded-for': '10.6.1.3' })).status).toBe(200);
  });

  it('counts an IPv6 client by its /64 network: new addresses in it are the same client, another network is not', async () => {
    minutes(16); // the failures of the tests before are past the window
    const inNetwork = (i: number) => ({ 'x-forwarded-for': `2001:db8:5:6:${(i + 1).toString(16)}::${i + 7}` });
    for (let i = 0; i < 8; i++) expect((await attempt(timed, `v6-guess-${i}`, 'wrong', inNetwork(i))).status).toBe(401);
    expect((await attempt(timed, 'liuyang', DEMO_PASSWORD, inNetwork(99))).status).toBe(429);
    expect((await attempt(timed, 'liuyang', DEMO_PASSWORD, { 'x-forwarded-for': '2001:db8:5:7::1' })).status).toBe(200);
  });

  it('lifts an address’s stop once its failures are 15 minutes old', async () => {
    for (let i = 0; i < 8; i++) expect((await attempt(timed, `guess-${i}`, 'wrong', { 'x-forwarded-for': '10.7.0.1' })).status).toBe(401);
    const blocked = await attempt(timed, 'liuyang', DEMO_PASSWORD, { 'x-forwarded-for': '10.7.0.1' });
    expect(blocked.status).toBe(429);
    expect(blocked.body['message']).toBe('本机登录失败次数过多，已暂停登录，请 15 分钟后再试');
    minutes(14.9);
    expect((await attempt(timed, 'liuyang', DEMO_PASSWORD, { 'x-forwarded-for': '10.7.0.1' })).status).toBe(429);
    minutes(0.2);
    expect((await attempt(timed, 'liuyang', DEMO_PASSWORD, { 'x-forwarded-for': '10.7.0.1' })).status).toBe(200);
  });
});

describe('password hashes', () => {
  it('are PBKDF2-SHA256 at 600,000 iterations or more once the person has signed in, the demo accounts’ cheap seed hashes included, in what a van pulls', async () => {
    expect(DEFAULT_PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    const admin = await login(office.url, 'admin');
    const van = await enroll(office.url, admin, DEMO_VAN_ID, 'hash-check');
    const hashes = async () => Object.values(await pullAll(office.url, van.token, 'staff')).map((s) => hashIterations((JSON.parse(s) as StaffDoc).passwordHash));
    // The demo's password is published, so its seed hashes are made at the least cost a hash may carry.
    expect(await hashes()).toEqual([1_000, 1_000]);
    await login(office.url, 'zhangwei');
    await login(office.url, 'lina');
    expect(await hashes()).toEqual([600_000, 600_000]);
  });

  it('made at an older, lower cost are made again at the next successful login, reach the vans, and keep the person’s other sessions', async () => {
    const admin = await login(office.url, 'admin');
    const van = await enroll(office.url, admin, DEMO_VAN_ID, 'upgrade-check');
    const stored = (await office.storage.getDocument('staff', 'staff-zhangwei'))!.body as unknown as StaffDoc;
    // An office from before: zhangwei's hash was made at 210,000 iterations.
    const old = await hashPassword(DEMO_PASSWORD, randomBytes(16), 210_000);
    await office.storage.writeOfficeDocuments('staff', [{ body: { ...stored, passwordHash: old }, audienceVans: [DEMO_VAN_ID], ownerDevice: null }]);
    const earlier = await login(office.url, 'zhangwei');
    expect(hashIterations((JSON.parse((await pullAll(office.url, van.token, 'staff'))['staff-zhangwei'] ?? '{}') as StaffDoc).passwordHash)).toBe(600_000);
    expect((await staffCall(office.url, earlier, 'GET', '/office/me')).status).toBe(200);
    // The same password still logs in, against the new hash.
    expect((await attempt(office, 'zhangwei', DEMO_PASSWORD, { 'x-forwarded-for': '10.5.0.1' })).status).toBe(200);
  });
});
