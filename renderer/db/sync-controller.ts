import { BehaviorSubject, type Observable, Subject, Subscription, merge, throttleTime } from 'rxjs';
import { type RxReplicationState, replicateRxCollection } from 'rxdb/plugins/replication';
import { LEDGER_AUTHOR } from '#protocol/documents/ledger.ts';
import { OFFICE_COLLECTIONS, SYNC_COLLECTIONS, type SyncCollection, VAN_COLLECTIONS, type VanCollection, isVanCollection } from '#protocol/collections.ts';
import { type ChainStatus, type Checkpoint, type PushRow, type SnapshotRefreshResponse } from '#protocol/messages.ts';
import { Backoff } from './backoff.ts';
import { type VanDatabase } from './database.ts';
import { OfficeHttpError, OfficeClient, type FetchLike } from './office-client.ts';
import { pushSettingAside, isDeviceRefusal } from './push-quarantine.ts';
import { RELEASE_ORDER, blockerOf, loadBlockers, rowsInOrder } from './hold-back.ts';
import { holdBackInto, setAsideInto } from './push-steps.ts';
import { openResyncStream } from './sse.ts';
import { countPending, markPushed } from './pending.ts';
import { chainHead } from './case-events.ts';
import { type QuarantineEntry } from './schemas/sync-quarantine.ts';
import { type HeldBackEntry } from './schemas/sync-held-back.ts';
import { type Link, type SyncError, type SyncStatus, syncStatusOf } from './sync-status.ts';

export { type SyncError, type SyncStatus } from './sync-status.ts';

/** A document the office keeps refusing, set aside with the office's reason; the rest keeps flowing. */
export type QuarantinedDocument = { id: string; collection: string; docId: string; code: string; reason: string; at: string };

/** A document waiting on the van because an earlier document of its case is quarantined (hold-back.ts). */
export type HeldBackDocument = {
  id: string;
  collection: string;
  docId: string;
  caseId: string;
  blockedBy: { collection: string; docId: string; seq: number | null };
  at: string;
};

/** What the sync status bar shows (never a false "synced"). */
export type SyncState = {
  status: SyncStatus;
  /** Van documents written locally and not yet accepted by the office (quarantined ones excluded, held-back ones included). */
  pendingDocuments: number;
  /** Scans whose file the office has not verified yet. */
  pendingScans: number;
  pulledDocuments: number;
  pushedDocuments: number;
  lastSuccessAt: string | null;
  /** Why the office could not be reached or refused the device; cleared by the next exchange that works. */
  lastError: SyncError | null;
  quarantined: QuarantinedDocument[];
  /** Pending documents kept back behind a quarantined document of their case. */
  heldBack: HeldBackDocument[];
  /** The office's verdict on this device's event chain, after the last report. */
  chain: ChainStatus | null;
};

export type SyncOptions = {
  officeUrl: string;
  deviceToken: string;
  deviceId: string;
  fetch?: FetchLike;
  /** First retry delay; doubles per failure up to `retryMaxMs`, with no limit on attempts. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  pullBatchSize?: number;
  pushBatchSize?: number;
  /** Listen to the office's change streams (default true). */
  live?: boolean;
};

export type SyncController = {
  readonly state$: Observable<SyncState>;
  state(): SyncState;
  /** Resolves once every collection has caught up with the office and pushed everything pending. */
  awaitInSync(): Promise<void>;
  /** Resolves once the trip manifest (trips, appointments, units, fee rules, staff, scan acks, receipt numbers) is pulled. */
  awaitOfficeData(): Promise<void>;
  /**
   * Pushes the quarantined documents again (after the office fixed the cause); returns how many it took.
   * Documents held back behind an accepted one are pushed right after.
   */
  retryQuarantined(): Promise<number>;
  /** Sends the device report (chain head, pending counts) and refreshes `state.chain`. */
  report(): Promise<void>;
  /**
   * Before a trip: asks the office for fresh unit snapshots of `tripIds` (its trips from today on when empty)
   * and resolves once they are pulled. Rejects when the office cannot be reached or refuses.
   */
  refreshUnitSnapshots(tripIds: readonly string[]): Promise<SnapshotRefreshResponse>;
  /**
   * Asks the office for more receipt numbers for this device on the trip; the grant then arrives in the trip
   * ledger. Resolves with the office's refusal (Chinese) or null when granted.
   */
  requestReceiptNumbers(tripId: string): Promise<SyncError | null>;
  stop(): Promise<void>;
};

const INITIAL: SyncState = {
  status: 'connecting',
  pendingDocuments: 0,
  pendingScans: 0,
  pulledDocuments: 0,
  pushedDocuments: 0,
  lastSuccessAt: null,
  lastError: null,
  quarantined: [],
  heldBack: [],
  chain: null,
};

/**
 * Starts replicating every collection with the office (`replicateRxCollection`, one per collection,
 * checkpoints stored locally so a restart resumes where it stopped). Runs by itself: while the office is
 * unreachable it retries with exponential backoff and no limit; the SSE streams wake it on office writes.
 */
export function startSync(db: VanDatabase, opts: SyncOptions): SyncController {
  const client = new OfficeClient({ officeUrl: opts.officeUrl, deviceToken: opts.deviceToken, fetch: opts.fetch });
  const backoff = new Backoff(opts.retryBaseMs ?? 1000, opts.retryMaxMs ?? 60_000);
  const abort = new AbortController();
  const state = new BehaviorSubject<SyncState>(INITIAL);
  const patch = (p: Partial<SyncState>) => state.next({ ...state.value, ...p });
  const subs = new Subscription();
  // Pushes change no document locally, so they wake the pending count themselves.
  const pushed$ = new Subject<void>();

  const activeFlags = new Map<string, boolean>();
  // Whether the office answered the last time anything asked it (a pull, a push, a report, a change stream).
  let link: Link = 'unknown';
  let stopped = false;
  const refreshStatus = () => {
    const s = state.value;
    const status: SyncStatus = syncStatusOf({
      stopped, link, active: [...activeFlags.values()].some(Boolean),
      pendingDocuments: s.pendingDocuments, pendingScans: s.pendingScans, quarantined: s.quarantined.length,
    });
    if (s.status !== status) patch({ status });
  };
  const succeeded = () => {
    backoff.reset();
    link = 'up';
    if (releaseDue) void releaseHeld();
    patch({ lastSuccessAt: new Date().toISOString(), lastError: null });
    refreshStatus();
  };
  const failed = (error: unknown) => {
    if (abort.signal.aborted) return;
    backoff.fail();
    const refused = error instanceof OfficeHttpError && isDeviceRefusal(error);
    const code = error instanceof OfficeHttpError ? error.body?.code : undefined;
    // A revoked device stays revoked until it enrolls again (which starts a new sync with the new token):
    // a dropped link meanwhile does not turn it into "offline" and hide the re-enrollment form. A wipe order
    // is final: the wipe (remote-wipe.ts) takes over from here.
    link = code === 'device-wipe-ordered' || link === 'wipe-ordered' ? 'wipe-ordered' : code === 'device-revoked' || link === 'revoked' ? 'revoked' : refused ? 'refused' : 'down';
    patch({ lastError: syncErrorOf(error) });
    refreshStatus();
  };
  /** Waits out the backoff before an attempt that follows a failure. */
  const gate = async () => {
    if (backoff.attempts > 0) await backoff.sleep(abort.signal);
  };

  const setAside = (collection: SyncCollection) => setAsideInto(db, collection);
  const holdBack = (collection: VanCollection, held: HeldBackEntry[]) => holdBackInto(db, collection, held);

  // Pushes documents whose blocker is gone; one run at a time, and once more if asked during a run.
  let releasing: Promise<void> | null = null;
  let releaseAgain = false;
  let releaseDue = false;
  const releaseOnce = async () => {
    const entries = (await db.syncHeldBack.find().exec()).map((d) => d.toJSON() as HeldBackEntry);
    if (entries.length === 0) return;
    const blockers = await loadBlockers(db);
    for (const name of RELEASE_ORDER) {
      const rows = await rowsInOrder(db, name, entries);
      const free = rows.filter((r) => !blockerOf(name, r.newDocumentState as never, blockers));
      if (free.length === 0) continue;
      const stillHeld: HeldBackEntry[] = [];
      await pushSettingAside(client, name, free, setAside(name), holdBack(name, stillHeld));
      const kept = new Set(stillHeld.map((h) => h.id));
      if (stillHeld.length > 0) await db.syncHeldBack.bulkUpsert(stillHeld);
      await db.syncHeldBack.bulkRemove(free.map((r) => `${name}:${r.newDocumentState.id}`).filter((id) => !kept.has(id)));
      pushed$.next();
    }
  };
  const releaseHeld = async (): Promise<void> => {
    if (abort.signal.aborted) return;
    if (releasing) {
      releaseAgain = true;
      return releasing;
    }
    releasing = (async () => {
      try {
        do {
          releaseAgain = false;
          await releaseOnce();
        } while (releaseAgain && !abort.signal.aborted);
        releaseDue = false;
      } catch {
        // Offline or refused as a device: try again after the next successful exchange with the office.
        releaseDue = true;
      } finally {
        releasing = null;
      }
    })();
    return releasing;
  };

  // Pulled van documents waiting to be acknowledged; one markPushed at a time takes all collected so far.
  const received = new Map<VanCollection, string[]>();
  let receiving: Promise<void> = Promise.resolve();
  const noteReceived = (name: VanCollection, id: string) => {
    const ids = received.get(name) ?? [];
    if (ids.length === 0) received.set(name, ids);
    ids.push(id);
    receiving = receiving.then(async () => {
      const take = received.get(name) ?? [];
      received.delete(name);
      if (take.length > 0 && !abort.signal.aborted) await markPushed(db, name, take);
      pushed$.next();
    }).catch(() => undefined); // a closed database: the documents stay counted as pending, nothing is lost
  };

  const replications: RxReplicationState<unknown, Checkpoint>[] = [];
  for (const name of SYNC_COLLECTIONS) {
    const collection = db[name];
    // A change stream that opens is the office answering; one that cannot open (or drops) is the office gone,
    // even when the van has nothing to send and so makes no other request.
    const onLink = (up: boolean, error?: unknown) => (up ? succeeded() : link !== 'refused' && link !== 'revoked' && link !== 'wipe-ordered' && failed(error));
    const stream$ = opts.live === false ? undefined : openResyncStream(client, name, new Backoff(opts.retryBaseMs ?? 1000, opts.retryMaxMs ?? 60_000), abort.signal, onLink);
    const replication = replicateRxCollection<unknown, Checkpoint>({
      // The office URL is part of the identifier: pointing the van at another office starts fresh checkpoints.
      replicationIdentifier: `office:${opts.officeUrl}:${name}`,
      collection: collection as never,
      live: true,
      retryTime: 250,
      waitForLeadership: true,
      autoStart: true,
      pull: {
        batchSize: opts.pullBatchSize ?? 200,
        stream$,
        handler: async (checkpoint, batchSize) => {
          await gate();
          try {
            const page = await client.pull(name, checkpoint, batchSize);
            succeeded();
            if (page.documents.length > 0) patch({ pulledDocuments: state.value.pulledDocuments + page.documents.length });
            return { documents: page.documents, checkpoint: page.checkpoint ?? checkpoint };
          } catch (error) {
            failed(error);
            throw error;
          }
        },
      },
      push: isVanCollection(name)
        ? {
            batchSize: opts.pushBatchSize ?? 100,
            handler: async (rows) => {
              await gate();
              try {
                const wire = rows as unknown as PushRow[];
                const held: HeldBackEntry[] = [];
                await pushSettingAside(client, name, wire.filter((r) => isVanAuthored(name, r)), setAside(name), holdBack(name, held));
                // Held rows count as handled for RxDB (its checkpoint moves past them); they live on in
                // syncHeldBack, still pending, until releaseHeld pushes them.
                if (held.length > 0) await db.syncHeldBack.bulkUpsert(held);
                await markPushed(db, name, wire.map((r) => (r.newDocumentState).id));
                succeeded();
                patch({ pushedDocuments: state.value.pushedDocuments + rows.length });
                pushed$.next();
                return [];
              } catch (error) {
                failed(error);
                throw error;
              }
            },
          }
        : undefined,
    });
    if (isVanCollection(name)) {
      // A document the van pulled is stored at the office in the state just written here: acknowledge it,
      // so the pushed-up-to mark can move past it (pending.ts).
      subs.add(replication.received$.subscribe((doc) => noteReceived(name, (doc as unknown as { id: string }).id)));
    }
    subs.add(
      replication.active$.subscribe((active) => {
        activeFlags.set(name, active);
        refreshStatus();
      }),
    );
    replications.push(replication);
  }

  // A change that arrives while a count runs asks for one more count afterwards; dropping it would leave
  // the screen showing documents as pending that the office already has.
  let refreshing = false;
  let again = false;
  const recount = async () => {
    if (abort.signal.aborted) return;
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    try {
      do {
        again = false;
        const counts = await countPending(db);
        const quarantined = (await db.syncQuarantine.find().exec()).map((d): QuarantinedDocument => {
          const e = d.toJSON() as QuarantineEntry;
          return { id: e.id, collection: e.sourceCollection, docId: e.docId, code: e.code, reason: e.reason, at: e.at };
        });
        const heldBack = (await db.syncHeldBack.find().exec()).map((d): HeldBackDocument => {
          const e = d.toJSON() as HeldBackEntry;
          return {
            id: e.id, collection: e.sourceCollection, docId: e.docId, caseId: e.caseId, at: e.at,
            blockedBy: { collection: e.blockedByCollection, docId: e.blockedByDocId, seq: e.blockedBySeq },
          };
        });
        patch({ ...counts, quarantined, heldBack });
        refreshStatus();
      } while (again && !abort.signal.aborted);
    } catch (error) {
      // A count still running when the controller stops meets a closed database: nothing left to show.
      if (!abort.signal.aborted) throw error;
    } finally {
      refreshing = false;
    }
  };
  subs.add(
    merge(...VAN_COLLECTIONS.map((n) => db[n].$), db.scanAcks.$, db.syncQuarantine.$, db.syncHeldBack.$, pushed$)
      // Counting walks an index; at most once a second while a trip's worth of documents streams out.
      .pipe(throttleTime(1000, undefined, { leading: true, trailing: true }))
      .subscribe(() => void recount()),
  );
  void recount();
  // A quarantined document accepted (or a held one recorded against a blocker just removed) frees documents.
  subs.add(merge(db.syncQuarantine.$, db.syncHeldBack.$).subscribe(() => void releaseHeld()));
  void releaseHeld();

  const report = async () => {
    // Through the [deviceId, seq] index upwards: a descending sort would read every event of the device.
    const head = await chainHead(db, opts.deviceId);
    await recount();
    const chain = await client.report({
      chainHeadSeq: head?.seq ?? 0,
      chainHeadHash: head?.hash ?? null,
      pendingDocuments: state.value.pendingDocuments,
      pendingScans: state.value.pendingScans,
      quarantined: state.value.quarantined.length,
    });
    patch({ chain });
  };

  return {
    state$: state.asObservable(),
    state: () => state.value,
    async awaitInSync() {
      await Promise.all(replications.map((r) => r.awaitInSync()));
      await receiving;
      await releaseHeld();
      await recount();
      refreshStatus();
    },
    async refreshUnitSnapshots(tripIds) {
      const answer = await client.refreshUnitSnapshots(tripIds);
      const units = replications[SYNC_COLLECTIONS.indexOf('units')];
      if (units && answer.trips.some((t) => t.refreshed > 0)) {
        units.reSync();
        await units.awaitInSync();
      }
      return answer;
    },
    async awaitOfficeData() {
      // The trip ledger carries office data too: this device's run of receipt numbers.
      const manifest: readonly string[] = [...OFFICE_COLLECTIONS, 'tripLedger'];
      await Promise.all(replications.filter((_, i) => manifest.includes(SYNC_COLLECTIONS[i] ?? '')).map((r) => r.awaitInitialReplication()));
    },
    async retryQuarantined() {
      const entries = await db.syncQuarantine.find().exec();
      let taken = 0;
      // In write order (case header, events by seq, receipts, scans) so a case's documents arrive in order;
      // one still refused keeps its case's later quarantined documents back too.
      for (const name of RELEASE_ORDER) {
        const rows = await rowsInOrder(db, name, entries);
        for (const row of rows) {
          const entry = entries.find((e) => e.sourceCollection === name && e.docId === row.newDocumentState.id);
          if (!entry) continue;
          if (blockerOf(name, row.newDocumentState, await loadBlockers(db))) continue;
          try {
            await client.push(name, [{ newDocumentState: row.newDocumentState }]);
            await entry.remove();
            taken++;
          } catch (error) {
            if (!(error instanceof OfficeHttpError) || !error.isRefusal) throw error;
          }
        }
      }
      await releaseHeld();
      await recount();
      return taken;
    },
    report,
    async requestReceiptNumbers(tripId) {
      try {
        await client.grantReceipts(tripId);
        succeeded();
        return null;
      } catch (error) {
        if (!(error instanceof OfficeHttpError) || !error.isRefusal) failed(error);
        return syncErrorOf(error);
      }
    },
    async stop() {
      stopped = true;
      abort.abort();
      subs.unsubscribe();
      await Promise.all(replications.map((r) => r.cancel()));
      refreshStatus();
      state.complete();
    },
  };
}

/** The failure as the screens explain it: unreachable, the office answering with a server error, or a refusal. */
function syncErrorOf(error: unknown): SyncError {
  const at = new Date().toISOString();
  if (!(error instanceof OfficeHttpError)) return { code: 'unreachable', status: null, officeMessage: null, at };
  if (error.body?.code === 'device-revoked') return { code: 'device-revoked', status: error.status, officeMessage: error.body.message, at };
  if (error.body?.code === 'device-wipe-ordered') return { code: 'device-wipe-ordered', status: error.status, officeMessage: error.body.message, at };
  return { code: error.status >= 500 ? 'office-unavailable' : 'office-refused', status: error.status, officeMessage: error.officeMessage, at };
}

/**
 * The office's own ledger entries (receipt grants) are never sent back, even when RxDB sees them as changed
 * (a local schema migration rewrites every row): the office would refuse them as not the van's to write.
 */
function isVanAuthored(collection: SyncCollection, row: PushRow): boolean {
  if (collection !== 'tripLedger') return true;
  const kind = (row.newDocumentState as { kind?: unknown }).kind;
  return !(typeof kind === 'string' && kind in LEDGER_AUTHOR && LEDGER_AUTHOR[kind as keyof typeof LEDGER_AUTHOR] === 'office');
}
