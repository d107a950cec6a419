import { BehaviorSubject, type Observable, Subject, Subscription, merge, throttleTime } from 'rxjs';
import { type RxReplicationState, replicateRxCollection } from 'rxdb/plugins/replication';
import { OFFICE_COLLECTIONS, SYNC_COLLECTIONS, type SyncCollection, VAN_COLLECTIONS } from '#protocol/collections.ts';
import { type OfficeBundleManifest } from '#protocol/bundles.ts';
import { acceptAnswered, pullAnswerPage } from './answer-bundle.ts';
import { type ChainStatus, type Checkpoint, type SnapshotRefreshResponse } from '#protocol/messages.ts';
import { coalesced, turns } from '#domain/one-at-a-time.ts';
import { Backoff } from './backoff.ts';
import { type VanDatabase } from './database.ts';
import { OfficeHttpError, OfficeClient, type FetchLike } from './office-client.ts';
import { type RetryAnswer, drainOutbox, retryQuarantine } from './outbox.ts';
import { openResyncStream } from './sse.ts';
import { HELD_BACK, countPending } from './pending.ts';
import { chainHead } from './case-events.ts';
import { type QuarantineEntry } from './schemas/sync-quarantine.ts';
import { type Link, type SyncError, type SyncStatus, syncStatusOf } from './sync-status.ts';

export { type SyncError, type SyncStatus } from './sync-status.ts';
export { type RetryAnswer } from './outbox.ts';

/** A document the office keeps refusing, set aside with the office's reason; the rest keeps flowing. */
export type QuarantinedDocument = { id: string; collection: string; docId: string; code: string; reason: string; at: string };

/** A document the office held back because it refused an earlier document of its case; `reason` names that one. */
export type HeldBackDocument = { id: string; collection: string; docId: string; reason: string };

/** What the sync status bar shows (never a false "synced"). */
export type SyncState = {
  status: SyncStatus;
  /** Van documents written locally and not yet accepted by the office (refused ones excluded, held-back ones included). */
  pendingDocuments: number;
  /** Scans whose file the office has not verified yet. */
  pendingScans: number;
  pulledDocuments: number;
  pushedDocuments: number;
  lastSuccessAt: string | null;
  /** Why the office could not be reached or refused the device; cleared by the next exchange that works. */
  lastError: SyncError | null;
  /** Documents the office refused for their own sake. */
  quarantined: QuarantinedDocument[];
  /** Pending documents the office held back behind a refused document of their case. */
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
  /** The device whose documents this sync sends. */
  readonly deviceId: string;
  readonly state$: Observable<SyncState>;
  state(): SyncState;
  /** Resolves once every collection has caught up with the office and pushed everything pending. */
  awaitInSync(): Promise<void>;
  /** Resolves once the trip manifest (trips, appointments, units, fee rules, staff, scan acks, receipt numbers) is pulled. */
  awaitOfficeData(): Promise<void>;
  /**
   * Pushes the set-aside documents again in write order (after the office fixed the cause), a refused receipt as
   * its 收费 event, the held-back ones after the document that held them; answers what the office said of each, or
   * why it could not be asked.
   */
  retryQuarantined(): Promise<RetryOutcome>;
  /**
   * Tries the office again now, not after the backoff's delay (up to `retryMaxMs`): every wait ends, the change
   * streams reconnect, every collection pulls and the outbox sends. For staff who know the link is back.
   */
  retryNow(): void;
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
  /**
   * Takes in the office's answer bundle (USB, no link): its pages as a pull from this device's checkpoints, its
   * answers to the van's documents as the outbox takes a live push's answers. Taking one twice changes nothing.
   */
  takeAnswer(answer: OfficeBundleManifest): Promise<AnswerTaken>;
  stop(): Promise<void>;
};

/** What the office answered to the refused records sent again (`answers`: one per record sent), or why it could not be asked. */
export type RetryOutcome = { ok: true; answers: RetryAnswer[] } | { ok: false; error: SyncError };

/** What an answer bundle brought: office documents pulled, van documents the office holds, and refused ones. */
export type AnswerTaken = { pulled: number; accepted: number; refused: number };

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

  const batchSize = opts.pushBatchSize ?? 100;
  // What moves the outbox mark or the quarantine (a drain round, a retry, an answer bundle) runs one at a time:
  // a drain's answer and a retry's would otherwise set aside and take out the same document in either order.
  const serial = turns();
  const answered = (n: number) => {
    patch({ pushedDocuments: state.value.pushedDocuments + n });
    pushed$.next();
  };

  // One send at a time (outbox.ts); a write meanwhile asks for one more round afterwards. A failed round
  // is tried again after the backoff; `drain` resolves true once a round found nothing left to send.
  // The first count is shown before the first answer (or failure) of the office.
  let firstCount: Promise<void> = Promise.resolve();
  const drain = coalesced(async (): Promise<boolean> => {
    if (abort.signal.aborted) return false;
    activeFlags.set('outbox', true);
    try {
      await firstCount;
      await gate();
      await serial(() => drainOutbox(db, client, opts.deviceId, batchSize, answered, abort.signal));
      succeeded();
      pushed$.next();
      return true;
    } catch (error) {
      if (abort.signal.aborted) return false;
      failed(error);
      setTimeout(() => void drain(), 0);
      return false;
    } finally {
      activeFlags.set('outbox', false);
      refreshStatus();
    }
  });
  const drained = async () => {
    while (!abort.signal.aborted && !(await drain()));
  };

  const streams = new Map<string, Observable<'RESYNC'> | undefined>();
  const streamBackoffs: Backoff[] = [];
  // The office URL is part of the identifier: pointing the van at another office starts fresh checkpoints.
  const identifierOf = (name: string) => `office:${opts.officeUrl}:${name}`;
  const replicate = (name: SyncCollection): RxReplicationState<unknown, Checkpoint> => {
    const replication = replicateRxCollection<unknown, Checkpoint>({
      replicationIdentifier: identifierOf(name),
      collection: db[name] as never,
      live: true,
      retryTime: 250,
      waitForLeadership: true,
      autoStart: true,
      pull: {
        batchSize: opts.pullBatchSize ?? 200,
        stream$: streams.get(name),
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
    });
    subs.add(
      replication.active$.subscribe((active) => {
        activeFlags.set(name, active);
        refreshStatus();
      }),
    );
    return replication;
  };
  const replications: RxReplicationState<unknown, Checkpoint>[] = [];
  for (const name of SYNC_COLLECTIONS) {
    // A change stream that opens is the office answering; one that cannot open (or drops) is the office gone,
    // even when the van has nothing to send and so makes no other request.
    const onLink = (up: boolean, error?: unknown) => (up ? succeeded() : link !== 'refused' && link !== 'revoked' && link !== 'wipe-ordered' && failed(error));
    const streamBackoff = new Backoff(opts.retryBaseMs ?? 1000, opts.retryMaxMs ?? 60_000);
    streamBackoffs.push(streamBackoff);
    streams.set(name, opts.live === false ? undefined : openResyncStream(client, name, streamBackoff, abort.signal, onLink));
    replications.push(replicate(name));
  }

  // One answer bundle at a time; each collection's live replication rests while its page goes in (answer-bundle.ts).
  const takingTurn = turns();
  const takeAnswer = async (answer: OfficeBundleManifest): Promise<AnswerTaken> => {
    let pulled = 0;
    for (const page of answer.pages) {
      const i = SYNC_COLLECTIONS.indexOf(page.collection);
      await replications[i]?.cancel();
      activeFlags.set(page.collection, false);
      try {
        pulled += await pullAnswerPage(db[page.collection] as never, identifierOf(page.collection), page, opts.deviceId, opts.pullBatchSize ?? 200);
      } finally {
        if (!abort.signal.aborted) replications[i] = replicate(page.collection);
      }
    }
    if (pulled > 0) patch({ pulledDocuments: state.value.pulledDocuments + pulled });
    const answered = await serial(() => acceptAnswered(db, opts.deviceId, answer, batchSize));
    pushed$.next();
    await recount();
    return { pulled, ...answered };
  };

  // A change that arrives while a count runs asks for one more count afterwards; dropping it would leave
  // the screen showing documents as pending that the office already has.
  const recount = coalesced(async () => {
    // A count asked for while one ran is not run once the controller stopped (its database may be closing).
    if (abort.signal.aborted) return;
    try {
      const counts = await countPending(db);
      const aside = (await db.syncQuarantine.find().exec()).map((d) => d.toJSON() as QuarantineEntry);
      const quarantined = aside.filter((e) => e.code !== HELD_BACK).map((e): QuarantinedDocument => ({ id: e.id, collection: e.sourceCollection, docId: e.docId, code: e.code, reason: e.reason, at: e.at }));
      const held = aside.filter((e) => e.code === HELD_BACK).map((e): HeldBackDocument => ({ id: e.id, collection: e.sourceCollection, docId: e.docId, reason: e.reason }));
      patch({ ...counts, quarantined, heldBack: held });
      refreshStatus();
    } catch (error) {
      // A count still running when the controller stops meets a closed database: nothing left to show.
      if (!abort.signal.aborted) throw error;
    }
  });
  subs.add(
    merge(...VAN_COLLECTIONS.map((n) => db[n].$), db.scanAcks.$, db.syncQuarantine.$, pushed$)
      // Counting walks an index; at most once a second while a trip's worth of documents streams out.
      .pipe(throttleTime(1000, undefined, { leading: true, trailing: true }))
      .subscribe(() => void recount()),
  );
  firstCount = recount().catch(() => undefined);
  // A local write goes out at once; a pulled document is passed over by the same round.
  subs.add(merge(...VAN_COLLECTIONS.map((n) => db[n].$)).subscribe(() => void drain()));
  void drain();

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
    deviceId: opts.deviceId,
    state$: state.asObservable(),
    state: () => state.value,
    async awaitInSync() {
      await Promise.all(replications.map((r) => r.awaitInSync()));
      await drained();
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
      let answers: RetryAnswer[];
      try {
        answers = await serial(() => retryQuarantine(db, client, batchSize));
        succeeded();
      } catch (error) {
        failed(error);
        await recount();
        return { ok: false, error: syncErrorOf(error) };
      }
      if (answers.some((a) => a.taken)) await drained();
      await recount();
      return { ok: true, answers };
    },
    retryNow() {
      if (abort.signal.aborted) return;
      backoff.wake();
      for (const b of streamBackoffs) b.wake();
      // A pull that failed waits in its handler's gate (woken above) or for RxDB's own retry; reSync asks at once.
      for (const r of replications) r.reSync();
      void drain();
    },
    report,
    takeAnswer: (answer) => takingTurn(() => takeAnswer(answer)),
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

/** A refusal of the device as a whole (not of a document): not enrolled, revoked, too old a protocol, forbidden. */
function isDeviceRefusal(error: OfficeHttpError): boolean {
  return error.status === 401 || error.status === 426 || (error.status === 403 && error.body?.code !== 'rejected');
}
