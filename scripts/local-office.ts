/**
 * The embedded office of `npm start` / `npm run start:browser`: the real office server (sync
 * helper's `buildOfficeApp`) on SQLite in `<data>/office`, seeded with the demo on first run.
 */
import { mkdirSync } from 'node:fs';
import { type FastifyInstance } from 'fastify';
import { type Clock } from '#domain/clock.ts';
import { buildOfficeApp } from '#server/app.ts';
import { seedMap } from '#server/office/map/seed-map.ts';
import { seedArchive } from '#server/office/archive/seed-register.ts';
import { seedMarket } from '#server/office/market/seed-market.ts';
import { todayInOffice } from '#server/office/today.ts';
import { seedOffice } from '#server/seed.ts';
import { openSqliteStorage } from '#server/storage/open-storage.ts';
import { officePlugins } from './office-plugins.ts';

export type LocalOffice = { url: string; port: number; app: FastifyInstance; close(): Promise<void> };

/**
 * `clock` is the office's time (default: the system clock); the demo seed is dated from it. `passwordIterations`:
 * the cost of the password hashes it makes (default: the standard; `buildOfficeApp`).
 */
export async function startLocalOffice(opts: { dataDir: string; port?: number; seed?: string | null; clock?: Clock; passwordIterations?: number }): Promise<LocalOffice> {
  mkdirSync(opts.dataDir, { recursive: true });
  const clock = opts.clock ?? { now: () => new Date() };
  const storage = openSqliteStorage(opts.dataDir, { clock });
  if (opts.seed !== null) {
    await seedOffice(storage, opts.seed ?? 'demo', clock);
    await seedMap(storage.db, opts.seed ?? 'demo', clock);
    await seedArchive(storage, opts.seed ?? 'demo', todayInOffice(clock));
    await seedMarket(storage.db, opts.seed ?? 'demo', todayInOffice(clock));
  }
  const app = await buildOfficeApp({ dataDir: opts.dataDir, storage, clock, plugins: await officePlugins(), passwordIterations: opts.passwordIterations });
  try {
    await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  } catch (error) {
    // The office's rounds (archive, market) run on timers: without closing, the process would never exit.
    await app.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, port, app, close: () => app.close() };
}
