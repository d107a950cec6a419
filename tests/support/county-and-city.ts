import pg from 'pg';
import { buildOfficeApp } from '#server/app.ts';
import { cityPlugin } from '#server/office/city/city-plugin.ts';
import { CountyReplica, type ReplicatedCounty, type ReplicationState } from '#server/office/city/county-replica.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { seedOffice } from '#server/seed.ts';
import { openPostgresStorage } from '#server/storage/open-storage.ts';
import { type Office } from '../office/harness.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';
import { TEST_PASSWORD_ITERATIONS } from './password-cost.ts';
import { createDatabase, type PostgresServer, startPostgresServer } from './postgres-server.ts';

const TOKEN = 'city-feed-token-for-tests-0123456789';
/** The role the city's subscription signs in to the county's database as. */
export const REPLICATION_ROLE = 'city_replica';
/** Logical decoding on both servers; the city's subscription workers retry a lost county after a second. */
const LOGICAL = { wal_level: 'logical', max_connections: '40', wal_retrieve_retry_interval: '1s' };

export type CountyAndCity = {
  code: string;
  /** The county office, publishing for the city; `dbUrl` is its database as its owner (its administrator) sees it. */
  county: Office & { server: PostgresServer; dbUrl: string };
  /** The city office, subscribing to nothing yet; `dbUrl` as for the county. */
  city: Office & { server: PostgresServer; dbUrl: string };
  replica: CountyReplica;
  /** The county as the city's replica rounds are given it: its database as the replication role. */
  link(): ReplicatedCounty;
  /** The city's replica rounds, a fifth of a second apart, until the subscription streams (or 30 s): the state last seen. */
  roundsUntilStreaming(): Promise<ReplicationState>;
  close(): Promise<void>;
};

/** An office on a PostgreSQL server of its own, seeded with the demo data, on 127.0.0.1 port 0. */
async function startOffice(dbName: string, dir: string, county: { code: string; role: string } | null): Promise<Office & { server: PostgresServer; dbUrl: string }> {
  const server = startPostgresServer({ settings: LOGICAL });
  if (county) {
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query(`CREATE ROLE ${county.role} WITH LOGIN REPLICATION`);
    await admin.end();
  }
  const { url: dbUrl } = await createDatabase(server.adminUrl, dbName);
  const dataDir = tempDir(dir);
  const storage = await openPostgresStorage(dbUrl, { poolSize: 4 });
  await seedOffice(storage, 'demo');
  const plugins = county ? [officePlugin, cityPlugin({ officeCode: county.code, cityToken: TOKEN, replicationRole: county.role, statisticsEveryMs: 3_600_000 })] : [officePlugin];
  const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, plugins, ...(county ? { countyCode: county.code } : {}) });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, app, storage, dataDir, server, dbUrl, close: async () => { await app.close(); server.stop(); removeDir(dataDir); } };
}

/**
 * A county office and a city office, each on a PostgreSQL server of its own with logical decoding, for the tests of
 * what a county's administrator can do to the city through its replication: the county publishes for the city (the
 * role made on its server), the city's `replica` subscribes at its first rounds.
 */
export async function startCountyAndCity(code = '230822'): Promise<CountyAndCity> {
  const county = await startOffice(`county_${code}`, `county-${code}`, { code, role: REPLICATION_ROLE });
  const city = await startOffice('city', 'city', null).catch(async (e: unknown) => {
    await county.close();
    throw e;
  });
  const replicationUrl = county.dbUrl.replace('postgres://postgres@', `postgres://${REPLICATION_ROLE}@`);
  const link = (): ReplicatedCounty => ({ code, replication: { url: replicationUrl } });
  const replica = new CountyReplica(city.storage.db, { now: () => new Date() });
  return {
    code,
    county,
    city,
    replica,
    link,
    roundsUntilStreaming: async () => {
      let state = await replica.round(link());
      for (let i = 1; i < 150 && state !== 'streaming'; i++) {
        await new Promise((r) => setTimeout(r, 200));
        state = await replica.round(link());
      }
      return state;
    },
    close: async () => {
      await Promise.all([county.close(), city.close()]);
    },
  };
}
