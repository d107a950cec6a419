import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { openSqliteStorage } from '#server/storage/open-storage.ts';
import { DbStorage } from '#server/storage/db-storage.ts';
import { openSqliteDb, type SqliteDb } from '#office/platform/db/sqlite-db.ts';
import { WalCheckpointer } from '#office/platform/db/wal-checkpointer.ts';
import { type PreparedDocument } from '#server/storage/storage.ts';
import { canonicalJson } from '#protocol/canonical-json.ts';
import { type WireDocument } from '#protocol/messages.ts';
import { removeDir, tempDir } from './helpers.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const dir = tempFolderForTests('group-commit');
let storage: DbStorage;

beforeAll(async () => {
  storage = openSqliteStorage(dir());
  await storage.createEnrollCode({ codeHash: 'c1', vanId: 'van-1', createdBy: 'test', expiresAt: '2999-01-01T00:00:00Z' });
  await storage.enrollDevice({ codeHash: 'c1', deviceId: 'dev-1', name: 'van', tokenHash: 't1', now: '2026-11-28T00:00:00Z' });
});
afterAll(async () => {
  await storage.close();
});

const doc = (id: string): PreparedDocument => {
  const body = { id, deviceId: 'dev-1', _deleted: false } as unknown as WireDocument;
  return { id, body, canonical: canonicalJson(body), owned: { collection: 'scans', id, caseId: 'case-1' } };
};
const push = (ids: string[], refuse = false) =>
  storage.pushVanDocuments({
    collection: 'scans',
    deviceId: 'dev-1',
    vanId: 'van-1',
    now: '2026-11-28T01:00:00Z',
    docs: ids.map(doc),
    check: () => {
      if (refuse) throw new Error('refused inside its savepoint');
      return [];
    },
  });
const ack = (sha: string) =>
  storage.acknowledgeScan(
    { sha256: sha, bytes: 1, path: `/scans/${sha}`, deviceId: 'dev-1', verifiedAt: '2026-11-28T01:00:00Z' },
    { body: { id: sha, sha256: sha, bytes: 1, verifiedAt: '2026-11-28T01:00:00Z', _deleted: false }, audienceVans: null, ownerDevice: 'dev-1' },
  );

describe('the office group commit', () => {
  it('stores pushes and scan acks sent in the same moment in one commit, each under its own sequence numbers, a failed one touching no other', async () => {
    const results = await Promise.allSettled([push(['a1', 'a2']), ack('s1'.padEnd(64, '0')), push(['b1'], true), push(['c1', 'c2', 'c3']), ack('s2'.padEnd(64, '0'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const seqs = [...(await storage.listDocuments('scans')), ...(await storage.listDocuments('scanAcks'))].map((d) => [d.id, d.seq] as const);
    expect(seqs.map(([id]) => id).sort()).toEqual(['a1', 'a2', 'c1', 'c2', 'c3', 's1'.padEnd(64, '0'), 's2'.padEnd(64, '0')].sort());
    const numbers = seqs.map(([, seq]) => seq);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(await storage.getDocument('scans', 'b1')).toBeUndefined();
    // A later write continues after every number taken, so pulls from a checkpoint miss nothing.
    await push(['d1']);
    expect((await storage.getDocument('scans', 'd1'))?.seq).toBeGreaterThan(Math.max(...numbers));
  });

  it('answers a retry that meets its first attempt in one group as duplicates of what that attempt stored, and stores it when that attempt failed', async () => {
    // A van whose answer was lost sends the same rows again while the office still holds the first request (issue 15).
    const [first, retry] = await Promise.all([push(['r1', 'r2']), push(['r1', 'r2'])]);
    expect(first).toMatchObject({ ok: true, storedIds: ['r1', 'r2'], duplicates: 0 });
    expect(retry).toMatchObject({ ok: true, storedIds: [], duplicates: 2 });
    const [failed, again] = await Promise.allSettled([push(['f1'], true), push(['f1'])]);
    expect(failed.status).toBe('rejected');
    expect(again).toMatchObject({ status: 'fulfilled', value: { ok: true, storedIds: ['f1'] } });
    // Each once, as the other connection (and so an office started again on the file) reads them.
    const ids = (await storage.listDocuments('scans')).map((d) => d.id).filter((id) => ['r1', 'r2', 'f1'].includes(id));
    expect(ids.sort()).toEqual(['f1', 'r1', 'r2']);
  });

  it('leaves the connection at synchronous=FULL for every other transaction', async () => {
    await Promise.all([push(['e1']), ack('s3'.padEnd(64, '0'))]);
    const { writer } = storage.db as SqliteDb;
    expect(writer.pragma('synchronous', { simple: true })).toBe(2);
    expect(writer.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('commits a group once its transaction has held the event loop 25 ms, and stores the writes left in the next group', async () => {
    const fsyncs = storage.db as unknown as { syncWal(): Promise<void> };
    const real = fsyncs.syncWal.bind(storage.db);
    let calls = 0;
    fsyncs.syncWal = () => {
      calls++;
      return real();
    };
    const slow = (ids: string[]) =>
      storage.pushVanDocuments({
        collection: 'scans',
        deviceId: 'dev-1',
        vanId: 'van-1',
        now: '2026-11-28T01:00:00Z',
        docs: ids.map(doc),
        check: () => {
          const until = performance.now() + 30;
          while (performance.now() < until); // a write whose checks take 30 ms on the event loop
          return [];
        },
      });
    try {
      const written = await Promise.all([slow(['h1']), push(['h2']), push(['h3'])]);
      expect(written.map((w) => w.ok && w.written)).toEqual([1, 1, 1]);
      // The first group took h1 only (over the budget after it); h2 and h3 followed in a group of their own.
      expect(calls).toBe(2);
      const seqs = await Promise.all(['h1', 'h2', 'h3'].map(async (id) => (await storage.getDocument('scans', id))?.seq));
      expect(new Set(seqs).size).toBe(3);
    } finally {
      fsyncs.syncWal = real;
    }
  });

  it('answers a write only through the fsync of the WAL: when that fails, the write is not reported stored', async () => {
    const fsyncs = storage.db as unknown as { syncWal(): Promise<void> };
    const real = fsyncs.syncWal.bind(storage.db);
    let calls = 0;
    fsyncs.syncWal = () => {
      calls++;
      return Promise.reject(new Error('disk gone'));
    };
    try {
      await expect(push(['f1'])).rejects.toThrow('disk gone');
      expect(calls).toBe(1);
    } finally {
      fsyncs.syncWal = real;
    }
    // The van retries; what the failed answer had committed is a duplicate, answered as stored.
    await expect(push(['f1'])).resolves.toEqual({ ok: true, written: 0, duplicates: 1, storedIds: [] });
  });
});

/** An office database of its own (closed and removed after the test) with van-1's device enrolled and the WAL checkpointed. */
async function walOffice(prefix: string, checkpointAfterMs: number) {
  const walDir = tempDir(prefix);
  const db = openSqliteDb(`${walDir}/office.sqlite`, { checkpointAfterMs });
  const storage = new DbStorage(db);
  onTestFinished(async () => {
    await storage.close();
    removeDir(walDir);
  });
  const checkpointer = db.checkpointer;
  if (!checkpointer) throw new Error('a WAL database has a checkpointer');
  await storage.createEnrollCode({ codeHash: 'c1', vanId: 'van-1', createdBy: 'test', expiresAt: '2999-01-01T00:00:00Z' });
  await storage.enrollDevice({ codeHash: 'c1', deviceId: 'dev-1', name: 'van', tokenHash: 't1', now: '2026-11-28T00:00:00Z' });
  await checkpointer.flush();
  return { db, storage, checkpointer };
}

describe('the WAL checkpoint, on a worker thread of its own', () => {
  it('is left out of the commits: the WAL grows past SQLite\'s threshold until the worker copies it into the database file', async () => {
    // Checkpoints only when the test asks (flush), so what the commits did is seen alone.
    const { db, storage, checkpointer } = await walOffice('wal-checkpoint', 3_600_000);
    expect(db.writer.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    expect(checkpointer.last?.checkpointed).toBe(checkpointer.last?.log);
    // About 5,000 pages of documents and their indexes (SQLite's own threshold is 1,000), in commits of 200 documents.
    const big = (id: string): PreparedDocument => {
      const body = { id, deviceId: 'dev-1', _deleted: false, filler: id.repeat(1500 / id.length) } as unknown as WireDocument;
      return { id, body, canonical: canonicalJson(body), owned: { collection: 'scans', id, caseId: 'case-1' } };
    };
    for (let round = 0; round < 20; round++) {
      const docs = Array.from({ length: 200 }, (_, i) => big(`w${round}-${i}`));
      await storage.pushVanDocuments({ collection: 'scans', deviceId: 'dev-1', vanId: 'van-1', now: '2026-11-28T01:00:00Z', docs, check: () => [] });
    }
    const runs = checkpointer.runs;
    await checkpointer.flush();
    expect(checkpointer.runs).toBe(runs + 1);
    // SQLite's own checkpoint in a commit would have started the WAL over after about 1,000 pages.
    expect(checkpointer.last?.log).toBeGreaterThan(2000);
    expect(checkpointer.last?.checkpointed).toBe(checkpointer.last?.log);
    expect((await storage.getDocument('scans', 'w19-199'))?.id).toBe('w19-199');
  });

  it('starts no checkpoint while a group commit waits for its fsync of the WAL, and runs the one due as soon as that fsync ends', async () => {
    const { db, storage, checkpointer } = await walOffice('wal-defer', 5);
    const fsyncs = db as unknown as { syncWal(): Promise<void> };
    const real = fsyncs.syncWal.bind(db);
    let release = () => {};
    fsyncs.syncWal = () => new Promise<void>((resolve) => (release = resolve)).then(real);
    const before = checkpointer.runs;
    const pushed = storage.pushVanDocuments({ collection: 'scans', deviceId: 'dev-1', vanId: 'van-1', now: '2026-11-28T01:00:00Z', docs: [doc('g1')], check: () => [] });
    // Committed, its fsync held: the checkpoint the commit asked for (5 ms later) waits.
    await new Promise((r) => setTimeout(r, 100));
    expect(checkpointer.runs).toBe(before);
    fsyncs.syncWal = real;
    release();
    await expect(pushed).resolves.toMatchObject({ ok: true, written: 1 });
    await expect.poll(() => checkpointer.runs, { timeout: 5000 }).toBe(before + 1);
  });

  it('runs a checkpoint kept waiting by WAL fsyncs that never pause at its latest moment, so the WAL stays bounded', async () => {
    const checkpointer = new WalCheckpointer(`${dir()}/office.sqlite`, (e) => {
      throw e;
    }, 5, 100);
    onTestFinished(() => checkpointer.stop());
    const syncing = checkpointer.syncing();
    checkpointer.committed();
    await new Promise((r) => setTimeout(r, 50));
    expect(checkpointer.runs).toBe(0);
    await expect.poll(() => checkpointer.runs, { timeout: 5000 }).toBe(1);
    syncing();
    syncing(); // a second call changes nothing
    checkpointer.committed();
    await expect.poll(() => checkpointer.runs, { timeout: 5000 }).toBe(2);
  });

  it('lets a process go on after closing its database (the worker holds it open only while it works)', () => {
    const walDir = tempDir('wal-close');
    onTestFinished(() => removeDir(walDir));
    const module = (path: string) => JSON.stringify(fileURLToPath(new URL(`../../office/platform/db/${path}`, import.meta.url)));
    const script = `${walDir}/close.mts`;
    writeFileSync(
      script,
      `import { openSqliteDb } from ${module('sqlite-db.ts')};
       import { sql } from ${module('sql.ts')};
       const db = openSqliteDb(${JSON.stringify(`${walDir}/office.sqlite`)}, { checkpointAfterMs: 0 });
       await db.run(sql\`CREATE TABLE t (x)\`);
       await db.checkpointer?.flush();
       await db.close();
       console.log('after close', db.checkpointer?.runs);`,
    );
    expect(execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' }).trim()).toMatch(/^after close [1-9]/);
  });

  it('gives the checkpoints back to SQLite when the worker fails, once, and runs none after', async () => {
    const failures: Error[] = [];
    const checkpointer = new WalCheckpointer(`${dir()}/no-such-folder/office.sqlite`, (e) => failures.push(e));
    await checkpointer.flush();
    checkpointer.committed();
    await checkpointer.flush();
    expect(failures).toHaveLength(1);
    expect(checkpointer.runs).toBe(0);
  });
});
