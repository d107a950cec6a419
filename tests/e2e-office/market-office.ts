import { type FastifyPluginAsync } from 'fastify';
import { buildOfficeApp } from '#server/app.ts';
import { seedArchive } from '#server/office/archive/seed-register.ts';
import { seedMarket } from '#server/office/market/seed-market.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { todayInOffice } from '#server/office/today.ts';
import { seedOffice } from '#server/seed.ts';
import { openTestStorage } from '../support/backend.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';
import { type Office } from '../office/harness.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';

/** The office with its pages, the demo register and the demo market (dated from today), on a fresh data folder. */
export async function startMarketOffice(opts: { plugins?: readonly FastifyPluginAsync[] } = {}): Promise<Office> {
  const dataDir = tempDir('market-office');
  const { storage, dispose } = await openTestStorage(dataDir);
  await seedOffice(storage, 'demo');
  await seedArchive(storage, 'demo', todayInOffice());
  const seeded = await seedMarket(storage.db, 'demo', todayInOffice());
  if (seeded.filings !== 6 || seeded.listings !== 4) throw new Error(`demo market seeded ${JSON.stringify(seeded)}`);
  const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, plugins: [officePlugin, ...(opts.plugins ?? [])] });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, app, storage, dataDir, close: async () => { await app.close(); await dispose(); removeDir(dataDir); } };
}
