import { type Checkpoint, type ChainStatus, type DeviceReport, type Rejection, type WipeReadyRequest, type WireDocument } from '#protocol/messages.ts';
import { type SyncCollection, isVanCollection } from '#protocol/collections.ts';
import { type Clock } from '#domain/clock.ts';
import { type Db, type Tx } from '#office/platform/db/db.ts';
import { sql, sqlList, SqlShape, type SqlValue } from '#office/platform/db/sql.ts';
import { chainReads, chainWrites } from '#office/replication/chain-store.ts';
import { type ChainResolution, chainResolutionReads, chainResolutionWrites } from '#office/replication/chain-resolution-store.ts';
import { deviceReads, deviceWrites, enrollWithCode } from '#office/replication/device-store.ts';
import { documentReads, documentWrites, ROWS_PER_INSERT } from '#office/replication/document-store.ts';
import { receiptGrantReads } from '#office/replication/receipt-grant-store.ts';
import { incidentReads, incidentWrites } from '#office/replication/incident-store.ts';
import { type OpenRefusal, openRefusalReads, openRefusalWrites } from '#office/replication/open-refusal-store.ts';
import { scanBlobReads, scanBlobWrites } from '#office/replication/scan-blob-store.ts';
import { sessionReads, sessionWrites } from '#office/staff/session-store.ts';
import { movedDeadline } from '#server/auth/session-limits.ts';
import {
  type Device,
  type GrantRecord,
  type Incident,
  type OfficeStorage,
  type OfficeWrite,
  type PreparedDocument,
  type PullPage,
  type PushContext,
  type PushOutcome,
  type ScanBlob,
  type Session,
  type StoredDocument,
  type VanPush,
  type Viewer,
} from './storage.ts';

// A push's statements around its lists, their text built once per list length (sql.ts).
const STORED_OF_PUSH = new SqlShape('SELECT id, body, device_id FROM documents WHERE collection = ? AND id IN ', 'in');
const CLAIM_CASES = new SqlShape('INSERT INTO case_owners (case_id, van_id, device_id, claimed_at) VALUES ', { width: 4 }, ' ON CONFLICT DO NOTHING');
const CASE_OWNERS = new SqlShape('SELECT case_id, device_id, van_id FROM case_owners WHERE case_id IN ', 'in');

/** The cases a push touches, sorted (the order their locks are taken in); a trip ledger entry has none. */
const caseIdsOf = (input: VanPush): string[] => [...new Set(input.docs.flatMap((d) => (d.owned.caseId === null ? [] : [d.owned.caseId])))].sort();

/**
 * `OfficeStorage` over the office database port: the same code on SQLite and on PostgreSQL. Every method
 * is one transaction; a van's push and a scan's acknowledgement may share a commit with others (group
 * commit on SQLite). Everything that must be serialised across office servers takes a lock in the database.
 */
export class DbStorage implements OfficeStorage {
  constructor(
    readonly db: Db,
    private readonly clock: Clock = { now: () => new Date() },
  ) {}

  pull(collection: SyncCollection, after: Checkpoint | undefined, limit: number, viewer: Viewer): Promise<PullPage> {
    return documentReads(this.db).pull(collection, after, limit, viewer);
  }

  getDocument(collection: SyncCollection, id: string): Promise<StoredDocument | undefined> {
    return documentReads(this.db).get(collection, id);
  }

  listDocuments(collection: SyncCollection): Promise<StoredDocument[]> {
    return documentReads(this.db).all(collection);
  }

  pushVanDocuments(input: VanPush): Promise<PushOutcome> {
    return this.db.transaction((tx) => this.pushOne(tx, input), { group: true });
  }

  /**
   * Locks first, in one order everywhere (the device, then its cases and receipt numbers, sorted; the
   * sequence last, in `insertVan`), so two servers taking pushes of one device, one case or one number
   * never interleave and never deadlock.
   */
  private async pushOne(tx: Tx, input: VanPush): Promise<PushOutcome> {
    const { collection, deviceId, now } = input;
    await tx.lock(`device:${deviceId}`);
    for (const caseId of caseIdsOf(input)) await tx.lock(`case:${caseId}`);
    const numbers = [...new Set(input.docs.flatMap((d) => [d.receipt?.number, d.owned.namesReceipt].filter((n): n is string => n !== undefined)))].sort();
    for (const n of numbers) await tx.lock(`receipt-number:${n}`);

    const rejections: Rejection[] = [];
    const fresh = [];
    // Documents stored before with the same content: a 收费 among them has its receipt view judged again.
    const repeated: PreparedDocument[] = [];
    let duplicates = 0;
    const seen = new Map<string, string>();
    const ids: SqlValue[] = [collection];
    for (const d of input.docs) ids.push(d.id);
    const stored = new Map(
      (input.docs.length === 0 ? [] : await tx.all<{ id: string; body: string; device_id: string | null }>(STORED_OF_PUSH.of(ids))).map((r) => [r.id, r]),
    );
    for (const doc of input.docs) {
      const earlier = seen.get(doc.id);
      if (earlier !== undefined) {
        if (earlier === doc.canonical) duplicates++;
        else rejections.push({ id: doc.id, code: 'immutable', reason: '同一批次中同一编号的文档内容不同' });
        continue;
      }
      seen.set(doc.id, doc.canonical);
      const existing = stored.get(doc.id);
      if (!existing) fresh.push(doc);
      else if (existing.body === doc.canonical && existing.device_id === deviceId) {
        duplicates++;
        repeated.push(doc);
      }
      else rejections.push({ id: doc.id, code: 'immutable', reason: '该文档已存在且内容不同；已写入的记录不可修改，更正请追加新事件' });
    }
    const facts = await this.pushFacts(tx, input);
    rejections.push(...input.check(facts, fresh));
    if (rejections.length > 0) {
      for (const r of rejections) await incidentWrites(tx).record({ at: now, deviceId, collection, docId: r.id, code: r.code, detail: r.reason });
      return { ok: false, rejections };
    }
    const owner = isVanCollection(collection) ? deviceId : null;
    // The cases this push claims first: a case with an owner keeps it (the rules above refused another's), so
    // its row is not written again (ON CONFLICT DO NOTHING would leave it as it is, after a look-up).
    const owned = [...new Set(fresh.flatMap((d) => (d.owned.caseId === null || facts.caseOwner(d.owned.caseId) ? [] : [d.owned.caseId])))];
    for (let i = 0; i < owned.length; i += ROWS_PER_INSERT) {
      const values: SqlValue[] = [];
      for (const caseId of owned.slice(i, i + ROWS_PER_INSERT)) values.push(caseId, input.vanId, deviceId, now);
      await tx.run(CLAIM_CASES.of(values));
    }
    const views = await this.receiptViews(tx, input, facts, [...fresh, ...repeated]);
    for (const doc of [...fresh, ...views]) {
      if (doc.receipt) await tx.run(sql`INSERT INTO receipt_numbers (number, trip_id, receipt_id) VALUES (${doc.receipt.number}, ${doc.receipt.tripId}, ${doc.id})`);
    }
    const links = fresh.flatMap((d) => (d.chainLink ? [{ ...d.chainLink, id: d.id }] : []));
    await chainWrites(tx).addLinks(deviceId, links);
    if (links.length > 0) await chainWrites(tx).reverify(deviceId, now, links);
    await deviceWrites(tx).touch(deviceId, now);
    await documentWrites(tx).insertVan(collection, deviceId, fresh.map((d) => ({ id: d.id, canonical: d.canonical, body: d.body, ownerDevice: owner })), now);
    await documentWrites(tx).insertVan('receipts', deviceId, views.map((d) => ({ id: d.id, canonical: d.canonical, body: d.body, ownerDevice: deviceId })), now);
    return { ok: true, written: fresh.length, duplicates, storedIds: fresh.map((d) => d.id) };
  }

  /**
   * The receipts that 收费 events stand for (receipt-view.ts), to store with them. A receipt the rules would
   * refuse from an older van (number outside the device's run, or used before) is logged and left out while the
   * event is kept, as the event of such a van is: the money was taken and reconciliation reports the number.
   *
   * A 收费 sent again (a lost answer, or 重试 on the van) has its receipt judged again when the office still
   * holds none for it, as an older van's refused receipt document is when it comes again: refused, the answer
   * carries the refusal once more, so a van whose first answer was lost still learns of it; accepted (the cause
   * fixed at the office meanwhile), the receipt is stored now. A stored receipt is never judged again, and its
   * number is locked and taken once, so nothing is counted twice (docs/receipt-numbers.md).
   */
  private async receiptViews(tx: Tx, input: VanPush, facts: PushContext, events: readonly PreparedDocument[]): Promise<PreparedDocument[]> {
    const views = events.flatMap((d) => (d.receiptView ? [d.receiptView] : []));
    if (views.length === 0) return [];
    const stored = new Set((await tx.all<{ id: string }>(sql`SELECT id FROM documents WHERE collection = 'receipts' AND id IN ${sqlList(views.map((v) => v.id))}`)).map((r) => r.id));
    const unstored = views.filter((v) => !stored.has(v.id));
    const refused = input.check(facts, unstored);
    for (const r of refused) await incidentWrites(tx).record({ at: input.now, deviceId: input.deviceId, collection: 'receipts', docId: r.id, code: r.code, detail: r.reason });
    for (const doc of events) doc.receiptRefused = refused.find((r) => r.id === doc.receiptView?.id);
    return unstored.filter((v) => !refused.some((r) => r.id === v.id));
  }

  /** The stored facts the push rules read, fetched for this push's cases, trips and receipt numbers at once. */
  private async pushFacts(tx: Tx, input: VanPush): Promise<PushContext> {
    const caseIds = caseIdsOf(input);
    const tripIds = [...new Set(input.docs.flatMap((d) => [d.owned.tripId, d.receiptView?.owned.tripId].filter((t): t is string => t !== undefined)))];
    const numbers = [...new Set(input.docs.flatMap((d) => [d.receipt?.number, d.owned.namesReceipt].filter((n): n is string => n !== undefined)))];
    const owners = new Map(
      (caseIds.length === 0 ? [] : await tx.all<{ case_id: string; device_id: string; van_id: string }>(CASE_OWNERS.of(caseIds))).map((r) => [
        r.case_id,
        { id: r.device_id, vanId: r.van_id },
      ]),
    );
    const trips = new Map((await documentReads(tx).getMany('trips', tripIds)).map((d) => [d.id, d]));
    const receipts = new Map(
      numbers.length === 0
        ? []
        : (
            await tx.all<{ number: string; receipt_id: string; case_id: string | null }>(sql`
              SELECT n.number, n.receipt_id, d.case_id FROM receipt_numbers n
              LEFT JOIN documents d ON d.collection = 'receipts' AND d.id = n.receipt_id WHERE n.number IN ${sqlList(numbers)}`)
          ).map((r) => [r.number, { id: r.receipt_id, caseId: r.case_id ?? '' }]),
    );
    // Only an event that names a receipt number needs the van's trips (to check the number's block).
    const grants = new Map<string, { first: number; last: number }[]>();
    if (tripIds.length > 0) {
      const rows = await tx.all<{ trip_id: string; first: number; last: number }>(
        sql`SELECT trip_id, first, last FROM receipt_grants WHERE device_id = ${input.deviceId} AND trip_id IN ${sqlList(tripIds)} ORDER BY first`,
      );
      for (const r of rows) grants.set(r.trip_id, [...(grants.get(r.trip_id) ?? []), { first: r.first, last: r.last }]);
    }
    const vanTrips = input.docs.some((d) => d.owned.namesReceipt !== undefined) ? (await documentReads(tx).sharedWith('trips', input.vanId)).map((d) => d.body) : [];
    return {
      document: (c, id) => (c === 'trips' ? trips.get(id) : undefined),
      receiptWithNumber: (n) => receipts.get(n),
      caseOwner: (caseId) => owners.get(caseId),
      tripsOfVan: (vanId): WireDocument[] => (vanId === input.vanId ? vanTrips : []),
      grantsOf: (tripId) => grants.get(tripId) ?? [],
    };
  }

  chainStatus(deviceId: string): Promise<ChainStatus> {
    return chainReads(this.db).status(deviceId);
  }

  resolveHeldEvents(decisions: readonly ChainResolution[]): Promise<number> {
    return this.db.transaction((tx) => chainResolutionWrites(tx).record(decisions));
  }

  chainResolutions(): Promise<ChainResolution[]> {
    return chainResolutionReads(this.db).all();
  }

  countDeviceEvents(deviceId: string): Promise<number> {
    return chainReads(this.db).countEvents(deviceId);
  }

  writeOfficeDocuments(collection: SyncCollection, docs: readonly OfficeWrite[]): Promise<StoredDocument[]> {
    return this.db.transaction((tx) => documentWrites(tx).upsertOffice(collection, docs, this.clock.now().toISOString()));
  }

  shareWithVans(collection: SyncCollection, id: string, vanIds: readonly string[]): Promise<void> {
    return this.db.transaction((tx) => documentWrites(tx).share(collection, id, vanIds));
  }

  scanDeclarers(sha256: string): Promise<{ deviceId: string; vanId: string }[]> {
    return documentReads(this.db).scanDeclarers(sha256);
  }

  latestTripOf(vanId: string): Promise<StoredDocument | undefined> {
    return documentReads(this.db).latestTripOf(vanId);
  }

  receiptGrants(tripId: string): Promise<GrantRecord[]> {
    return receiptGrantReads(this.db).ofTrip(tripId);
  }

  /** Under a lock on the trip every office server honours, so two devices never get overlapping runs. */
  grantReceipts(input: Parameters<OfficeStorage['grantReceipts']>[0]): Promise<{ granted: GrantRecord | null; usedUp: boolean }> {
    return this.db.transaction(async (tx) => {
      await tx.lock(`receipt-grants:${input.tripId}`);
      const granted = await receiptGrantReads(tx).ofTrip(input.tripId);
      if (input.onlyIfNone && granted.some((g) => g.deviceId === input.deviceId)) return { granted: null, usedUp: false };
      const used = (await tx.all<{ number: string }>(sql`SELECT number FROM receipt_numbers WHERE trip_id = ${input.tripId}`)).map((r) => r.number);
      const run = input.next(granted, used);
      if (!run) return { granted: null, usedUp: true };
      const entryId = `grant:${input.tripId}:${run.first}`;
      await tx.run(sql`INSERT INTO receipt_grants (trip_id, first, last, device_id, entry_id, granted_at)
                       VALUES (${input.tripId}, ${run.first}, ${run.last}, ${input.deviceId}, ${entryId}, ${input.now})`);
      await documentWrites(tx).upsertOffice('tripLedger', [{ body: input.entry(run, entryId), audienceVans: [], ownerDevice: input.deviceId }], input.now);
      return { granted: { tripId: input.tripId, deviceId: input.deviceId, first: run.first, last: run.last, entryId, grantedAt: input.now }, usedUp: false };
    });
  }

  createEnrollCode(input: { codeHash: string; vanId: string; createdBy: string; expiresAt: string }): Promise<void> {
    return deviceWrites(this.db).createEnrollCode({ ...input, createdAt: this.clock.now().toISOString() });
  }

  enrollDevice(input: { codeHash: string; deviceId: string; name: string; tokenHash: string; now: string; previousTokenHash?: string; installationHash?: string }): Promise<Device | undefined> {
    return this.db.transaction((tx) => enrollWithCode(tx, input));
  }

  deviceByTokenHash(tokenHash: string): Promise<Device | undefined> {
    return deviceReads(this.db).byTokenHash(tokenHash);
  }

  touchDevice(deviceId: string, now: string, report?: DeviceReport): Promise<void> {
    if (!report) return deviceWrites(this.db).touch(deviceId, now);
    return this.db.transaction(async (tx) => {
      await tx.lock(`device:${deviceId}`);
      await deviceWrites(tx).saveReport(deviceId, now, report);
      await chainWrites(tx).reverify(deviceId, now);
    });
  }

  async deviceWithTokenHash(deviceId: string): Promise<{ device: Device; tokenHash: string } | undefined> {
    const reads = deviceReads(this.db);
    const [device, tokenHash] = await Promise.all([reads.byId(deviceId), reads.tokenHash(deviceId)]);
    return device && tokenHash ? { device, tokenHash } : undefined;
  }

  listDevices(): Promise<Device[]> {
    return deviceReads(this.db).all();
  }

  revokeDevice(deviceId: string, now: string): Promise<boolean> {
    return deviceWrites(this.db).revoke(deviceId, now);
  }

  orderDeviceWipe(deviceId: string, now: string, by: string): Promise<boolean> {
    return deviceWrites(this.db).orderWipe(deviceId, now, by);
  }

  abandonDeviceUnsynced(deviceId: string, now: string): Promise<boolean> {
    return deviceWrites(this.db).abandonUnsynced(deviceId, now);
  }

  saveWipeReport(deviceId: string, now: string, report: WipeReadyRequest): Promise<void> {
    return deviceWrites(this.db).saveWipeReport(deviceId, now, report);
  }

  confirmDeviceWiped(deviceId: string, now: string, erasedAt: string): Promise<void> {
    return deviceWrites(this.db).confirmWiped(deviceId, now, erasedAt);
  }

  /** The live session of a token; the request that asks keeps it alive for another idle period (session-limits.ts). */
  async touchSession(tokenHash: string, now: string): Promise<Session | undefined> {
    const session = await sessionReads(this.db).byTokenHash(tokenHash, now);
    const until = session && movedDeadline(session, new Date(now));
    if (session && until) await sessionWrites(this.db).extend(tokenHash, now, until);
    return session;
  }

  endSession(tokenHash: string): Promise<void> {
    return sessionWrites(this.db).end(tokenHash);
  }

  recordIncident(incident: Omit<Incident, 'id'>): Promise<void> {
    return incidentWrites(this.db).record(incident);
  }

  listIncidents(limit: number): Promise<Incident[]> {
    return incidentReads(this.db).latest(limit);
  }

  openRefusals(deviceId: string): Promise<OpenRefusal[]> {
    return openRefusalReads(this.db).ofDevice(deviceId);
  }

  openRefusal(deviceId: string, refusal: OpenRefusal): Promise<void> {
    return openRefusalWrites(this.db).open(deviceId, refusal);
  }

  closeRefusal(deviceId: string, collection: OpenRefusal['collection'], docId: string): Promise<void> {
    return openRefusalWrites(this.db).close(deviceId, collection, docId);
  }

  scanBlob(sha256: string): Promise<ScanBlob | undefined> {
    return scanBlobReads(this.db).get(sha256);
  }

  countDeviceScans(deviceId: string): Promise<number> {
    return scanBlobReads(this.db).countOfDevice(deviceId);
  }

  /** In the group commit with the pushes: scans finishing together share one fsync of the WAL. */
  acknowledgeScan(blob: ScanBlob, ack: OfficeWrite): Promise<void> {
    return this.db.transaction(
      async (tx) => {
        if (await scanBlobWrites(tx).record(blob)) await documentWrites(tx).upsertOffice('scanAcks', [ack], blob.verifiedAt);
      },
      { group: true },
    );
  }

  backup(file: string): Promise<{ ok: true } | { ok: false; reason: 'use-pg-dump' }> {
    return this.db.backup(file);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
