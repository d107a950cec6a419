import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_VERIFY_PATH } from '#domain/query/verify-link.ts';
import { buildOfficeApp } from '#server/app.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { seedOffice } from '#server/seed.ts';
import { DbStorage } from '#server/storage/db-storage.ts';
import { openPostgresStorage } from '#server/storage/open-storage.ts';
import { openTestDb, testBackend } from '../support/backend.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';

/**
 * Two office servers on one database, as behind a proxy (README, "Several office servers"): a client spreading its
 * guesses at a public page's secret over both gets one budget, not one per server (sync/server/guess-budget.ts). On
 * PostgreSQL the second server has its own connections; on SQLite, whose one file is one office server's, both
 * servers are built on the one database.
 */
let dataDir: string;
let drop: () => Promise<void>;
let urls: string[];
let close: () => Promise<void>;

beforeAll(async () => {
  dataDir = tempDir('public-guesses-two-servers');
  const opened = await openTestDb(dataDir);
  drop = opened.drop;
  const first = new DbStorage(opened.db);
  await seedOffice(first, 'demo');
  const second = opened.url === null ? first : await openPostgresStorage(opened.url, { poolSize: 4 });
  const apps = await Promise.all([first, second].map((storage) => buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, plugins: [officePlugin], logFile: false })));
  urls = await Promise.all(apps.map((app) => app.listen({ port: 0, host: '127.0.0.1' })));
  close = async () => {
    for (const app of apps) await app.close();
  };
});
afterAll(async () => {
  await close?.();
  await drop?.();
  removeDir(dataDir);
});

/** The server the `n`th request goes to: each in turn, as a proxy spreads them. */
const server = (n: number) => urls[n % 2]!;

describe(`guesses at a public page spread over two office servers on one ${testBackend()} database`, () => {
  it('the status query: 20 a minute from one address over both, then 429 from each', async () => {
    const query = (n: number) => `caseNo=JMS-2026-000001&code=${String(n).padStart(8, '0')}`;
    for (let n = 0; n < 20; n++) expect((await fetch(`${server(n)}/public/status?${query(n)}`)).status, `guess ${n}`).toBe(404);
    for (const n of [20, 21]) {
      const res = await fetch(`${server(n)}/public/status?${query(n)}`);
      expect(res.status).toBe(429);
      expect(await res.text()).toContain('查询过于频繁，请一分钟后再试。');
    }
  });

  it('the certificate check: 30 a minute over both, then its page saying so from each', async () => {
    const check = (n: number) => fetch(`${server(n)}/${PUBLIC_VERIFY_PATH}?id=QC-${n}&c=${String(n).padStart(8, '0')}`);
    for (let n = 0; n < 30; n++) expect((await check(n)).status, `check ${n}`).toBe(404);
    for (const n of [30, 31]) {
      const res = await check(n);
      expect(res.status).toBe(429);
      expect(await res.text()).toContain('核验过于频繁，请稍后再试。');
    }
  });

  it('an owner’s own listing: 10 an hour over both, then the form saying so from each', async () => {
    const submit = (n: number) => fetch(`${server(n)}/public/listings/submit`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server(n) }, body: 'unitNumber=x' });
    for (let n = 0; n < 10; n++) expect((await submit(n)).status, `submission ${n}`).toBe(400);
    for (const n of [10, 11]) {
      const res = await submit(n);
      expect(res.status).toBe(429);
      expect(await res.text()).toContain('提交过于频繁，请一小时后再试。');
    }
  });
});
