import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOfficeApp } from '#server/app.ts';
import { dbMapStore } from '#server/office/map/db-map-store.ts';
import { readLayer } from '#server/office/map/layer.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { seedOffice } from '#server/seed.ts';
import { DbStorage } from '#server/storage/db-storage.ts';
import { openPostgresStorage } from '#server/storage/open-storage.ts';
import { openTestDb, testBackend } from '../support/backend.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';
import { api, loginAs, type Office } from '../office/harness.ts';

/**
 * The map's in-memory index on two office servers of one database: a building decision recorded through one
 * server is in the other's very next query, though the other built its index before. Several office servers
 * are a PostgreSQL setup only (README, "Several office servers"), so this runs on PostgreSQL.
 */
const dir = new URL('../../fixtures/map/test-city/', import.meta.url).pathname;
const TEST_CITY = { districts: `${dir}districts.geojson`, parcels: `${dir}parcels.geojson`, buildings: `${dir}buildings.geojson`, streets: `${dir}streets.geojson` };
/** Building b3 of the test city: unregistered, inside the L-shaped region (tests/office/map-query.test.ts). */
const B3 = '230803003012GB00001F0003';
const L_SHAPE = [[130.301, 46.801], [130.313, 46.801], [130.313, 46.803], [130.305, 46.803], [130.305, 46.807], [130.301, 46.807]];

type Counts = Record<string, { count: number }>;

let dataDir: string;
let drop: () => Promise<void>;
let a: Office;
let b: Office;

async function serve(storage: DbStorage): Promise<Office> {
  const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, plugins: [officePlugin], logFile: false });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, app, storage, dataDir, close: () => app.close() };
}

describe.runIf(testBackend() === 'postgres')('the map on two office servers of one database', () => {
  beforeAll(async () => {
    dataDir = tempDir('map-two-servers');
    const opened = await openTestDb(dataDir, 'postgres');
    drop = opened.drop;
    const first = new DbStorage(opened.db);
    await seedOffice(first, 'demo');
    await dbMapStore(opened.db).importLayer(readLayer(TEST_CITY), 'test-city', 'test', new Date().toISOString());
    a = await serve(first);
    b = await serve(await openPostgresStorage(opened.url ?? '', { poolSize: 4 }));
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await drop?.();
    removeDir(dataDir);
  });

  it('shows a decision recorded through one server in the next query through the other', async () => {
    const reviewerOnB = await loginAs(b, 'wangfang');
    const byCategory = async () => {
      const r = await api(b, reviewerOnB, 'POST', '/office/map/query', { region: { kind: 'polygon', ring: L_SHAPE }, day: '2026-12-01' });
      expect(r.status).toBe(200);
      return (r.json['summary'] as { byCategory: Counts }).byCategory;
    };
    const statusOnB = async () => (await api(b, reviewerOnB, 'GET', `/office/map/buildings/${B3}?day=2026-12-01`)).json;
    // Server B's index is built, with b3 unregistered.
    const before = await byCategory();
    expect([before['registered']?.count, before['unregistered']?.count]).toEqual([3, 1]);

    for (const [n, status] of [[1, 'registered'], [2, 'illegal']] as const) {
      const recorded = await api(a, await loginAs(a, 'chenjing'), 'POST', `/office/map/buildings/${B3}/decisions`, { status, decidedBy: '佳木斯市不动产登记中心', decidedOn: '2026-11-2' + String(n), basis: `测试认定 ${n}` });
      expect(recorded.status, JSON.stringify(recorded.json)).toBe(201);
      // At once, through B: no wait, no restart.
      const after = await byCategory();
      expect({ registered: after['registered']?.count, unregistered: after['unregistered']?.count, illegal: after['illegal']?.count }).toEqual(
        status === 'registered' ? { registered: 4, unregistered: 0, illegal: 0 } : { registered: 3, unregistered: 0, illegal: 1 },
      );
      const history = (await statusOnB())['history'] as { status: string; recordedBy: string }[];
      expect(history.map((h) => h.status)).toEqual(['unregistered', 'registered', 'illegal'].slice(0, n + 1));
    }
  });

  it('does not skip a decision that commits after a later-numbered one', async () => {
    // b5 (临时, in its period) and b1 (registered) of the test city, both in the region.
    const [held, quick] = ['230803003012GB00001F0005', '230803003012GB00001F0001'];
    const reviewerOnB = await loginAs(b, 'wangfang');
    const approverOnA = await loginAs(a, 'chenjing');
    const approverOnB = await loginAs(b, 'chenjing');
    const statusOf = async (building: string) => {
      const history = (await api(b, reviewerOnB, 'GET', `/office/map/buildings/${building}?day=2026-12-01`)).json['history'] as { status: string }[];
      const r = await api(b, reviewerOnB, 'POST', '/office/map/query', { region: { kind: 'polygon', ring: L_SHAPE }, day: '2026-12-01' });
      const lists = r.json['lists'] as Record<string, { id: string }[]>;
      return { stored: history.at(-1)?.status, indexed: Object.keys(lists).find((k) => lists[k]?.some((x) => x.id === building)) };
    };
    // Server A's decision on `held` takes its sequence number, then its commit waits.
    const db = a.storage.db;
    const transaction = db.transaction.bind(db);
    let release = () => undefined as void;
    const gate = new Promise<void>((r) => (release = r));
    let inserted = () => undefined as void;
    const numbered = new Promise<void>((r) => (inserted = r));
    db.transaction = (fn, options) => {
      db.transaction = transaction;
      return transaction(async (tx) => {
        const out = await fn(tx);
        inserted();
        await gate;
        return out;
      }, options);
    };
    const decide = (office: Office, token: string, building: string, basis: string) =>
      api(office, token, 'POST', `/office/map/buildings/${building}/decisions`, { status: 'illegal', decidedBy: '佳木斯市城市管理综合执法局', decidedOn: '2026-11-25', basis });
    const first = decide(a, approverOnA, held, '先取号、后提交');
    await numbered;
    // Meanwhile server B records one on `quick` (a later number), and B's next query reads it.
    const second = decide(b, approverOnB, quick, '后取号、先提交');
    await Promise.race([second, new Promise((r) => setTimeout(r, 2000))]);
    await statusOf(quick);
    release();
    expect((await first).status).toBe(201);
    expect((await second).status).toBe(201);
    // Both are stored, and B's index has both.
    expect(await statusOf(held)).toEqual({ stored: 'illegal', indexed: 'illegal' });
    expect(await statusOf(quick)).toEqual({ stored: 'illegal', indexed: 'illegal' });
  });
});
