import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from '#office/platform/db/sql.ts';
import { buildOfficeApp } from '#server/app.ts';
import { cityPlugin } from '#server/office/city/city-plugin.ts';
import { CountyReplica } from '#server/office/city/county-replica.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { seedOffice } from '#server/seed.ts';
import { openPostgresStorage } from '#server/storage/open-storage.ts';
import { testBackend } from '../support/backend.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';
import { createDatabase, databaseUrl, type PostgresServer, startPostgresServer } from '../support/postgres-server.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';
import { type Office } from '../office/harness.ts';

/**
 * A county's administrator owns its staging tables, and the city's subscription copied whatever row they held into the
 * city's database, where each round read a page of 500 of them into the city office's memory: rows of hundreds of
 * megabytes would have brought it down. The city's staging tables now bound each row (a case event as large as a van's
 * push may be, a fact's fields as the feed's schema has them), so a larger row is refused as it is applied and never
 * stored at the city.
 */
const TOKEN = 'city-feed-token-for-tests-0123456789';
const ROLE = 'city_replica';
const CODE = '230822';
const LOGICAL = { wal_level: 'logical', max_connections: '40', wal_retrieve_retry_interval: '1s' };

let county: Office & { server: PostgresServer; dbName: string };
let city: Office & { server: PostgresServer };
let replica: CountyReplica;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(testBackend() !== 'postgres')('a county’s staged rows, as the city takes them', () => {
  beforeAll(async () => {
    const server = startPostgresServer({ settings: LOGICAL });
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query(`CREATE ROLE ${ROLE} WITH LOGIN REPLICATION`);
    await admin.end();
    const dbName = `county_${CODE}`;
    const { url } = await createDatabase(server.adminUrl, dbName);
    const dataDir = tempDir(`county-${CODE}`);
    const storage = await openPostgresStorage(url, { poolSize: 4 });
    await seedOffice(storage, 'demo');
    const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, countyCode: CODE, plugins: [officePlugin, cityPlugin({ officeCode: CODE, cityToken: TOKEN, replicationRole: ROLE, statisticsEveryMs: 3_600_000 })] });
    county = { url: await app.listen({ port: 0, host: '127.0.0.1' }), app, storage, dataDir, server, dbName, close: async () => { await app.close(); server.stop(); removeDir(dataDir); } };

    const cityServer = startPostgresServer({ settings: LOGICAL });
    const cityDb = await createDatabase(cityServer.adminUrl, 'city');
    const cityDir = tempDir('city');
    const cityStorage = await openPostgresStorage(cityDb.url, { poolSize: 4 });
    await seedOffice(cityStorage, 'demo');
    const cityApp = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir: cityDir, storage: cityStorage, plugins: [officePlugin] });
    city = { url: await cityApp.listen({ port: 0, host: '127.0.0.1' }), app: cityApp, storage: cityStorage, dataDir: cityDir, server: cityServer, close: async () => { await cityApp.close(); cityServer.stop(); removeDir(cityDir); } };
    replica = new CountyReplica(cityStorage.db, { now: () => new Date() });
  }, 180_000);

  afterAll(async () => {
    await Promise.all([county?.close(), city?.close()]);
  }, 60_000);

  const link = () => ({ code: CODE, replication: { url: databaseUrl(county.server, county.dbName).replace('postgres://postgres@', `postgres://${ROLE}@`) } });
  const atCity = (id: string) => city.storage.db.get<{ n: string }>(sql`SELECT count(*)::text AS n FROM county_230822.case_events WHERE id = ${id}`).then((r) => Number(r?.n ?? 0));
  const applyErrors = () => city.storage.db.get<{ n: string }>(sql`SELECT coalesce(sum(apply_error_count), 0)::text AS n FROM pg_stat_subscription_stats WHERE subname = ${`city_county_${CODE}`}`).then((r) => Number(r?.n ?? 0));

  it('never stores a case event larger than a van’s push could bring, while a small one arrives', async () => {
    for (let i = 0; i < 150 && (await replica.round(link())) !== 'streaming'; i++) await pause(200);
    // A subscription made before the bounds existed gets them at its next round.
    const bounds = () => city.storage.db.all<{ conname: string }>(sql`SELECT conname FROM pg_constraint WHERE conrelid IN ('county_230822.case_events'::regclass, 'county_230822.stat_facts'::regclass) AND contype = 'c' ORDER BY 1`);
    expect((await bounds()).map((c) => c.conname)).toEqual(['case_events_row_size', 'stat_facts_row_size']);
    await city.storage.db.transaction((tx) => tx.exec('ALTER TABLE county_230822.case_events DROP CONSTRAINT case_events_row_size; ALTER TABLE county_230822.stat_facts DROP CONSTRAINT stat_facts_row_size'));
    await replica.round(link());
    expect((await bounds()).map((c) => c.conname)).toEqual(['case_events_row_size', 'stat_facts_row_size']);
    const db = new pg.Client({ connectionString: databaseUrl(county.server, county.dbName) });
    await db.connect();
    try {
      // A row of the county's own making, straight into its staging table: first a small one, which arrives.
      await db.query(`INSERT INTO county_${CODE}.case_events (seq, id, device_id, body) VALUES (1000000001, 'small', 'd', '{}')`);
      for (let i = 0; i < 100 && (await atCity('small')) === 0; i++) await pause(200);
      expect(await atCity('small')).toBe(1);
      // Then one of 64 MB (compressed to little in the county's WAL: the size a row declares is what counts).
      await db.query(`INSERT INTO county_${CODE}.case_events (seq, id, device_id, body) VALUES (1000000002, 'huge', 'd', repeat('x', 64 * 1024 * 1024))`);
    } finally {
      await db.end();
    }
    // Until the city's database has refused it, or (before the bound) stored it.
    for (let i = 0; i < 150 && (await applyErrors()) === 0 && (await atCity('huge')) === 0; i++) await pause(200);
    expect(await atCity('huge')).toBe(0);
    expect(await applyErrors()).toBeGreaterThan(0);
    // A round of the city after it stores nothing of it either.
    await replica.round(link());
    expect(await atCity('huge')).toBe(0);
  }, 120_000);
});
