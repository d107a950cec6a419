import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { caseIdFor } from '#domain/case/case-id.ts';
import { CITY_TOTAL, type StatRow, sumOverOffices } from '#domain/city/statistics.ts';
import { sql } from '#office/platform/db/sql.ts';
import { buildOfficeApp } from '#server/app.ts';
import { seedArchive } from '#server/office/archive/seed-register.ts';
import { cityPlugin } from '#server/office/city/city-plugin.ts';
import { registerCityPage } from '#server/office/city/city-page.ts';
import { CountyPuller, type CountyLink } from '#server/office/city/county-puller.ts';
import { CountyReplica } from '#server/office/city/county-replica.ts';
import { readCounties } from '#server/office/city/county-rounds.ts';
import { OfficeStatistics } from '#server/office/city/office-statistics.ts';
import { cityRows as cityRowsOf, statRows } from '#server/office/city/stat-store.ts';
import { seedMarket } from '#server/office/market/seed-market.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { todayInOffice } from '#server/office/today.ts';
import { seedOffice } from '#server/seed.ts';
import { openPostgresStorage } from '#server/storage/open-storage.ts';
import { testBackend } from '../../support/backend.ts';
import { createDatabase, databaseUrl, type PostgresServer, startPostgresServer } from '../../support/postgres-server.ts';
import { type SocketProxy, startSocketProxy } from '../../support/socket-proxy.ts';
import { removeDir, tempDir } from '../../sync/helpers.ts';
import { loginAs, type Office } from '../harness.ts';
import { freeUnit, Van } from '../scenario.ts';
import { TEST_PASSWORD_ITERATIONS } from '../../support/password-cost.ts';

const TOKEN = 'city-feed-token-for-tests-0123456789';
const ROLE = 'city_replica';
const ALL_MONTHS = { fromMonth: '2000-01', toMonth: '2999-12' };
// Logical decoding on every server; the city's subscription workers retry a lost county after a second.
const LOGICAL = { wal_level: 'logical', max_connections: '60', wal_retrieve_retry_interval: '1s' };

type County = Office & { code: string; stats: OfficeStatistics; server: PostgresServer; link: SocketProxy; dbName: string; van: Van };

/** A county office on its own PostgreSQL server, publishing for the city; the city reaches its database through `link`. */
async function startCounty(code: string): Promise<County> {
  const server = startPostgresServer({ settings: LOGICAL });
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`CREATE ROLE ${ROLE} WITH LOGIN REPLICATION`);
  await admin.end();
  const { url } = await createDatabase(server.adminUrl, `county_${code}`);
  const dataDir = tempDir(`county-${code}`);
  const storage = await openPostgresStorage(url, { poolSize: 4 });
  await seedOffice(storage, 'demo');
  await seedArchive(storage, 'demo', todayInOffice());
  await seedMarket(storage.db, 'demo', todayInOffice());
  const plugin = cityPlugin({ officeCode: code, cityToken: TOKEN, replicationRole: ROLE, statisticsEveryMs: 3_600_000 });
  const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, countyCode: code, plugins: [officePlugin, plugin] });
  const office = { url: await app.listen({ port: 0, host: '127.0.0.1' }), app, storage, dataDir };
  const link = await startSocketProxy(`${server.socketDir}/.s.PGSQL.${server.port}`, server.port);
  return {
    ...office, code, server, link, dbName: `county_${code}`,
    stats: new OfficeStatistics(storage.db, code),
    van: await Van.enroll(office as Office, `van-${code}`),
    close: async () => {
      await app.close();
      await link.close();
      server.stop();
      removeDir(dataDir);
    },
  };
}

let a: County;
let b: County;
let city: Office & { server: PostgresServer };
let links: CountyLink[];
let puller: CountyPuller;
let replica: CountyReplica;
const httpOffline = new Set<string>();
let httpRequests = 0;

/** The city's HTTPS link to each county, which a test can take down on its own. */
const cityFetch: typeof fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : input.toString();
  if ([a, b].some((c) => httpOffline.has(c.code) && url.startsWith(c.url))) throw new Error('connect ECONNREFUSED');
  httpRequests += 1;
  return fetch(input, init);
};

const round = () => readCounties(city.storage.db, links, puller, replica);
const ownRows = async (c: County): Promise<StatRow[]> => statRows(c.storage.db, { ...ALL_MONTHS, offices: [c.code] });
const cityRows = (c: County) => statRows(city.storage.db, { ...ALL_MONTHS, offices: [c.code] });
const count = async (db: Office['storage']['db'], query: ReturnType<typeof sql>): Promise<number> => Number((await db.get<{ n: number | string }>(query))?.n ?? 0);

/** What a county holds and what the city took in of it: facts, case events, and its figures. */
async function holdings(c: County) {
  return {
    facts: [await count(c.storage.db, sql`SELECT count(*) AS n FROM stat_facts WHERE office_code = ${c.code}`), await count(city.storage.db, sql`SELECT count(*) AS n FROM stat_facts WHERE office_code = ${c.code}`)] as const,
    events: [await count(c.storage.db, sql`SELECT count(*) AS n FROM documents WHERE collection = 'caseEvents'`), await count(city.storage.db, sql`SELECT count(*) AS n FROM county_chain_links WHERE county_code = ${c.code}`)] as const,
    rows: [await ownRows(c), await cityRows(c)] as const,
  };
}

/** Rounds of the city until it holds exactly what the county holds (or a minute passes, and the test fails on what differs). */
async function caughtUp(c: County): Promise<void> {
  await c.stats.catchUp();
  for (let i = 0; i < 300; i++) {
    await round();
    const h = await holdings(c);
    if (h.facts[0] === h.facts[1] && h.events[0] === h.events[1] && JSON.stringify(h.rows[0]) === JSON.stringify(h.rows[1])) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  const h = await holdings(c);
  expect({ facts: h.facts[1], events: h.events[1], rows: h.rows[1] }).toEqual({ facts: h.facts[0], events: h.events[0], rows: h.rows[0] });
}

/** Rounds of the city until the county's subscription streams (or half a minute passes, and the test fails). */
async function streaming(c: County): Promise<void> {
  for (let i = 0; i < 150 && (await linkOf(c))?.replication_state !== 'streaming'; i++) {
    await round();
    await new Promise((r) => setTimeout(r, 200));
  }
  expect((await linkOf(c))?.replication_state).toBe('streaming');
}

const linkOf = (c: County) => city.storage.db.get<{ mode: string; replication_state: string | null; wal_lag_bytes: number | string | null; facts_pending: number | string; events_pending: number | string; last_error: string | null }>(
  sql`SELECT mode, replication_state, wal_lag_bytes, facts_pending, events_pending, last_error FROM county_links WHERE code = ${c.code}`,
);

async function accept(c: County, n: number, caseId?: string): Promise<void> {
  await c.van.acceptCase(n, await freeUnit(c, n - 1), caseId === undefined ? {} : { caseId });
}

// Starts three PostgreSQL servers of its own, whichever backend the run is on: it runs once, with the postgres project.
describe.skipIf(testBackend() !== 'postgres')('city–county logical replication', () => {
  beforeAll(async () => {
    a = await startCounty('230822');
    b = await startCounty('230826');
    const server = startPostgresServer({ settings: LOGICAL });
    const { url } = await createDatabase(server.adminUrl, 'city');
    const dataDir = tempDir('city');
    const storage = await openPostgresStorage(url, { poolSize: 4 });
    await seedOffice(storage, 'demo');
    links = [a, b].map((c) => ({ code: c.code, url: c.url, token: TOKEN, replication: { url: `${databaseUrl({ socketDir: c.link.dir, port: c.server.port }, c.dbName).replace('postgres://postgres@', `postgres://${ROLE}@`)}` } }));
    const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, plugins: [officePlugin, (f) => Promise.resolve(registerCityPage(f, links.map((l) => l.code)))] });
    city = { url: await app.listen({ port: 0, host: '127.0.0.1' }), app, storage, dataDir, server, close: async () => { await app.close(); server.stop(); removeDir(dataDir); } };
    // Pages of two, so every catch-up crosses many pages and checkpoints.
    puller = new CountyPuller(storage.db, links, { now: () => new Date() }, { fetchFn: cityFetch, pageSize: 2 });
    replica = new CountyReplica(storage.db, { now: () => new Date() }, { pageSize: 2 });
  }, 180_000);

  afterAll(async () => {
    // Each server is stopped with its workers; nothing of the replication outlives the test.
    await Promise.all([a?.close(), b?.close(), city?.close()]);
  }, 60_000);

  it('replicates each county into its own schema at the city, and the city’s figures are the counties’ own', async () => {
    const draw = randomUUID();
    await accept(a, 1, caseIdFor(a.van.deviceId, draw));
    await accept(a, 2);
    await accept(b, 1, caseIdFor(b.van.deviceId, draw));
    await caughtUp(a);
    await caughtUp(b);
    // The first rounds make the slots and subscriptions and pull over HTTPS until they stream; then only replication.
    await streaming(a);
    await streaming(b);
    const streamingSince = httpRequests;
    await accept(a, 3);
    await caughtUp(a);
    expect(httpRequests).toBe(streamingSince);
    expect(await city.storage.db.all(sql`SELECT DISTINCT body::jsonb ->> 'caseId' AS id FROM county_230822.case_events WHERE body::jsonb ->> 'caseId' LIKE ${`case-%-${draw}`}
      UNION ALL SELECT DISTINCT body::jsonb ->> 'caseId' FROM county_230826.case_events WHERE body::jsonb ->> 'caseId' LIKE ${`case-%-${draw}`} ORDER BY 1`)).toEqual([{ id: `case-230822-${draw}` }, { id: `case-230826-${draw}` }]);
    expect(await cityRowsOf(city.storage.db, ALL_MONTHS.fromMonth, ALL_MONTHS.toMonth)).toEqual(sumOverOffices([...(await ownRows(a)), ...(await ownRows(b))], CITY_TOTAL));
  });

  it('shows how far a county’s replication has fallen behind, in rows and in WAL', async () => {
    httpOffline.add(a.code);
    await city.storage.db.transaction((tx) => tx.exec('ALTER SUBSCRIPTION city_county_230822 DISABLE'));
    await accept(a, 4);
    await accept(a, 5);
    await a.stats.catchUp();
    await round();
    const link = await linkOf(a);
    // Two cases: two fee facts and four case events the city has not taken in.
    expect({ state: link?.replication_state, facts: Number(link?.facts_pending), events: Number(link?.events_pending) }).toEqual({ state: 'connecting', facts: 2, events: 4 });
    expect(Number(link?.wal_lag_bytes)).toBeGreaterThan(0);
    const page = await (await fetch(`${city.url}/office/city`, { headers: { authorization: `Bearer ${await loginAs(city, 'admin')}` } })).text();
    const row = /<tr data-county="230822">[\s\S]*?<\/tr>/.exec(page)?.[0] ?? '';
    expect(row).toContain('data-lag="events"><span class="tag warn" data-behind="4">落后 4 条');
    expect(row).toContain(`data-replication="connecting" data-wal-lag="${Number(link?.wal_lag_bytes)}"`);
    expect(row).toContain('逻辑复制中断，改用 HTTPS 拉取');
    await city.storage.db.transaction((tx) => tx.exec('ALTER SUBSCRIPTION city_county_230822 ENABLE'));
    await caughtUp(a);
    httpOffline.delete(a.code);
  });

  it('catches a county up exactly after its server was down and its link cut, with nothing doubled', async () => {
    httpOffline.add(b.code);
    await b.link.cut();
    await accept(b, 2);
    await accept(b, 3);
    await b.stats.catchUp();
    // The county's server goes down as in a power cut, and comes back; its office writes on.
    b.server.halt();
    await round();
    expect((await linkOf(b))?.last_error).toContain('无法');
    b.server.resume();
    await accept(b, 4);
    await accept(b, 5);
    await b.stats.catchUp();
    await round();
    const behind = await holdings(b);
    expect(behind.facts[1]).toBe(behind.facts[0] - 4);
    await b.link.restore();
    const pulled = httpRequests;
    await caughtUp(b);
    // Replication alone brought it: the HTTPS link stayed down.
    expect(httpRequests).toBe(pulled);
    const h = await holdings(b);
    expect(h.facts[1]).toBe(h.facts[0]);
    expect(h.events[1]).toBe(h.events[0]);
    httpOffline.delete(b.code);
  });

  it('doubles nothing when the city switches from replication to the pull and back', async () => {
    await a.link.cut();
    await accept(a, 6);
    await accept(a, 7);
    // Replication is down and the HTTPS link is up: the pull brings the new cases.
    const before = httpRequests;
    await caughtUp(a);
    expect(httpRequests).toBeGreaterThan(before);
    await a.link.restore();
    await accept(a, 8);
    await caughtUp(a);
    // Back on replication, the rows already pulled arrive again in the staging and are passed over.
    await streaming(a);
    // Both at once: a pull over what replication already brought adds nothing either.
    await puller.pullCounty(links[0] as CountyLink);
    await caughtUp(a);
    const h = await holdings(a);
    expect([h.facts[1], h.events[1]]).toEqual([h.facts[0], h.events[0]]);
    expect(await cityRowsOf(city.storage.db, ALL_MONTHS.fromMonth, ALL_MONTHS.toMonth)).toEqual(sumOverOffices([...(await ownRows(a)), ...(await ownRows(b))], CITY_TOTAL));
  });

  it('subscribes afresh when the county’s slot was dropped, and takes nothing twice', async () => {
    await city.storage.db.transaction((tx) => tx.exec('ALTER SUBSCRIPTION city_county_230826 DISABLE'));
    const admin = new pg.Client({ connectionString: databaseUrl(b.server, b.dbName) });
    await admin.connect();
    for (let i = 0; i < 50; i++) {
      const r = await admin.query<{ active: boolean }>("SELECT active FROM pg_replication_slots WHERE slot_name = 'city_county_230826'");
      if (r.rows[0]?.active === false) break;
      await new Promise((res) => setTimeout(res, 200));
    }
    await admin.query("SELECT pg_drop_replication_slot('city_county_230826')");
    await admin.end();
    httpOffline.add(b.code);
    await accept(b, 6);
    await caughtUp(b);
    await streaming(b);
    httpOffline.delete(b.code);
  });

  it('flags a county event altered after the city took it in', async () => {
    const id = `${b.van.deviceId}-e2`;
    const changed = await b.storage.db.transaction((tx) => tx.run(sql`UPDATE documents SET body = replace(body, '"totalFen":8000', '"totalFen":800') WHERE collection = 'caseEvents' AND id = ${id}`));
    expect(changed).toBe(1);
    for (let i = 0; i < 100; i++) {
      const row = await city.storage.db.get<{ body: string }>(sql`SELECT body FROM county_230826.case_events WHERE id = ${id}`);
      if (row && !row.body.includes('"totalFen":8000')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await round();
    const flagged = await city.storage.db.get<{ state: string; detail: string }>(sql`SELECT state, detail FROM county_chains WHERE county_code = ${b.code} AND device_id = ${b.van.deviceId}`);
    expect(flagged).toEqual({ state: 'broken', detail: '事件内容与其哈希不符：事件被修改（第 2 号）' });
  });

  it('flags at the city a county chain row altered in the county’s database', async () => {
    httpOffline.add(a.code);
    await a.link.cut();
    await accept(a, 9);
    const changed = await a.storage.db.transaction((tx) =>
      tx.run(sql`UPDATE documents SET body = replace(body, '"totalFen":8000', '"totalFen":800') WHERE collection = 'caseEvents' AND id = ${`${a.van.deviceId}-e18`}`),
    );
    expect(changed).toBe(1);
    await a.link.restore();
    // The alteration reaches the city's staging by replication (the county's trigger copies it again).
    for (let i = 0; i < 100; i++) {
      const row = await city.storage.db.get<{ body: string }>(sql`SELECT body FROM county_230822.case_events WHERE id = ${`${a.van.deviceId}-e18`}`);
      if (row && !row.body.includes('"totalFen":8000')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await round();
    const flagged = await city.storage.db.get<{ state: string; detail: string }>(sql`SELECT state, detail FROM county_chains WHERE county_code = ${a.code} AND device_id = ${a.van.deviceId}`);
    expect(flagged).toEqual({ state: 'broken', detail: '事件内容与其哈希不符：事件被修改（第 18 号）' });
    httpOffline.delete(a.code);
  });
});
