import { type Queryable } from '#office/platform/db/db.ts';
import { sql, sqlList } from '#office/platform/db/sql.ts';

/** A scan file the office holds, its SHA-256 verified on arrival; `path` is under the data folder. */
export type ScanBlob = { sha256: string; bytes: number; path: string; deviceId: string | null; verifiedAt: string };

type BlobRow = { sha256: string; bytes: number; path: string; device_id: string | null; verified_at: string };

export const scanBlobReads = (q: Queryable) => ({
  async get(sha256: string): Promise<ScanBlob | undefined> {
    const r = await q.get<BlobRow>(sql`SELECT sha256, bytes, path, device_id, verified_at FROM scan_blobs WHERE sha256 = ${sha256}`);
    return r && { sha256: r.sha256, bytes: r.bytes, path: r.path, deviceId: r.device_id, verifiedAt: r.verified_at };
  },

  /** Which of these files the office holds. */
  async verified(sha256s: readonly string[]): Promise<Set<string>> {
    if (sha256s.length === 0) return new Set();
    const unique = [...new Set(sha256s)];
    const rows = await q.all<{ sha256: string }>(sql`SELECT sha256 FROM scan_blobs WHERE sha256 IN ${sqlList(unique)}`);
    return new Set(rows.map((r) => r.sha256));
  },

  async countOfDevice(deviceId: string): Promise<number> {
    return (await q.get<{ n: number }>(sql`SELECT count(*) AS n FROM scan_blobs WHERE device_id = ${deviceId}`))?.n ?? 0;
  },
});

export const scanBlobWrites = (q: Queryable) => ({
  /** Records a verified file once; a second upload of the same bytes keeps the first record. Answers whether it was new. */
  async record(blob: ScanBlob): Promise<boolean> {
    return (
      (await q.run(sql`INSERT INTO scan_blobs (sha256, bytes, path, device_id, verified_at)
                       VALUES (${blob.sha256}, ${blob.bytes}, ${blob.path}, ${blob.deviceId}, ${blob.verifiedAt}) ON CONFLICT DO NOTHING`)) === 1
    );
  },
});
