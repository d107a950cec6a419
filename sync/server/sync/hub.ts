import { type SyncCollection } from '#protocol/collections.ts';

/** Who should hear about a write: every device (`null`), a set of vans, or one owner device. */
export type Audience = { vanIds: readonly string[] | null; ownerDevice: string | null };

type Listener = { collection: SyncCollection; deviceId: string; vanId: string; send(): void; close(): void };

/**
 * Fan-out of "something changed" to the open SSE streams. Streams carry only RESYNC (the van then pulls
 * from its checkpoint), which the RxDB docs endorse and which keeps per-device filtering in one place:
 * the pull query (docs/sync-protocol.md).
 */
export class ChangeHub {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(collection: SyncCollection, audience: Audience): void {
    for (const l of this.listeners) {
      if (l.collection !== collection) continue;
      const everyone = audience.vanIds === null && audience.ownerDevice === null;
      if (everyone || audience.ownerDevice === l.deviceId || (audience.vanIds ?? []).includes(l.vanId)) l.send();
    }
  }

  /** Ends every open stream of a device (it was revoked: nothing more reaches it). */
  disconnect(deviceId: string): void {
    for (const l of [...this.listeners]) {
      if (l.deviceId !== deviceId) continue;
      this.listeners.delete(l);
      l.close();
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
