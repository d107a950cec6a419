import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FastifyInstance } from 'fastify';
import { buildOfficeApp } from '#server/app.ts';
import { cityPlugin } from '#server/office/city/city-plugin.ts';
import { COUNTY_FEED_BASE, FEED_GUESS_LIMIT } from '#server/office/city/feed-contract.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { seedOffice } from '#server/seed.ts';
import { openTestStorage } from '../support/backend.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';

/**
 * A county's feed to the city has one credential, the token the two offices agreed (OWASP ASVS 4.0 2.2.1,
 * anti-automation): one that is short is not taken at all, and an address that presents wrong tokens is, past its
 * budget, refused whatever it presents, so a guess past the budget learns nothing.
 */
const CODE = '230822';
const TOKEN = 'city-feed-token-for-tests-0123456789';
let app: FastifyInstance;
let url = '';
let close: () => Promise<void>;

beforeAll(async () => {
  const dataDir = tempDir('county-feed-guesses');
  const { storage, dispose } = await openTestStorage(dataDir);
  await seedOffice(storage, 'demo');
  app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, countyCode: CODE, plugins: [officePlugin, cityPlugin({ officeCode: CODE, cityToken: TOKEN, statisticsEveryMs: 3_600_000 })] });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  close = async () => { await app.close(); await dispose(); removeDir(dataDir); };
});
afterAll(async () => {
  await close();
});

const facts = (token: string) => fetch(`${url}${COUNTY_FEED_BASE}/facts?after=0&limit=10`, { headers: { authorization: `Bearer ${token}` } });

describe('the county feed’s token', () => {
  it('refuses an address that presented too many wrong tokens, the right one included, with a reason in Chinese', async () => {
    expect((await facts(TOKEN)).status).toBe(200);
    for (let i = 0; i < FEED_GUESS_LIMIT.max; i++) expect((await facts(`wrong-guess-${i}`.padEnd(36, 'x'))).status).toBe(401);
    const past = await facts(TOKEN);
    expect(past.status).toBe(429);
    expect(((await past.json()) as { message: string }).message).toContain('市县联机令牌错误次数过多');
  });

  it('is not taken when shorter than 24 characters: the county office does not start with it', () => {
    expect(() => cityPlugin({ officeCode: CODE, cityToken: 'short-token-23-chars-xx' })).toThrow(/at least 24 characters/);
    expect(() => cityPlugin({ officeCode: CODE, cityToken: 'a-token-of-24-characters' })).not.toThrow();
  });
});
