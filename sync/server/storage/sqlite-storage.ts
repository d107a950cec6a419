import { mkdirSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type Checkpoint, type ChainStatus, DeviceReport, type Rejection, type WireDocument } from '#protocol/messages.ts';
import { type SyncCollection, isVanCollection } from '#protocol/collections.ts';
import { canonicalJson } from '#protocol/canonical-json.ts';
import { sql } from '#office/platform/db/sql.ts';
import { SqlRunner } from '#server/db/sql.ts';
import { migrateSqlite } from '#office/platform/db/migrate.ts';
import { CHAIN_BREAK_TEXT } from '#domain/case/hash-chain.ts';
import { type Clock } from '#domain/clock.ts';
import { verifyChainLinks } from './chain.ts';
import {
  type ChainResolution,
  type Device,
  type GrantRecord,
  type Incident,
  type OfficeStorage,
  type OfficeWrite,
  type PullPage,
  type PushContext,
  type PushOutcome,
  type ScanBlob,
  type Session,
  type StoredDocument,
  type VanPush,
  type Viewer,
} from './storage.ts';

type DocRow = {
  collection: SyncCollection;
  id: string;
  seq: number;
  body: string;
  author: 'office' | 'van';
  device_id: string | null;
  owner_device: string | null;
  received_at: string;
};
type DeviceRow = {
  id: string;
  name: string;
  van_id: string;
  enrolled_at: string;
  last_seen_at: string | null;
  report: string | null;
  revoked_at: string | null;
};

const docFromRow = (r: DocRow): StoredDocument => ({
  collection: r.collection,
  id: r.id,
  seq: r.seq,
  body: JSON.parse(r.body) as WireDocument,
  author: r.author,
  deviceId: r.device_id,
  ownerDevice: r.owner_device,
  receivedAt: r.received_at,
});

const deviceFromRow = (r: DeviceRow): Device => ({
  id: r.id,
  name: r.name,
  vanId: r.van_id,
  enrolledAt: r.enrolled_at,
  lastSeenAt: r.last_seen_at,
  report: r.report === null ? null : DeviceReport.parse(JSON.parse(r.report)),
  revokedAt: r.revoked_at,
});

/**
 * Opens (creating and migrating if needed) the office database in `dataDir/office.sqlite`, WAL mode.
 * `clock` stamps the office's own writes (the office's clock, see OfficeContext).
 */
export function openSqliteStorage(dataDir: string, opts: { clock?: Clock } = {}): SqliteStorage {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(`${dataDir}/office.sqlite`);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode; FULL also survives power loss at every commit.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrateSqlite(db);
  return new SqliteStorage(db, opts.clock);
}

export class SqliteStorage implements OfficeStorage {
  private readonly q: SqlRunner;
  /** The WAL file, when the database is in WAL mode (group commits flush it themselves, see `flushWrites`). */
  private readonly walPath: string | null;
  /** Kept open: SQLite keeps the same WAL file (same inode) for as long as a connection is open. */
  private wal: Promise<FileHandle> | undefined;
  constructor(
    readonly db: Database.Database,
    private readonly clock: Clock = { now: () => new Date() },
  ) {
    this.q = new SqlRunner(db);
    this.walPath = !db.memory && db.pragma('journal_mode', { simple: true }) === 'wal' ? `${db.name}-wal` : null;
  }

  /** The next free sequence number; inside a group commit, after the first write, from the cursor (`takeSeq`). */
  private nextSeq(): number {
    if (this.seqInCommit !== undefined) return this.seqInCommit;
    const row = this.q.get<{ s: number | null }>(sql`SELECT max(seq) AS s FROM documents`);
    return (row?.s ?? 0) + 1;
  }

  /** Records that numbers below `next` are taken (inside a group commit, so the next write starts there). */
  private takeSeq(next: number): void {
    if (this.inCommit) this.seqInCommit = next;
  }

  pull(collection: SyncCollection, after: Checkpoint | undefined, limit: number, viewer: Viewer): Promise<PullPage> {
    const since = after?.seq ?? 0;
    const rows =
      viewer.kind === 'office'
        ? this.q.all<DocRow>(sql`SELECT * FROM documents WHERE collection = ${collection} AND seq > ${since} ORDER BY seq LIMIT ${limit}`)
        : this.q.all<DocRow>(sql`
            SELECT d.* FROM documents d
            WHERE d.collection = ${collection} AND d.seq > ${since}
              AND (d.owner_device = ${viewer.deviceId}
                   OR (d.owner_device IS NULL AND d.audience_all = 1)
                   OR EXISTS (SELECT 1 FROM doc_audience a
                              WHERE a.collection = d.collection AND a.id = d.id AND a.van_id = ${viewer.vanId}))
            ORDER BY d.seq LIMIT ${limit}`);
    const last = rows[rows.length - 1];
    return Promise.resolve({
      documents: rows.map((r) => JSON.parse(r.body) as WireDocument),
      checkpoint: last ? { seq: last.seq } : (after ?? null),
    });
  }

  private docSync(collection: SyncCollection, id: string): StoredDocument | undefined {
    const row = this.q.get<DocRow>(sql`SELECT * FROM documents WHERE collection = ${collection} AND id = ${id}`);
    return row ? docFromRow(row) : undefined;
  }

  getDocument(collection: SyncCollection, id: string): Promise<StoredDocument | undefined> {
    return Promise.resolve(this.docSync(collection, id));
  }

  listDocuments(collection: SyncCollection): Promise<StoredDocument[]> {
    return Promise.resolve(this.q.all<DocRow>(sql`SELECT * FROM documents WHERE collection = ${collection} ORDER BY seq`).map(docFromRow));
  }

  /**
   * Group commit: writes that arrive while the previous commit is running (van pushes, scan acknowledgements)
   * are stored together in one transaction, so they share one fsync of the WAL (synchronous=FULL stays: an
   * answered push or scan survives a power cut). Each write runs inside its own savepoint, so one write's
   * refusal or failure touches no other.
   */
  pushVanDocuments(input: VanPush): Promise<PushOutcome> {
    return this.groupWrite(() => this.pushOne(input));
  }

  private readonly writeQueue: { run(): unknown; resolve(v: unknown): void; reject(e: unknown): void }[] = [];
  /** The next free `documents.seq` while a group commit runs (one max(seq) scan per commit, not per write). */
  private seqInCommit: number | undefined;
  private inCommit = false;

  private groupWrite<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.writeQueue.push({ run, resolve, reject });
      if (this.writeQueue.length === 1) setImmediate(() => this.flushWrites());
    });
  }

  /**
   * Runs the queued writes in one transaction and answers them once it is on disk. In WAL mode the commit
   * itself runs with synchronous=NORMAL (SQLite writes the WAL frames, no fsync on the event loop) and the
   * WAL file is then fsync'd on the thread pool before any write is answered. That flush covers every frame
   * written so far, so an answered write is exactly as durable as under FULL (which fsyncs the WAL at
   * commit), power loss included; meanwhile the office keeps serving. Every other transaction still runs
   * under the connection's own setting (FULL, restored at once). A failed flush fails the writes it was to
   * cover: the vans retry, and a stored push repeated is answered as a duplicate.
   */
  private async syncWal(): Promise<void> {
    if (!this.walPath) return;
    this.wal ??= open(this.walPath, 'r');
    try {
      await (await this.wal).sync();
    } catch (error) {
      this.wal = undefined; // opened again next time
      throw error;
    }
  }

  private flushWrites(): void {
    const batch = this.writeQueue.splice(0);
    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    this.inCommit = true;
    const level = this.walPath ? Number(this.db.pragma('synchronous', { simple: true })) : 0;
    if (this.walPath) this.db.pragma('synchronous = NORMAL');
    try {
      this.q.transaction(() => {
        for (const item of batch) {
          const seqBefore = this.seqInCommit;
          try {
            results.push({ ok: true, value: this.db.transaction(() => item.run())() });
          } catch (error) {
            // Some errors (a full disk: SQLITE_FULL, an I/O error) make SQLite roll back the whole transaction,
            // not just this savepoint: then every write of the group is lost, and all are refused with the cause
            // (the rest must not run outside the transaction, committed but answered as failed).
            if (!this.db.inTransaction) throw error;
            this.seqInCommit = seqBefore; // its savepoint was rolled back, and with it the numbers it took
            results.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    } finally {
      if (this.walPath) this.db.pragma(`synchronous = ${level}`);
      this.inCommit = false;
      this.seqInCommit = undefined;
    }
    const answer = () =>
      batch.forEach((item, i) => {
        const r = results[i];
        if (r?.ok) item.resolve(r.value);
        else item.reject(r?.error ?? new Error('write result missing'));
      });
    if (!this.walPath) return answer();
    this.syncWal().then(answer, (error: unknown) => {
      for (const item of batch) item.reject(error);
    });
  }

  /** Must run inside a transaction. */
  private pushOne(input: VanPush): PushOutcome {
    const { collection, deviceId, now } = input;
    return (() => {
        const rejections: Rejection[] = [];
        const fresh = [];
        let duplicates = 0;
        const seen = new Map<string, string>();
        for (const doc of input.docs) {
          const earlier = seen.get(doc.id);
          if (earlier !== undefined) {
            if (earlier === doc.canonical) duplicates++;
            else rejections.push({ id: doc.id, code: 'immutable', reason: '同一批次中同一编号的文档内容不同' });
            continue;
          }
          seen.set(doc.id, doc.canonical);
          const existing = this.q.get<{ body: string; device_id: string | null }>(
            sql`SELECT body, device_id FROM documents WHERE collection = ${collection} AND id = ${doc.id}`,
          );
          if (!existing) fresh.push(doc);
          else if (existing.body === doc.canonical && existing.device_id === deviceId) duplicates++;
          else rejections.push({ id: doc.id, code: 'immutable', reason: '该文档已存在且内容不同；已写入的记录不可修改，更正请追加新事件' });
        }
        const ctx: PushContext = {
          document: (c, id) => this.docSync(c, id),
          receiptWithNumber: (n) => {
            const row = this.q.get<{ receipt_id: string; case_id: string | null }>(sql`
              SELECT n.receipt_id, json_extract(d.body, '$.caseId') AS case_id FROM receipt_numbers n
              LEFT JOIN documents d ON d.collection = 'receipts' AND d.id = n.receipt_id WHERE n.number = ${n}`);
            return row ? { id: row.receipt_id, caseId: row.case_id ?? '' } : undefined;
          },
          caseOwner: (caseId) => {
            const row = this.q.get<{ device_id: string; van_id: string }>(sql`SELECT device_id, van_id FROM case_owners WHERE case_id = ${caseId}`);
            return row ? { id: row.device_id, vanId: row.van_id } : undefined;
          },
          tripsOfVan: (vanId) =>
            this.q
              .all<{ body: string }>(sql`SELECT d.body FROM doc_audience a JOIN documents d ON d.collection = a.collection AND d.id = a.id
                                         WHERE a.van_id = ${vanId} AND a.collection = 'trips'`)
              .map((r) => JSON.parse(r.body) as WireDocument),
          grantsOf: (tripId) => this.q.all<{ first: number; last: number }>(sql`SELECT first, last FROM receipt_grants WHERE device_id = ${deviceId} AND trip_id = ${tripId} ORDER BY first`),
        };
        rejections.push(...input.check(ctx, fresh));
        if (rejections.length > 0) {
          for (const r of rejections) {
            this.insertIncident({ at: now, deviceId, collection, docId: r.id, code: r.code, detail: r.reason });
          }
          return { ok: false, rejections };
        }
        let seq = this.nextSeq();
        for (const doc of fresh) {
          const owner = isVanCollection(collection) ? deviceId : null;
          this.q.run(sql`INSERT INTO documents (collection, id, seq, body, author, device_id, owner_device, audience_all, received_at)
                         VALUES (${collection}, ${doc.id}, ${seq++}, ${doc.canonical}, 'van', ${deviceId}, ${owner}, 0, ${now})`);
          if (doc.owned.caseId !== null) {
            this.q.run(sql`INSERT OR IGNORE INTO case_owners (case_id, van_id, device_id, claimed_at)
                           VALUES (${doc.owned.caseId}, ${input.vanId}, ${deviceId}, ${now})`);
          }
          if (doc.receipt) {
            this.q.run(sql`INSERT INTO receipt_numbers (number, trip_id, receipt_id) VALUES (${doc.receipt.number}, ${doc.receipt.tripId}, ${doc.id})`);
          }
          if (doc.chainLink) {
            this.q.run(sql`INSERT OR IGNORE INTO event_chain (device_id, seq, event_id, hash, prev_hash)
                           VALUES (${deviceId}, ${doc.chainLink.seq}, ${doc.id}, ${doc.chainLink.hash}, ${doc.chainLink.prevHash})`);
          }
        }
        this.takeSeq(seq);
        if (fresh.some((d) => d.chainLink)) this.reverifyChain(deviceId, now);
        this.q.run(sql`UPDATE devices SET last_seen_at = ${now} WHERE id = ${deviceId}`);
        return { ok: true, written: fresh.length, duplicates };
      })();
  }

  /** Re-checks the device's chain from the last verified link onwards and stores the verdict. */
  private reverifyChain(deviceId: string, now: string): void {
    const status = this.chainStatusSync(deviceId);
    if (status.state === 'broken') return; // a break stays flagged until the office looks at it
    const links = this.q.all<{ seq: number; event_id: string; hash: string; prev_hash: string | null }>(
      sql`SELECT seq, event_id, hash, prev_hash FROM event_chain WHERE device_id = ${deviceId} AND seq > ${status.verifiedSeq} ORDER BY seq, event_id`,
    );
    const verdict = verifyChainLinks(
      { seq: status.verifiedSeq, hash: status.headHash },
      links.map((l) => ({ seq: l.seq, id: l.event_id, hash: l.hash, prevHash: l.prev_hash })),
    );
    const report = this.q.get<{ report: string | null }>(sql`SELECT report FROM devices WHERE id = ${deviceId}`)?.report;
    const claimedHead = report ? DeviceReport.parse(JSON.parse(report)).chainHeadSeq : 0;
    const state = verdict.state === 'ok' && claimedHead > verdict.seq ? 'gap' : verdict.state;
    const detail = verdict.detail ?? (state === 'gap' ? `${CHAIN_BREAK_TEXT.truncated}（设备报告已有 ${claimedHead} 个事件，办公室只验证到第 ${verdict.seq} 个）` : null);
    this.q.run(sql`INSERT INTO chain_status (device_id, verified_seq, head_hash, state, detail, updated_at)
                   VALUES (${deviceId}, ${verdict.seq}, ${verdict.hash}, ${state}, ${detail}, ${now})
                   ON CONFLICT (device_id) DO UPDATE SET verified_seq = excluded.verified_seq, head_hash = excluded.head_hash,
                     state = excluded.state, detail = excluded.detail, updated_at = excluded.updated_at`);
    if (state === 'broken') {
      this.insertIncident({ at: now, deviceId, collection: 'caseEvents', docId: null, code: 'chain-broken', detail: detail ?? '' });
    }
  }

  private chainStatusSync(deviceId: string): ChainStatus {
    const row = this.q.get<{ verified_seq: number; head_hash: string | null; state: ChainStatus['state']; detail: string | null }>(
      sql`SELECT * FROM chain_status WHERE device_id = ${deviceId}`,
    );
    return row
      ? { deviceId, verifiedSeq: row.verified_seq, headHash: row.head_hash, state: row.state, detail: row.detail }
      : { deviceId, verifiedSeq: 0, headHash: null, state: 'ok', detail: null };
  }

  chainStatus(deviceId: string): Promise<ChainStatus> {
    return Promise.resolve(this.chainStatusSync(deviceId));
  }

  resolveHeldEvents(decisions: readonly ChainResolution[]): Promise<number> {
    return Promise.resolve(
      this.q.transaction(() =>
        decisions.reduce(
          (n, r) =>
            n +
            this.q.run(sql`INSERT OR IGNORE INTO chain_resolutions (event_id, case_id, decision, note, staff_id, resolved_at)
                           VALUES (${r.eventId}, ${r.caseId}, ${r.decision}, ${r.note}, ${r.staffId}, ${r.resolvedAt})`).changes,
          0,
        ),
      ),
    );
  }

  chainResolutions(): Promise<ChainResolution[]> {
    const rows = this.q.all<{ event_id: string; case_id: string; decision: ChainResolution['decision']; note: string; staff_id: string; resolved_at: string }>(
      sql`SELECT * FROM chain_resolutions ORDER BY resolved_at, event_id`,
    );
    return Promise.resolve(rows.map((r) => ({ eventId: r.event_id, caseId: r.case_id, decision: r.decision, note: r.note, staffId: r.staff_id, resolvedAt: r.resolved_at })));
  }

  countDeviceEvents(deviceId: string): Promise<number> {
    return Promise.resolve(this.q.get<{ n: number }>(sql`SELECT count(*) AS n FROM event_chain WHERE device_id = ${deviceId}`)?.n ?? 0);
  }

  writeOfficeDocuments(collection: SyncCollection, docs: readonly OfficeWrite[]): Promise<StoredDocument[]> {
    return Promise.resolve(this.q.transaction(() => this.writeOfficeSync(collection, docs, this.clock.now().toISOString())));
  }

  /** Must run inside a transaction. */
  private writeOfficeSync(collection: SyncCollection, docs: readonly OfficeWrite[], now: string): StoredDocument[] {
    let seq = this.nextSeq();
    const stored = docs.map((w) => {
      const existing = this.q.get<{ author: string }>(sql`SELECT author FROM documents WHERE collection = ${collection} AND id = ${w.body.id}`);
      // Van-authored rows are immutable: an office write may replace only its own documents (ownership.ts).
      if (existing?.author === 'van') throw new Error(`office write refused: ${collection}/${w.body.id} is a van's document`);
      const body = canonicalJson(w.body);
      const all = w.audienceVans === null && w.ownerDevice === null ? 1 : 0;
      this.q.run(sql`INSERT INTO documents (collection, id, seq, body, author, device_id, owner_device, audience_all, received_at)
                     VALUES (${collection}, ${w.body.id}, ${seq++}, ${body}, 'office', NULL, ${w.ownerDevice}, ${all}, ${now})
                     ON CONFLICT (collection, id) DO UPDATE SET seq = excluded.seq, body = excluded.body,
                       owner_device = excluded.owner_device, audience_all = excluded.audience_all, received_at = excluded.received_at`);
      for (const van of w.audienceVans ?? []) {
        this.q.run(sql`INSERT OR IGNORE INTO doc_audience (collection, id, van_id) VALUES (${collection}, ${w.body.id}, ${van})`);
      }
      const doc = this.docSync(collection, w.body.id);
      if (!doc) throw new Error('office write vanished inside its transaction');
      return doc;
    });
    this.takeSeq(seq);
    return stored;
  }

  shareWithVans(collection: SyncCollection, id: string, vanIds: readonly string[]): Promise<void> {
    this.q.transaction(() => {
      let added = 0;
      for (const van of vanIds) added += this.q.run(sql`INSERT OR IGNORE INTO doc_audience (collection, id, van_id) VALUES (${collection}, ${id}, ${van})`).changes;
      // A van that could see the document already has its latest version: only a new audience needs a new seq.
      if (added > 0) this.q.run(sql`UPDATE documents SET seq = ${this.nextSeq()} WHERE collection = ${collection} AND id = ${id}`);
    });
    return Promise.resolve();
  }

  scanDeclarers(sha256: string): Promise<{ deviceId: string; vanId: string }[]> {
    const rows = this.q.all<{ device_id: string; van_id: string }>(sql`SELECT DISTINCT d.device_id, v.van_id FROM documents d
      JOIN devices v ON v.id = d.device_id
      WHERE d.collection = 'scans' AND json_extract(d.body, '$.sha256') = ${sha256}`);
    return Promise.resolve(rows.map((r) => ({ deviceId: r.device_id, vanId: r.van_id })));
  }

  latestTripOf(vanId: string): Promise<StoredDocument | undefined> {
    const row = this.q.get<DocRow>(sql`SELECT * FROM documents WHERE collection = 'trips' AND json_extract(body, '$.vanId') = ${vanId}
                                       ORDER BY json_extract(body, '$.date') DESC, id DESC LIMIT 1`);
    return Promise.resolve(row ? docFromRow(row) : undefined);
  }

  private grantsSync(tripId: string): GrantRecord[] {
    return this.q
      .all<{ trip_id: string; device_id: string; first: number; last: number; entry_id: string; granted_at: string }>(sql`SELECT * FROM receipt_grants WHERE trip_id = ${tripId} ORDER BY first`)
      .map((r) => ({ tripId: r.trip_id, deviceId: r.device_id, first: r.first, last: r.last, entryId: r.entry_id, grantedAt: r.granted_at }));
  }

  receiptGrants(tripId: string): Promise<GrantRecord[]> {
    return Promise.resolve(this.grantsSync(tripId));
  }

  grantReceipts(input: Parameters<OfficeStorage['grantReceipts']>[0]): Promise<{ granted: GrantRecord | null; usedUp: boolean }> {
    return Promise.resolve(
      this.q.transaction(() => {
        const granted = this.grantsSync(input.tripId);
        if (input.onlyIfNone && granted.some((g) => g.deviceId === input.deviceId)) return { granted: null, usedUp: false };
        const used = this.q.all<{ number: string }>(sql`SELECT number FROM receipt_numbers WHERE trip_id = ${input.tripId}`).map((r) => r.number);
        const run = input.next(granted, used);
        if (!run) return { granted: null, usedUp: true };
        const entryId = `grant:${input.tripId}:${run.first}`;
        this.q.run(sql`INSERT INTO receipt_grants (trip_id, first, last, device_id, entry_id, granted_at)
                       VALUES (${input.tripId}, ${run.first}, ${run.last}, ${input.deviceId}, ${entryId}, ${input.now})`);
        this.writeOfficeSync('tripLedger', [{ body: input.entry(run, entryId), audienceVans: [], ownerDevice: input.deviceId }], input.now);
        return { granted: { tripId: input.tripId, deviceId: input.deviceId, first: run.first, last: run.last, entryId, grantedAt: input.now }, usedUp: false };
      }),
    );
  }

  createEnrollCode(input: { codeHash: string; vanId: string; createdBy: string; expiresAt: string }): Promise<void> {
    this.q.run(sql`INSERT INTO enroll_codes (code_hash, van_id, created_by, created_at, expires_at)
                   VALUES (${input.codeHash}, ${input.vanId}, ${input.createdBy}, ${this.clock.now().toISOString()}, ${input.expiresAt})`);
    return Promise.resolve();
  }

  enrollDevice(input: { codeHash: string; deviceId: string; name: string; tokenHash: string; now: string; previousTokenHash?: string }): Promise<Device | undefined> {
    return Promise.resolve(
      this.q.transaction(() => {
        const code = this.q.get<{ van_id: string }>(
          sql`SELECT van_id FROM enroll_codes WHERE code_hash = ${input.codeHash} AND used_at IS NULL AND expires_at > ${input.now}`,
        );
        if (!code) return undefined;
        if (input.previousTokenHash !== undefined) {
          const known = this.q.get<{ van_id: string; token_hash: string }>(sql`SELECT van_id, token_hash FROM devices WHERE id = ${input.deviceId}`);
          if (!known || known.token_hash !== input.previousTokenHash || known.van_id !== code.van_id) return undefined;
          this.q.run(sql`UPDATE devices SET token_hash = ${input.tokenHash}, name = ${input.name}, revoked_at = NULL WHERE id = ${input.deviceId}`);
        } else {
          this.q.run(sql`INSERT INTO devices (id, name, van_id, token_hash, enrolled_at) VALUES (${input.deviceId}, ${input.name}, ${code.van_id}, ${input.tokenHash}, ${input.now})`);
        }
        this.q.run(sql`UPDATE enroll_codes SET used_at = ${input.now}, used_by = ${input.deviceId} WHERE code_hash = ${input.codeHash}`);
        const row = this.q.get<DeviceRow>(sql`SELECT * FROM devices WHERE id = ${input.deviceId}`);
        return row ? deviceFromRow(row) : undefined;
      }),
    );
  }

  deviceByTokenHash(tokenHash: string): Promise<Device | undefined> {
    const row = this.q.get<DeviceRow>(sql`SELECT * FROM devices WHERE token_hash = ${tokenHash}`);
    return Promise.resolve(row ? deviceFromRow(row) : undefined);
  }

  touchDevice(deviceId: string, now: string, report?: DeviceReport): Promise<void> {
    if (report) {
      this.q.transaction(() => {
        this.q.run(sql`UPDATE devices SET last_seen_at = ${now}, report = ${JSON.stringify(report)} WHERE id = ${deviceId}`);
        this.reverifyChain(deviceId, now);
      });
    } else this.q.run(sql`UPDATE devices SET last_seen_at = ${now} WHERE id = ${deviceId}`);
    return Promise.resolve();
  }

  listDevices(): Promise<Device[]> {
    return Promise.resolve(this.q.all<DeviceRow>(sql`SELECT * FROM devices ORDER BY enrolled_at`).map(deviceFromRow));
  }

  revokeDevice(deviceId: string, now: string): Promise<boolean> {
    return Promise.resolve(this.q.run(sql`UPDATE devices SET revoked_at = ${now} WHERE id = ${deviceId} AND revoked_at IS NULL`).changes === 1);
  }

  createSession(input: { tokenHash: string; staffId: string; roles: readonly string[]; now: string; expiresAt: string }): Promise<void> {
    this.q.run(sql`INSERT INTO sessions (token_hash, staff_id, roles, created_at, expires_at)
                   VALUES (${input.tokenHash}, ${input.staffId}, ${JSON.stringify(input.roles)}, ${input.now}, ${input.expiresAt})`);
    return Promise.resolve();
  }

  sessionByTokenHash(tokenHash: string, now: string): Promise<Session | undefined> {
    const row = this.q.get<{ staff_id: string; roles: string; expires_at: string }>(
      sql`SELECT staff_id, roles, expires_at FROM sessions WHERE token_hash = ${tokenHash} AND expires_at > ${now}`,
    );
    return Promise.resolve(row ? { staffId: row.staff_id, roles: JSON.parse(row.roles) as string[], expiresAt: row.expires_at } : undefined);
  }

  endSession(tokenHash: string): Promise<void> {
    this.q.run(sql`DELETE FROM sessions WHERE token_hash = ${tokenHash}`);
    return Promise.resolve();
  }

  endStaffSessions(staffId: string): Promise<number> {
    return Promise.resolve(this.q.run(sql`DELETE FROM sessions WHERE staff_id = ${staffId}`).changes);
  }

  private insertIncident(i: Omit<Incident, 'id'>): void {
    this.q.run(sql`INSERT INTO incidents (at, device_id, collection, doc_id, code, detail)
                   VALUES (${i.at}, ${i.deviceId}, ${i.collection}, ${i.docId}, ${i.code}, ${i.detail})`);
  }

  recordIncident(incident: Omit<Incident, 'id'>): Promise<void> {
    this.insertIncident(incident);
    return Promise.resolve();
  }

  listIncidents(limit: number): Promise<Incident[]> {
    const rows = this.q.all<{ id: number; at: string; device_id: string | null; collection: string | null; doc_id: string | null; code: string; detail: string }>(
      sql`SELECT * FROM incidents ORDER BY id DESC LIMIT ${limit}`,
    );
    return Promise.resolve(rows.map((r) => ({ id: r.id, at: r.at, deviceId: r.device_id, collection: r.collection, docId: r.doc_id, code: r.code, detail: r.detail })));
  }

  scanBlob(sha256: string): Promise<ScanBlob | undefined> {
    const r = this.q.get<{ sha256: string; bytes: number; path: string; device_id: string | null; verified_at: string }>(
      sql`SELECT * FROM scan_blobs WHERE sha256 = ${sha256}`,
    );
    return Promise.resolve(r ? { sha256: r.sha256, bytes: r.bytes, path: r.path, deviceId: r.device_id, verifiedAt: r.verified_at } : undefined);
  }

  countDeviceScans(deviceId: string): Promise<number> {
    return Promise.resolve(this.q.get<{ n: number }>(sql`SELECT count(*) AS n FROM scan_blobs WHERE device_id = ${deviceId}`)?.n ?? 0);
  }

  /** In the group commit with the pushes: scans finishing together share one fsync of the WAL. */
  acknowledgeScan(blob: ScanBlob, ack: OfficeWrite): Promise<void> {
    return this.groupWrite(() => {
      const exists = this.q.get<{ sha256: string }>(sql`SELECT sha256 FROM scan_blobs WHERE sha256 = ${blob.sha256}`);
      if (exists) return;
      this.q.run(sql`INSERT INTO scan_blobs (sha256, bytes, path, device_id, verified_at)
                     VALUES (${blob.sha256}, ${blob.bytes}, ${blob.path}, ${blob.deviceId}, ${blob.verifiedAt})`);
      this.writeOfficeSync('scanAcks', [ack], blob.verifiedAt);
    });
  }

  async backup(file: string): Promise<void> {
    mkdirSync(dirname(file), { recursive: true });
    await this.db.backup(file);
  }

  async close(): Promise<void> {
    this.db.close();
    const wal = this.wal;
    this.wal = undefined;
    if (wal) await wal.then((h) => h.close()).catch(() => undefined);
  }
}

