import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '#electron/cli/run-cli.ts';
import { DEMO_PASSWORD, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { listMigrations } from '#office/platform/db/migrate.ts';
import { sql } from '#office/platform/db/sql.ts';
import { API_BASE } from '#protocol/version.ts';
import { buildOfficeApp } from '#server/app.ts';
import { openSqliteStorage } from '#server/storage/open-storage.ts';
import { testBackend } from '../support/backend.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';
import { adminToken, startOffice, type RunningOffice } from '../sync/helpers.ts';
import { freeUnit, Van, type VanCase } from '../office/scenario.ts';

/**
 * README, "Running an office for real": on SQLite, `npm run van -- office backup` takes an online backup while the
 * server runs, into `<data folder>/backups/` (the command's help, electron/cli/cli-text.ts). The copy is checked as
 * an administrator restoring it would use it: opened on its own as an office's database.
 */
const work = tempFolderForTests('office-backup');
const BULK_ROWS = 10_000;

async function backupRoute(office: RunningOffice, token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${office.url}${API_BASE}/admin/backup`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function backupCli(office: RunningOffice): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['office', 'backup', '--office', office.url, '--password', DEMO_PASSWORD], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** What an SQLite file holds that a restore depends on, read on a connection of its own. */
function inspect(file: string): { integrity: string; foreignKeys: unknown[]; migrations: string[]; ids: Set<string>; bulkRows: number } {
  const db = new Database(file);
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      foreignKeys: db.pragma('foreign_key_check') as unknown[],
      migrations: (db.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as { name: string }[]).map((r) => r.name),
      ids: new Set((db.prepare('SELECT collection, id FROM documents').all() as { collection: string; id: string }[]).map((r) => `${r.collection}/${r.id}`)),
      bulkRows: (db.prepare('SELECT count(*) AS n FROM backup_test_bulk').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

/** The documents of a case the van pushed (Van.acceptCase): header, two events, receipt, scan. */
const docsOf = (van: Van, c: VanCase): string[] => [`cases/${c.caseId}`, `caseEvents/${van.deviceId}-e`, `receipts/${c.caseId}-r1`, `scans/${c.caseId}-scan`];
const holdsCase = (ids: Set<string>, van: Van, c: VanCase): boolean => docsOf(van, c).every((d) => (d.endsWith('-e') ? [...ids].some((i) => i.startsWith(d)) : ids.has(d)));

describe.runIf(testBackend() === 'sqlite')('an SQLite office backed up while it runs (`npm run van -- office backup`)', () => {
  let office: RunningOffice;
  let van: Van;
  let admin: string;
  const before: VanCase[] = [];
  let unitsUsed = 0;
  const nextCase = async () => van.acceptCase(unitsUsed + 1, await freeUnit(office, unitsUsed++));

  beforeAll(async () => {
    office = await startOffice(join(work(), 'office'));
    van = await Van.enroll(office);
    admin = await adminToken(office.url);
    for (let i = 0; i < 3; i++) before.push(await nextCase());
    // 40 MB more, as years of an office's records would be: the backup then takes some 100 turns of the event
    // loop (100 pages each), long enough to see whether the office answers in between. Its rows must be copied too.
    await office.storage.db.run(sql`CREATE TABLE backup_test_bulk (n INTEGER PRIMARY KEY, bytes BLOB NOT NULL)`);
    await office.storage.db.run(sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${BULK_ROWS}) INSERT INTO backup_test_bulk SELECT i, randomblob(4000) FROM n`);
  });
  afterAll(async () => {
    await office.close();
  });

  it('copies the whole database into <data folder>/backups/ while vans keep pushing, and the copy opens as an office', async () => {
    // A van pushes cases, and the office is asked for enrollment codes, the whole time the backup runs: each is a
    // write transaction of the running office, and each answer's time is kept.
    let writing = true;
    const during: VanCase[] = [];
    const writesAnsweredAt: number[] = [];
    const pushes = (async () => {
      while (writing) {
        during.push(await nextCase());
        writesAnsweredAt.push(Date.now());
      }
    })();
    const codes = (async () => {
      while (writing) {
        const res = await fetch(`${office.url}${API_BASE}/admin/enroll-codes`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ vanId: DEMO_VAN_ID }) });
        expect(res.status).toBe(200);
        writesAnsweredAt.push(Date.now());
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    const asked = Date.now();
    const answer = await backupRoute(office, admin);
    const answered = Date.now();
    await new Promise((r) => setTimeout(r, 100));
    writing = false;
    await Promise.all([pushes, codes]); // every write succeeded (pushAs throws on a refused one)
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);

    // Its name: office-<ISO time of the backup, ':' and '.' as '-'>.sqlite, in the data folder's backups/.
    const file = String(answer.body['file']);
    const m = /^office-(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z\.sqlite$/.exec(file.slice(join(office.dataDir, 'backups/').length));
    expect(file.startsWith(join(office.dataDir, 'backups/')), file).toBe(true);
    expect(m, file).not.toBeNull();
    const at = Date.parse(`${m?.[1]}T${m?.[2]}:${m?.[3]}:${m?.[4]}.${m?.[5]}Z`);
    expect(at).toBeGreaterThanOrEqual(asked - 1);
    expect(at).toBeLessThanOrEqual(answered + 1);
    // Online: the test shares the office's event loop, so a write answered between the backup's start (its name) and
    // its last page written (the file's mtime, less the kernel's clock tick) was answered while it ran.
    const ran = { from: at, to: statSync(file).mtimeMs - 10 };
    expect(writesAnsweredAt.filter((t) => t > ran.from && t < ran.to).length, `backup ran ${ran.to - ran.from} ms`).toBeGreaterThan(0);
    // One self-contained file: no WAL beside it that a copy of the file alone would lose.
    expect(readdirSync(join(office.dataDir, 'backups'))).toEqual([file.split('/').at(-1)]);

    const copy = inspect(file);
    expect(copy.integrity).toBe('ok');
    expect(copy.foreignKeys).toEqual([]);
    expect(copy.migrations).toEqual(listMigrations('sqlite'));
    // Everything written before the backup is in it; of the pushes it overlapped, whole documents only, at most all.
    const live = inspect(join(office.dataDir, 'office.sqlite'));
    expect(before.every((c) => holdsCase(copy.ids, van, c))).toBe(true);
    expect([...copy.ids].filter((id) => !live.ids.has(id))).toEqual([]);
    expect(copy.bulkRows).toBe(BULK_ROWS);

    // Restored as an office: its own folder, the file as office.sqlite; it starts, signs the admin in, audits the chain.
    const restoredDir = join(work(), 'restored');
    mkdirSync(restoredDir, { recursive: true });
    copyFileSync(file, join(restoredDir, 'office.sqlite'));
    const storage = openSqliteStorage(restoredDir);
    const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir: restoredDir, storage });
    try {
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      const token = await adminToken(url);
      const audit = await fetch(`${url}${API_BASE}/admin/devices/${van.deviceId}/chain-audit`, { headers: { authorization: `Bearer ${token}` } });
      expect(await audit.json()).toMatchObject({ state: 'ok' });
      // Opening it applied no migration: the ledger it carries was complete.
      expect((await storage.db.all<{ name: string }>(sql`SELECT name FROM schema_migrations ORDER BY name`)).map((r) => r.name)).toEqual(copy.migrations);
      expect((await storage.listDocuments('cases')).map((d) => d.id)).toEqual(expect.arrayContaining(before.map((c) => c.caseId)));
    } finally {
      await app.close();
    }
  });

  it('backs up through the command an administrator types, and says where the file is', async () => {
    const run = await backupCli(office);
    expect(run.code, run.err).toBe(0);
    const file = /^备份完成: (.+)$/.exec(run.out)?.[1] ?? '';
    expect(file.startsWith(join(office.dataDir, 'backups/office-')), run.out).toBe(true);
    expect(statSync(file).size).toBeGreaterThan(0);
    expect(inspect(file).integrity).toBe('ok');
    expect(before.every((c) => holdsCase(inspect(file).ids, van, c))).toBe(true);
  });

  it('is not fooled by a write transaction open across the event loop when it starts', async () => {
    // A write transaction that waits on something outside SQLite (here a timer) holds the writer between turns of
    // the event loop; the backup's first step then meets it.
    let release: () => void = () => undefined;
    const held = office.storage.db.transaction(async (tx) => {
      await tx.run(sql`UPDATE schema_migrations SET applied_at = applied_at WHERE name = ${listMigrations('sqlite')[0] ?? ''}`);
      await new Promise<void>((r) => (release = r));
    });
    setTimeout(() => release(), 300);
    const answer = await backupRoute(office, admin);
    await held;
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const file = String(answer.body['file']);
    expect(existsSync(file), `${file} is answered as the backup`).toBe(true);
    expect(inspect(file).integrity).toBe('ok');
    expect(before.every((c) => holdsCase(inspect(file).ids, van, c))).toBe(true);
  });

  it('says clearly when the backup folder cannot be written, and the office carries on', async () => {
    const folder = join(office.dataDir, 'backups');
    renameSync(folder, `${folder}-kept`);
    writeFileSync(folder, 'not a folder'); // stands for any folder the office cannot write into
    try {
      const answer = await backupRoute(office, admin);
      expect(answer.status).toBeGreaterThanOrEqual(500);
      expect(String(answer.body['message'])).toContain(folder);
      expect(String(answer.body['message'])).toContain('备份没有完成');
      const run = await backupCli(office);
      expect(run.code).not.toBe(0);
      expect(run.err).toContain(folder);
      expect(run.err).toContain('备份没有完成');
      // The office is unharmed: it takes the next case, and its database is whole.
      const next = await nextCase();
      expect(holdsCase(inspect(join(office.dataDir, 'office.sqlite')).ids, van, next)).toBe(true);
    } finally {
      renameSync(folder, `${folder}-not-a-folder`);
      renameSync(`${folder}-kept`, folder);
    }
    // With the folder back, the next backup works.
    expect((await backupRoute(office, admin)).status).toBe(200);
  });
});

describe.runIf(testBackend() === 'postgres')('asked for a backup, an office on PostgreSQL', () => {
  let office: RunningOffice;
  beforeAll(async () => {
    office = await startOffice(join(work(), 'office'));
  });
  afterAll(async () => {
    await office.close();
  });

  it('answers that pg_dump backs it up, and writes no file', async () => {
    const answer = await backupRoute(office, await adminToken(office.url));
    expect(answer).toMatchObject({ status: 409, body: { code: 'conflict' } });
    expect(String(answer.body['message'])).toContain('pg_dump');
    const run = await backupCli(office);
    expect(run.code).not.toBe(0);
    expect(run.err).toContain('pg_dump');
    expect(existsSync(join(office.dataDir, 'backups'))).toBe(false);
  });
});
