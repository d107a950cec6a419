import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { type Server, type Socket, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A network link between two PostgreSQL servers that a test can cut: a unix socket in a folder of its own,
 * named as a server's socket (`.s.PGSQL.<port>`), passing every connection through to the real one. `cut()`
 * drops every open connection and refuses new ones, as a pulled cable would; `restore()` lets them through
 * again.
 */
export type SocketProxy = { dir: string; cut: () => Promise<void>; restore: () => Promise<void>; close: () => Promise<void> };

export async function startSocketProxy(target: string, port: number): Promise<SocketProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'pg-link-'));
  // The servers run as an unprivileged user: they must reach the folder and the socket.
  chmodSync(dir, 0o777);
  const path = join(dir, `.s.PGSQL.${port}`);
  const open = new Set<Socket>();
  let server: Server | null = null;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(target);
        for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
          open.add(a);
          a.on('close', () => open.delete(a));
          a.on('error', () => b.destroy());
          a.on('close', () => b.destroy());
          a.pipe(b);
        }
      });
      s.once('error', reject);
      s.listen(path, () => {
        chmodSync(path, 0o777);
        server = s;
        resolve();
      });
    });
  const cut = async () => {
    const s = server;
    server = null;
    // Stop listening first, then drop what is open: close() waits for every connection to end.
    const closed = s ? new Promise<void>((resolve) => s.close(() => resolve())) : Promise.resolve();
    for (const socket of open) socket.destroy();
    await closed;
  };
  await listen();
  return {
    dir,
    cut,
    restore: async () => {
      if (!server) await listen();
    },
    close: async () => {
      await cut();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
