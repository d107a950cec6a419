import { type VanApi } from '#electron/ipc/contract.ts';
import { type SyncController } from '#renderer/db/sync-controller.ts';

/** Documents and scans alike try the office now, not after their backoff (the link is back). */
export function retryNow(sync: Pick<SyncController, 'retryNow'>, van: Pick<VanApi, 'scansRetryNow'>): void {
  sync.retryNow();
  void van.scansRetryNow();
}
