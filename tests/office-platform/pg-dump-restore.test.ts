import { cpSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASE } from '#protocol/version.ts';
import { buildOfficeApp } from '#server/app.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { seedOffice } from '#server/seed.ts';
import { type DbStorage } from '#server/storage/db-storage.ts';
import { openPostgresStorage } from '#server/storage/open-storage.ts';
import { openTestStorage, testBackend } from '../support/backend.ts';
import { asOwner, databaseUrl, ownedTempDir, startPostgresServer } from '../support/postgres-server.ts';
import { api, loginAs, type Office } from '../office/harness.ts';
import { freeUnit, Van, type VanCase } from '../office/scenario.ts';
import { adminToken, protocolHeaders, removeDir, tempDir } from '../sync/helpers.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';

/**
 * An office on PostgreSQL backed up with `pg_dump -Fc` while it runs, restored with `createdb` and
 * `pg_restore` into a fresh database on a second PostgreSQL server, and a second office started on it (with a copy of the scan folder):
 * the cases are all there, the device's chain still verifies, and the van carries on from its old checkpoint.
 */
type Checkpoint = unknown;

let original: Office & { url: string; dbUrl: string };
let restored: Office;
let restoredDbUrl: string;
let secondServer: string;
let van: Van;
let cases: VanCase[];
let vanCheckpoint: Checkpoint;
const cleanups: (() => Promise<void> | void)[] = [];

async function serve(storage: DbStorage, dataDir: string): Promise<Office> {
  const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, logFile: false, plugins: [officePlugin] });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, app, storage, dataDir, close: () => app.close() };
}

/** The libpq connection options of a test database URL (unix socket folder, port, user) and its database name. */
function connection(url: string): { args: string[]; database: string } {
  // postgres://postgres@/<db>?host=<socket folder>&port=<n>: no host part, so not a WHATWG URL.
  const [path = '', query = ''] = url.replace(/^postgres:\/\/postgres@\//, '').split('?');
  const params = new URLSearchParams(query);
  return { args: ['-h', params.get('host') ?? '', '-p', params.get('port') ?? '5432', '-U', 'postgres'], database: path };
}

/** Every case event a van is sent from `checkpoint` on (pages of 5), and the checkpoint it ends at. */
async function pullFrom(office: Office, token: string, checkpoint: Checkpoint): Promise<{ ids: string[]; checkpoint: Checkpoint }> {
  const ids: string[] = [];
  for (;;) {
    const query = checkpoint === null ? '' : `&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`;
    const res = await fetch(`${office.url}${API_BASE}/sync/caseEvents/pull?limit=5${query}`, { headers: protocolHeaders(token) });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { documents: { id: string }[]; checkpoint: Checkpoint };
    if (page.documents.length === 0) return { ids, checkpoint };
    ids.push(...page.documents.map((d) => d.id));
    checkpoint = page.checkpoint;
  }
}

async function countsOf(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = (await client.query<{ collection: string; n: string }>('SELECT collection, count(*) AS n FROM documents GROUP BY collection ORDER BY collection')).rows;
    return Object.fromEntries(rows.map((r) => [r.collection, Number(r.n)]));
  } finally {
    await client.end();
  }
}

describe.runIf(testBackend() === 'postgres')('a PostgreSQL office backed up with pg_dump and restored with pg_restore', () => {
  beforeAll(async () => {
    const dataDir = tempDir('pg-dump-office');
    const { storage, url, dispose } = await openTestStorage(dataDir, { backend: 'postgres' });
    cleanups.push(() => removeDir(dataDir), dispose);
    await seedOffice(storage, 'demo');
    const office = await serve(storage, dataDir);
    cleanups.push(() => office.close());
    original = { ...office, dbUrl: url ?? '' };
    van = await Van.enroll(original);
    cases = [await van.acceptCase(1, await freeUnit(original, 0)), await van.acceptCase(2, await freeUnit(original, 1))];
    const reviewer = await loginAs(original, 'wangfang');
    const pass = await api(original, reviewer, 'POST', `/office/cases/${cases[0]?.caseId}/actions`, { action: 'pass', reason: '材料齐全，符合登记条件' });
    expect(pass.status, JSON.stringify(pass.json)).toBe(201);
    vanCheckpoint = (await pullFrom(original, van.token, null)).checkpoint;

    // The backup, taken while the office runs, then restored into a new database on a second, fresh server
    // (another machine's PostgreSQL in a real recovery): nothing of the first server is needed to read it.
    const dumpDir = ownedTempDir('pg-dump-');
    cleanups.push(() => removeDir(dumpDir));
    const { args, database } = connection(original.dbUrl);
    const dump = join(dumpDir, 'office.dump');
    asOwner('pg_dump', [...args, '-Fc', '-f', dump, database]);
    const second = startPostgresServer();
    cleanups.push(() => second.stop());
    secondServer = second.socketDir;
    const target = 'office_restored';
    restoredDbUrl = databaseUrl(second, target);
    const into = connection(restoredDbUrl);
    asOwner('createdb', [...into.args, target]);
    asOwner('pg_restore', [...into.args, '-d', target, dump]);

    // The scan folder is backed up beside the database: here a copy of it.
    const restoredDir = tempDir('pg-restored-office');
    cpSync(dataDir, restoredDir, { recursive: true });
    cleanups.push(() => removeDir(restoredDir));
    restored = await serve(await openPostgresStorage(restoredDbUrl, { poolSize: 4 }), restoredDir);
    cleanups.push(async () => {
      await restored.close();
      await restored.storage.close();
    });
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('holds every document of the office, and the same case page', async () => {
    expect(restoredDbUrl).toContain(encodeURIComponent(secondServer));
    expect(original.dbUrl).not.toContain(encodeURIComponent(secondServer));
    const before = await countsOf(original.dbUrl);
    expect(before['caseEvents']).toBe(5); // two cases of accepted + fee-charged, one review step
    expect(before['receipts']).toBe(2);
    expect(await countsOf(restoredDbUrl)).toEqual(before);
    const page = async (office: Office) => (await api(office, await loginAs(office, 'wangfang'), 'GET', `/office/cases/${cases[0]?.caseId}`)).json;
    const [was, is] = [await page(original), await page(restored)];
    expect((is['events'] as { kind: string }[]).map((e) => e.kind)).toEqual(['accepted', 'fee-charged', 'review-passed']);
    for (const key of ['events', 'receipts', 'scans', 'chains', 'caseNumber']) expect(is[key], key).toEqual(was[key]);
    expect(is).toMatchObject({ chainIntact: true, caseNumber: cases[0]?.caseNumber, scans: [{ verified: true }] });
  });

  it("verifies the device's whole chain on the restored office", async () => {
    const audit = async (office: Office) => (await api(office, await adminToken(office.url), 'GET', `/admin/devices/${van.deviceId}/chain-audit`)).json;
    expect(await audit(restored)).toMatchObject({ state: 'ok', verifiedSeq: 4 });
    expect(await audit(restored)).toEqual(await audit(original));
  });

  it('sends the van nothing twice from its old checkpoint, and accepts its next case', async () => {
    expect((await pullFrom(restored, van.token, vanCheckpoint)).ids).toEqual([]);
    const officeCheckpoint = (await restored.storage.pull('caseEvents', undefined, 1000, { kind: 'office' })).checkpoint ?? undefined;
    van.office = restored;
    const third = await van.acceptCase(3, await freeUnit(restored, 2));
    const after = await restored.storage.pull('caseEvents', officeCheckpoint, 1000, { kind: 'office' });
    expect(after.documents.map((d) => d.id)).toEqual([`${van.deviceId}-e5`, `${van.deviceId}-e6`]);
    expect(await restored.storage.chainStatus(van.deviceId)).toMatchObject({ state: 'ok', verifiedSeq: 6 });
    expect((await countsOf(restoredDbUrl))['receipts']).toBe(3);
    expect((await restored.storage.getDocument('cases', third.caseId))?.body).toMatchObject({ id: third.caseId, deviceId: van.deviceId });
    expect((await pullFrom(restored, van.token, vanCheckpoint)).ids).toEqual([]);
  });
});
