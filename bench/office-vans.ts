/**
 * The second half of `npm run bench -- office`: 20 vans pushing flat out to two office servers on one
 * PostgreSQL, against one server on SQLite: events/s and p99 batch latency side by side, and nothing lost.
 */
import { randomBytes } from 'node:crypto';
import { DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { openPostgresDb } from '#office/platform/db/postgres-db.ts';
import { openSqliteDb } from '#office/platform/db/sqlite-db.ts';
import { API_BASE } from '#protocol/version.ts';
import { buildOfficeApp } from '#server/app.ts';
import { hashEnrollCode, hashToken } from '#server/auth/tokens.ts';
import { DbStorage } from '#server/storage/db-storage.ts';
import { createDatabase, startPostgresServer } from '../tests/support/postgres-server.ts';
import { protocolHeaders, removeDir, tempDir } from '../tests/sync/helpers.ts';
import { chainOf } from './event-chain.ts';
import { startBenchOffice } from './office-fixture.ts';
import { percentile } from './report.ts';

const VANS = 20;
const PER_VAN = 500;
const BATCH = 100;

/** 20 vans, each sending its next 100-event batch as soon as the last was answered, spread over `urls`. */
async function twentyVans(storage: DbStorage, urls: readonly string[]): Promise<{ eventsPerSecond: number; p99: number; lost: number }> {
  const vans = [];
  for (let n = 0; n < VANS; n++) {
    const code = `BENCH-OFFICE-${n}`;
    await storage.createEnrollCode({ codeHash: hashEnrollCode(code), vanId: DEMO_VAN_ID, createdBy: 'bench', expiresAt: '2999-01-01T00:00:00Z' });
    const token = `bench-${n}-${randomBytes(8).toString('hex')}`;
    const d = await storage.enrollDevice({ codeHash: hashEnrollCode(code), deviceId: `dev-bench-office-${n}`, name: `bench ${n}`, tokenHash: hashToken(token), now: new Date().toISOString() });
    if (!d) throw new Error('enroll failed');
    vans.push({ deviceId: d.id, token, url: urls[n % urls.length] ?? '' });
  }
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    vans.map(async (v) => {
      const events = chainOf(v.deviceId, PER_VAN);
      for (let k = 0; k < PER_VAN; k += BATCH) {
        const sent = performance.now();
        const res = await fetch(`${v.url}${API_BASE}/sync/caseEvents/push`, {
          method: 'POST',
          headers: protocolHeaders(v.token),
          body: JSON.stringify(events.slice(k, k + BATCH).map((e) => ({ newDocumentState: { ...e, _deleted: false } }))),
        });
        if (res.status !== 200) throw new Error(`push refused: ${res.status} ${await res.text()}`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const ms = performance.now() - start;
  let stored = 0;
  for (const v of vans) stored += await storage.countDeviceEvents(v.deviceId);
  return { eventsPerSecond: (VANS * PER_VAN) / (ms / 1000), p99: percentile(latencies, 99), lost: VANS * PER_VAN - stored };
}

export async function vansOnSqlite(): Promise<Awaited<ReturnType<typeof twentyVans>>> {
  const dataDir = tempDir('bench-vans-sqlite');
  const office = await startBenchOffice(openSqliteDb(`${dataDir}/office.sqlite`), dataDir);
  try {
    return await twentyVans(office.storage, [office.url]);
  } finally {
    await office.close();
    removeDir(dataDir);
  }
}

export async function vansOnPostgres(): Promise<Awaited<ReturnType<typeof twentyVans>>> {
  const server = startPostgresServer();
  const dataDir = tempDir('bench-vans-postgres');
  try {
    const database = await createDatabase(server.adminUrl);
    const first = await startBenchOffice(await openPostgresDb(database.url), dataDir);
    const app = await buildOfficeApp({ dataDir, storage: new DbStorage(await openPostgresDb(database.url)), logFile: false });
    const second = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      return await twentyVans(first.storage, [first.url, second]);
    } finally {
      await app.close();
      await first.close();
    }
  } finally {
    server.stop();
    removeDir(dataDir);
  }
}
