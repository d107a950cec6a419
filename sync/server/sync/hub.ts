import { randomUUID } from 'node:crypto';
import { type Db } from '#office/platform/db/db.ts';
import { createLogger } from '#office/platform/logger.ts';
import { isSyncCollection, type SyncCollection } from '#protocol/collections.ts';

/** Who should hear about a write: every device (`null`), a set of vans, or one owner device. */
export type Audience = { vanIds: readonly string[] | null; ownerDevice: string | null };

type Listener = { collection: SyncCollection; deviceId: string; vanId: string; send(): void; close(): void };

/** What one office server tells the others (PostgreSQL NOTIFY on `CHANNEL`); `o` is the server that sent it. */
type Relayed = { o: string; c: SyncCollection; v: readonly string[] | null; d: string | null } | { o: string; x: string };

const CHANNEL = 'office_changes';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; a larger audience is told as "everyone". */
const MAX_PAYLOAD = 7000;
const log = createLogger('change-hub');

/**
 * Fan-out of "something changed" to the open SSE streams. Streams carry only RESYNC (the van then pulls
 * from its checkpoint), which the RxDB docs endorse and which keeps per-device filtering in one place:
 * the pull query (docs/sync-protocol.md). With several office servers on one PostgreSQL database, each
 * write is also told to the other servers (LISTEN/NOTIFY, sent after the write committed), so a van's
 * stream on any server hears it; a lost listening connection wakes every stream (they pull and miss nothing).
 */
export class ChangeHub {
  private readonly listeners = new Set<Listener>();
  private readonly origin = randomUUID();
  private stopListening: (() => void) | undefined;

  /** `db`: the office database whose other servers hear this one's changes (PostgreSQL only; SQLite has one server). */
  constructor(private readonly db?: Db) {}

  /** Starts hearing the other servers' changes. */
  async start(): Promise<void> {
    if (this.db?.dialect !== 'postgres') return;
    this.stopListening = await this.db.listen(CHANNEL, (payload) => this.heard(payload));
  }

  stop(): void {
    this.stopListening?.();
    this.stopListening = undefined;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(collection: SyncCollection, audience: Audience): void {
    this.deliver(collection, audience);
    const message: Relayed = { o: this.origin, c: collection, v: audience.vanIds, d: audience.ownerDevice };
    const text = JSON.stringify(message);
    this.relay(text.length < MAX_PAYLOAD ? text : JSON.stringify({ ...message, v: null, d: null }));
  }

  /** Ends every open stream of a device, on every server (it was revoked: nothing more reaches it). */
  disconnect(deviceId: string): void {
    this.close(deviceId);
    this.relay(JSON.stringify({ o: this.origin, x: deviceId } satisfies Relayed));
  }

  get size(): number {
    return this.listeners.size;
  }

  private deliver(collection: SyncCollection, audience: Audience): void {
    for (const l of this.listeners) {
      if (l.collection !== collection) continue;
      const everyone = audience.vanIds === null && audience.ownerDevice === null;
      if (everyone || audience.ownerDevice === l.deviceId || (audience.vanIds ?? []).includes(l.vanId)) l.send();
    }
  }

  private close(deviceId: string): void {
    for (const l of [...this.listeners]) {
      if (l.deviceId !== deviceId) continue;
      this.listeners.delete(l);
      l.close();
    }
  }

  private relay(payload: string): void {
    const db = this.db;
    if (!this.stopListening || !db) return;
    // NOTIFY is sent at commit; the write it tells of committed before publish was called.
    db.transaction((tx) => Promise.resolve(tx.notify(CHANNEL, payload))).catch((error: unknown) => {
      // The other servers' vans then hear of it at their next reconnect or write; nothing is lost, only later.
      log.warn({ err: error }, 'change not relayed to the other office servers');
    });
  }

  private heard(payload: string | null): void {
    if (payload === null) {
      for (const l of this.listeners) l.send();
      return;
    }
    const message = parse(payload);
    if (!message || message.o === this.origin) return;
    if ('x' in message) this.close(message.x);
    else this.deliver(message.c, { vanIds: message.v, ownerDevice: message.d });
  }
}

function parse(payload: string): Relayed | undefined {
  try {
    const m = JSON.parse(payload) as Partial<{ o: unknown; c: unknown; v: unknown; d: unknown; x: unknown }>;
    if (typeof m.o !== 'string') return undefined;
    if (typeof m.x === 'string') return { o: m.o, x: m.x };
    if (typeof m.c !== 'string' || !isSyncCollection(m.c)) return undefined;
    const vans = Array.isArray(m.v) ? m.v.filter((v): v is string => typeof v === 'string') : null;
    return { o: m.o, c: m.c, v: vans, d: typeof m.d === 'string' ? m.d : null };
  } catch {
    return undefined;
  }
}
