import { BehaviorSubject, type Observable, Subject, Subscription, merge, throttleTime } from 'rxjs';
import { type RxReplicationState, replicateRxCollection } from 'rxdb/plugins/replication';
import { OFFICE_COLLECTIONS, SYNC_COLLECTIONS, type SyncCollection, VAN_COLLECTIONS, isVanCollection } from '#protocol/collections.ts';
import { type ChainStatus, type Checkpoint, type PushRow, type Rejection, type WireDocument } from '#protocol/messages.ts';
import { Backoff } from './backoff.ts';
import { type VanDatabase } from './database.ts';
import { OfficeHttpError, OfficeClient, type FetchLike } from './office-client.ts';
import { pushSettingAside, isDeviceRefusal } from './push-quarantine.ts';
import { openResyncStream } from './sse.ts';
import { countPending, markPushed } from './pending.ts';
import { type QuarantineEntry } from './schemas/sync-quarantine.ts';

/** A document the office keeps refusing, set aside with the office's reason; the rest keeps flowing. */
export type QuarantinedDocument = { id: string; collection: string; docId: string; code: string; reason: string; at: string };

export type SyncStatus = 'stopped' | 'connecting' | 'syncing' | 'in-sync' | 'offline' | 'refused';

/** What the sync status bar shows (domain.md §2.6 lesson 6: no false "synced"). */
export type SyncState = {
  status: SyncStatus;
  /** Van documents written locally and not yet accepted by the office (quarantined ones excluded). */
  pendingDocuments: number;
  /** Scans whose file the office has not verified yet. */
  pendingScans: number;
  pulledDocuments: number;
  pushedDocuments: number;
  lastSuccessAt: string | null;
  lastError: { code: string; message: string; at: string } | null;
  quarantined: QuarantinedDocument[];
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
  /** Resolves once the trip manifest (trips, appointments, units, fee rules, staff, scan acks) is pulled. */
  awaitOfficeData(): Promise<void>;
  /** Pushes the quarantined documents again (after the office fixed the cause); returns how many it took. */
  retryQuarantined(): Promise<number>;
  /** Sends the device report (chain head, pending counts) and refreshes `state.chain`. */
  report(): Promise<void>;
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
  const refreshStatus = () => {
    if (state.value.status === 'stopped' || backoff.attempts > 0) return; // offline/refused stays until a success
    const active = [...activeFlags.values()].some(Boolean);
    const status: SyncStatus = active ? 'syncing' : 'in-sync';
    if (state.value.status !== status) patch({ status });
  };
  const succeeded = () => {
    backoff.reset();
    patch({ lastSuccessAt: new Date().toISOString() });
    refreshStatus();
  };
  const failed = (error: unknown) => {
    backoff.fail();
    const refused = error instanceof OfficeHttpError && isDeviceRefusal(error);
    const code = error instanceof OfficeHttpError ? (error.body?.code ?? `http-${error.status}`) : 'unreachable';
    const message = error instanceof Error ? error.message : String(error);
    patch({ status: refused ? 'refused' : 'offline', lastError: { code, message, at: new Date().toISOString() } });
  };
  /** Waits out the backoff before an attempt that follows a failure. */
  const gate = async () => {
    if (backoff.attempts > 0) await backoff.sleep(abort.signal);
  };

  const setAside = (collection: SyncCollection) => async (rejections: readonly Rejection[]) => {
    const at = new Date().toISOString();
    await db.syncQuarantine.bulkUpsert(
      rejections.map((r) => ({ id: `${collection}:${r.id}`, sourceCollection: collection, docId: r.id, code: r.code, reason: r.reason, at })),
    );
  };

  const replications: RxReplicationState<unknown, Checkpoint>[] = [];
  for (const name of SYNC_COLLECTIONS) {
    const collection = db[name];
    const stream$ = opts.live === false ? undefined : openResyncStream(client, name, new Backoff(opts.retryBaseMs ?? 1000, opts.retryMaxMs ?? 60_000), abort.signal);
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
                await pushSettingAside(client, name, wire, setAside(name));
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
        patch({ ...counts, quarantined });
      } while (again && !abort.signal.aborted);
    } finally {
      refreshing = false;
    }
  };
  subs.add(
    merge(...VAN_COLLECTIONS.map((n) => db[n].$), db.scanAcks.$, db.syncQuarantine.$, pushed$)
      // Counting walks an index; at most once a second while a trip's worth of documents streams out.
      .pipe(throttleTime(1000, undefined, { leading: true, trailing: true }))
      .subscribe(() => void recount()),
  );
  void recount();

  const report = async () => {
    const head = await db.caseEvents
      .findOne({ selector: { deviceId: opts.deviceId }, sort: [{ deviceId: 'desc' }, { seq: 'desc' }] })
      .exec();
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
      await recount();
      refreshStatus();
    },
    async awaitOfficeData() {
      await Promise.all(replications.filter((_, i) => (OFFICE_COLLECTIONS as readonly string[]).includes(SYNC_COLLECTIONS[i] ?? '')).map((r) => r.awaitInitialReplication()));
    },
    async retryQuarantined() {
      const entries = await db.syncQuarantine.find().exec();
      let taken = 0;
      for (const entry of entries) {
        const name = entry.sourceCollection as SyncCollection;
        if (!isVanCollection(name)) continue;
        const doc = await db[name].findOne(entry.docId).exec();
        if (!doc) continue;
        const newDocumentState = { ...(doc.toJSON() as Record<string, unknown>), _deleted: false } as WireDocument;
        try {
          await client.push(name, [{ newDocumentState }]);
          await entry.remove();
          taken++;
        } catch (error) {
          if (!(error instanceof OfficeHttpError) || !error.isRefusal) throw error;
        }
      }
      await recount();
      return taken;
    },
    report,
    async stop() {
      abort.abort();
      subs.unsubscribe();
      await Promise.all(replications.map((r) => r.cancel()));
      patch({ status: 'stopped' });
      state.complete();
    },
  };
}
