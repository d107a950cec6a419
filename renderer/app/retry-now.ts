import { type VanApi } from '#electron/ipc/contract.ts';
import { type SyncController } from '#renderer/db/sync-controller.ts';

/** Documents and scans alike try the office now, not after their backoff (the link is back). */
export function retryNow(sync: Pick<SyncController, 'retryNow'>, van: Pick<VanApi, 'scansRetryNow'>): void {
  sync.retryNow();
  void van.scansRetryNow();
}

/**
 * Tries the office as soon as the laptop is back on a network (its `online` event: Wi-Fi in range again), not after
 * the backoff. `online` says only that a network is there, not that the office is reachable: a try that fails goes
 * back to the backoff's schedule. Returns what stops listening.
 */
export function retryWhenOnline(target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>, sync: Pick<SyncController, 'retryNow'>, van: Pick<VanApi, 'scansRetryNow'>): () => void {
  const listener = () => retryNow(sync, van);
  target.addEventListener('online', listener);
  return () => target.removeEventListener('online', listener);
}
