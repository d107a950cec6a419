/**
 * The wipe of a lost or stolen van laptop, ordered at the office (`device-wipe-ordered`). Replication has
 * stopped: the office gives this device nothing more. Before anything is destroyed, every document the
 * office has not accepted is pushed and every scan file uploaded, and the office is told what is left; it
 * answers "erase" only when nothing is left or when it abandoned the rest. Then the local store (with the
 * key slots) goes first and the main side's data (scans, notices, config with the token) after it, and the
 * office hears when. A crash in between starts the wipe again at the next start: a store already removed
 * is empty and unlocked, so it reports nothing left and erases the rest.
 */
import { BehaviorSubject, type Observable } from 'rxjs';
import { type WipeReadyRequest } from '#protocol/messages.ts';
import { type VanDatabase } from './database.ts';
import { hasDataKey } from './keyring.ts';
import { type OfficeClient } from './office-client.ts';
import { drainOutbox } from './outbox.ts';
import { countPending } from './pending.ts';
import { type SyncController } from './sync-controller.ts';

export type WipePhase = 'waiting-login' | 'pushing' | 'waiting-office' | 'erasing' | 'erased';

export type WipeProgress = {
  phase: WipePhase;
  /** What the van last told the office it still holds unsynced (null before the first count). */
  left: WipeReadyRequest | null;
  abandoned: boolean;
  erasedAt: string | null;
  /** The last failure to reach the office, in its own words when it sent any; the wipe retries. */
  error: string | null;
};

export type RemoteWipeOptions = {
  client: OfficeClient;
  /** This device: the outbox sends only its own documents. */
  deviceId: string;
  /** Whether the data key is open (a staff member logged in since the start): documents can be read. */
  keyOpen: () => boolean;
  /** Erases the main side's data: scans, archived notices and receipt copies, the config with the token. */
  eraseDevice: () => Promise<void>;
  /** Pause between rounds while the office waits for uploads or for a decision. */
  retryMs?: number;
  pushBatchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: WipeProgress) => void;
  now?: () => Date;
};

/** Runs the wipe to its end (resolves with the erased state) or until `signal` aborts (rejects). */
export async function runRemoteWipe(db: VanDatabase, opts: RemoteWipeOptions): Promise<WipeProgress> {
  let progress: WipeProgress = { phase: 'pushing', left: null, abandoned: false, erasedAt: null, error: null };
  const tell = (p: Partial<WipeProgress>) => {
    progress = { ...progress, ...p };
    opts.onProgress?.(progress);
  };
  for (;;) {
    opts.signal?.throwIfAborted();
    try {
      const readable = opts.keyOpen() || !(await hasDataKey(db));
      tell({ phase: readable ? 'pushing' : 'waiting-login' });
      if (readable) await drainOutbox(db, opts.client, opts.deviceId, opts.pushBatchSize ?? 100, () => undefined);
      const left = readable ? await unsynced(db, opts.client) : { pendingDocuments: 0, quarantined: 0, unverifiedScans: 0, locked: true };
      const answer = await opts.client.wipeReady(left);
      tell({ left, abandoned: answer.abandoned, error: null, phase: answer.erase ? 'erasing' : readable ? 'waiting-office' : 'waiting-login' });
      if (answer.erase) break;
    } catch (error) {
      tell({ error: error instanceof Error ? error.message : String(error) });
    }
    await sleep(opts.retryMs ?? 5000, opts.signal);
  }
  const erasedAt = (opts.now?.() ?? new Date()).toISOString();
  await db.remove();
  await opts.eraseDevice();
  tell({ phase: 'erased', erasedAt });
  // The token lives on only in memory now: a few tries to tell the office, then the screen says it anyway.
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await opts.client.wipeDone(erasedAt);
      tell({ error: null });
      break;
    } catch (error) {
      tell({ error: error instanceof Error ? error.message : String(error) });
      await sleep(opts.retryMs ?? 5000, opts.signal);
    }
  }
  return progress;
}

/**
 * Starts the wipe the first time the office answers `device-wipe-ordered`: replication stops (the office gives
 * nothing more) and `runRemoteWipe` takes over. The progress is null until then.
 */
export function wipeOnOrder(db: VanDatabase, sync: SyncController, opts: Omit<RemoteWipeOptions, 'onProgress' | 'deviceId'>): Observable<WipeProgress | null> {
  const progress = new BehaviorSubject<WipeProgress | null>(null);
  let started = false;
  const sub = sync.state$.subscribe((s) => {
    if (started || s.status !== 'wipe-ordered') return;
    started = true;
    progress.next({ phase: 'pushing', left: null, abandoned: false, erasedAt: null, error: null });
    queueMicrotask(() => sub.unsubscribe());
    void sync
      .stop()
      .then(() => runRemoteWipe(db, { ...opts, deviceId: sync.deviceId, onProgress: (p) => progress.next(p) }))
      .catch((error: unknown) => progress.next({ ...(progress.value ?? { phase: 'pushing', left: null, abandoned: false, erasedAt: null }), error: String(error) }));
  });
  return progress.asObservable();
}

/** What is still not at the office: documents not accepted, documents it refused, scan files it does not hold verified. */
async function unsynced(db: VanDatabase, client: OfficeClient): Promise<WipeReadyRequest> {
  const { pendingDocuments } = await countPending(db);
  const quarantined = await db.syncQuarantine.count().exec();
  const acked = new Set((await db.scanAcks.find().exec()).map((a) => a.sha256));
  const hashes = [...new Set((await db.scans.find().exec()).map((s) => s.sha256))].filter((h) => !acked.has(h));
  let unverifiedScans = 0;
  for (const sha256 of hashes) if (!(await client.scanState(sha256)).verified) unverifiedScans++;
  return { pendingDocuments, quarantined, unverifiedScans };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    }, { once: true });
  });
}
