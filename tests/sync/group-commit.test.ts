import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '#server/storage/open-storage.ts';
import { type DbStorage } from '#server/storage/db-storage.ts';
import { type SqliteDb } from '#office/platform/db/sqlite-db.ts';
import { type PreparedDocument } from '#server/storage/storage.ts';
import { canonicalJson } from '#protocol/canonical-json.ts';
import { type WireDocument } from '#protocol/messages.ts';
import { removeDir, tempDir } from './helpers.ts';

const dir = tempDir('group-commit');
let storage: DbStorage;

beforeAll(async () => {
  storage = openSqliteStorage(dir);
  await storage.createEnrollCode({ codeHash: 'c1', vanId: 'van-1', createdBy: 'test', expiresAt: '2999-01-01T00:00:00Z' });
  await storage.enrollDevice({ codeHash: 'c1', deviceId: 'dev-1', name: 'van', tokenHash: 't1', now: '2026-11-28T00:00:00Z' });
});
afterAll(async () => {
  await storage.close();
  removeDir(dir);
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

  it('leaves the connection at synchronous=FULL for every other transaction', async () => {
    await Promise.all([push(['e1']), ack('s3'.padEnd(64, '0'))]);
    const { writer } = storage.db as SqliteDb;
    expect(writer.pragma('synchronous', { simple: true })).toBe(2);
    expect(writer.pragma('journal_mode', { simple: true })).toBe('wal');
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
