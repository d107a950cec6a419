import { createServer, connect, type Server, type Socket } from 'node:net';

export type ProxyHooks = {
  /**
   * Called for each chunk the client sends; return 'cut' to drop both sides of the connection now, or
   * 'stall' to go silent: this chunk and everything after it is never forwarded (the connection stays
   * open, as a link that stopped moving), until the client or `close()` ends it.
   */
  onClientData?(chunk: Buffer, conn: ProxyConnection): 'pass' | 'cut' | 'stall';
  /** Called for each chunk the server sends back; return 'cut' to drop it and the connection. */
  onServerData?(chunk: Buffer, conn: ProxyConnection): 'pass' | 'cut';
};

export type ProxyConnection = { id: number; clientBytes: number; lastRequestLine: string };

/**
 * A TCP proxy on 127.0.0.1 for fault injection: it can follow a changing upstream port (a restarted
 * office), count bytes, cut connections mid-request and drop responses the server already sent.
 */
export class TcpProxy {
  private server: Server;
  private readonly sockets = new Set<Socket>();
  upstreamPort = 0;
  clientBytesTotal = 0;
  cuts = 0;
  private nextId = 0;

  constructor(private readonly hooks: ProxyHooks = {}) {
    this.server = createServer((client) => this.handle(client));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no port');
    return address.port;
  }

  get url(): string {
    const address = this.server.address();
    return typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  }

  /** Drops every open connection (as a dead link would). */
  cutAll(): void {
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(client: Socket): void {
    const conn: ProxyConnection = { id: ++this.nextId, clientBytes: 0, lastRequestLine: '' };
    const upstream = connect(this.upstreamPort, '127.0.0.1');
    this.sockets.add(client);
    this.sockets.add(upstream);
    let stalled = false;
    const cut = () => {
      this.cuts++;
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      const text = chunk.subarray(0, 64).toString('latin1');
      const m = /^(GET|POST|PATCH|HEAD|PUT|DELETE|OPTIONS) (\S+)/.exec(text);
      if (m) conn.lastRequestLine = `${m[1]} ${m[2]}`;
      if (stalled) return;
      const verdict = this.hooks.onClientData?.(chunk, conn);
      if (verdict === 'cut') return cut();
      if (verdict === 'stall') {
        stalled = true;
        client.pause();
        return;
      }
      conn.clientBytes += chunk.length;
      this.clientBytesTotal += chunk.length;
      // Backpressure, as a link has: bytes the server is not taking wait in the sender, not in the proxy's memory
      // (where a cut would drop megabytes no real network ever held in flight).
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once('drain', () => stalled || client.resume());
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (this.hooks.onServerData?.(chunk, conn) === 'cut') return cut();
      if (!client.write(chunk)) {
        upstream.pause();
        client.once('drain', () => upstream.resume());
      }
    });
    const end = () => {
      this.sockets.delete(client);
      this.sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  }
}
