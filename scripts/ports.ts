/**
 * The loopback ports `npm start` and `npm run start:browser` listen on, checked before the slow steps (building
 * the app) so a second start, or another program on the port, is told at once in words staff can act on, rather
 * than with a Node stack trace after a minute's build.
 */
import { createServer } from 'node:net';

export type PortUse = { port: number; flag: '--office-port' | '--port'; what: string };

/** Whether an error is a listen refused because the address is taken. */
export function isAddressInUse(error: unknown): error is NodeJS.ErrnoException & { port?: number } {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE';
}

/** Whether `port` on 127.0.0.1 can be listened on now (0, any free port, always can). */
function portFree(port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error) => (isAddressInUse(error) ? resolve(false) : reject(error)));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The first of `uses` whose port is taken, or null when all are free. */
export async function firstBusyPort(uses: readonly PortUse[]): Promise<PortUse | null> {
  for (const use of uses) if (!(await portFree(use.port))) return use;
  return null;
}

/** What to tell whoever ran the command when a port is taken (Chinese first, then English, as the other messages of `npm start`). */
export function portInUseMessage(use: PortUse): string {
  return [
    `端口 ${use.port}（${use.what}）已被占用：可能已有一个便民服务直通车在运行，请先关闭它；或用 ${use.flag} 换一个端口。`,
    `Port ${use.port} (${use.what}) is already in use: another copy may be running (close it first), or choose another port with ${use.flag} N.`,
  ].join('\n');
}

/** The use a listen error names, by its port, among those the command asked for. */
export function useOfError(error: NodeJS.ErrnoException & { port?: number }, uses: readonly PortUse[]): PortUse {
  return uses.find((u) => u.port === error.port) ?? { port: error.port ?? 0, flag: '--port', what: '本机服务 / a local service' };
}
