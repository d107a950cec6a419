/**
 * One page at a time holds the van's store. The van app opens one window, but the store could still be opened
 * twice: a second browser tab on the van's address during development or a training day, a window reopened
 * while the first is closing. Two pages writing one IndexedDB store would each follow only their own writes, so
 * the outbox could pass a document the other page is still storing (docs/sync-protocol.md, "Writes that land
 * while the outbox reads"). A Web Locks lock, held for the page's lifetime, keeps the store to one page; a second
 * page waits for it and carries on by itself once the first closes
 * (https://w3c.github.io/web-locks/#api-lock-manager-request).
 */
export type StoreLocks = Pick<LockManager, 'request'>;

/**
 * Resolves once this page holds the store named `name`, and holds it until the page goes. `onWaiting` is called
 * once when another page holds it, before waiting.
 */
export function holdStore(name: string, onWaiting: () => void, locks: StoreLocks | undefined = globalThis.navigator?.locks): Promise<void> {
  // Web Locks exist only in a secure context (app://, or the host on 127.0.0.1); elsewhere the page opens the
  // store unguarded rather than not at all.
  if (!locks) return Promise.resolve();
  const key = `van-store:${name}`;
  return new Promise<void>((resolve, reject) => {
    // The lock stays held while the callback's promise is pending, which it is for the page's lifetime.
    const hold = () => {
      resolve();
      return new Promise<never>(() => {});
    };
    locks
      .request(key, { ifAvailable: true }, (lock) => {
        if (lock) return hold();
        onWaiting();
        locks.request(key, hold).catch(reject);
        return undefined;
      })
      .catch(reject);
  });
}
