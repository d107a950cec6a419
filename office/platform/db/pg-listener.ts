import pg from 'pg';
import { createLogger } from '#office/platform/logger.ts';
import { type Listener } from './db.ts';

const log = createLogger('pg-listen');
const RECONNECT_MS = [100, 250, 500, 1000, 2000, 5000];

/**
 * One connection per office server LISTENing for every channel its code listens on. When the
 * connection drops, notifications sent meanwhile are lost, so after reconnecting every listener is
 * called with `null` ("something may have changed"): the SSE streams send RESYNC and the vans pull.
 */
export class PgListener {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private readonly channels = new Map<string, Set<Listener>>();
  private closed = false;

  constructor(private readonly config: pg.ClientConfig) {}

  async listen(channel: string, fn: Listener): Promise<() => void> {
    const client = await this.connect();
    let set = this.channels.get(channel);
    if (!set) {
      set = new Set();
      this.channels.set(channel, set);
      await client.query(`LISTEN "${channel}"`); // the name was checked by sqlId
    }
    set.add(fn);
    return () => void set.delete(fn);
  }

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<pg.Client> {
    const client = new pg.Client(this.config);
    client.on('notification', (n) => {
      for (const fn of this.channels.get(n.channel) ?? []) fn(n.payload ?? '');
    });
    client.on('error', (error) => {
      log.warn({ err: error }, 'listening connection failed; reconnecting');
      this.dropped(client);
    });
    client.on('end', () => this.dropped(client));
    await client.connect();
    for (const channel of this.channels.keys()) await client.query(`LISTEN "${channel}"`);
    this.client = client;
    return client;
  }

  private dropped(client: pg.Client): void {
    if (this.client !== client || this.closed) return;
    this.client = undefined;
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    for (let attempt = 0; !this.closed; attempt++) {
      const delay = RECONNECT_MS[Math.min(attempt, RECONNECT_MS.length - 1)] ?? 5000;
      await new Promise((r) => setTimeout(r, delay).unref());
      if (this.closed) return;
      try {
        await this.connect();
        break;
      } catch (error) {
        log.warn({ err: error }, 'reconnecting the listening connection failed');
      }
    }
    if (this.closed) return;
    for (const set of this.channels.values()) for (const fn of set) fn(null);
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
