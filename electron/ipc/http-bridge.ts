/**
 * Browser mode's transport: the host router (electron/host/router.ts) on node:http, 127.0.0.1 only.
 * Besides what `app://` serves (the renderer, `/office/*`, `/office-mux`), it carries `window.van`
 * (`/ipc/*`), which Electron carries over its own IPC. A call is trusted when it carries this
 * launch's token (`x-van-token`), names our own host (no DNS rebinding) and, when the browser sends
 * an Origin, comes from our own origin.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type ReadableStream as NodeReadableStream } from 'node:stream/web';
import { type Handlers, type Logger } from './handle.ts';
import { createHostRouter, type HostRouter } from '#electron/host/router.ts';
import { type ScanFileAccess } from '#electron/host/scan-files.ts';
import { type EventBus } from '#electron/services/context.ts';

export type BridgeOptions = {
  /** The built renderer (dist/renderer). */
  root: string;
  handlers: Handlers;
  events: EventBus;
  token: string;
  /** Where `/office/*` goes; null when the office is not known (then 502 with a reason). */
  officeUrl: string | null;
  /** Scan files in and out by id (`/scans/*`). */
  scanFiles?: ScanFileAccess | null;
  log?: Logger;
};

export type RunningBridge = {
  url: string;
  port: number;
  /** The page URL with a fresh one-time launch code (`#launch=`), for a command line that others may read. */
  launchUrl(): string;
  close(): Promise<void>;
};

const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

/** node:http's request as a Fetch Request; aborted when the browser goes away before the answer is done. */
function toRequest(req: IncomingMessage, res: ServerResponse): Request {
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  // The Host header names the URL's origin, so the router's origin check sees a forged Host.
  return new Request(`http://${req.headers.host ?? ''}${req.url ?? '/'}`, {
    method,
    headers,
    signal: abort.signal,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  });
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  res.writeHead(response.status, response.statusText, headers);
  if (!response.body) {
    res.end();
    return;
  }
  // A page that goes away mid-stream (a closed event stream) ends the pipeline: not an error.
  await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res).catch(() => undefined);
}

const refuse = (res: ServerResponse, status: number, body: string) => {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
};

export async function startHttpBridge(opts: BridgeOptions, listen: { port: number }): Promise<RunningBridge> {
  let router: HostRouter | null = null;
  const server = createServer((req, res) => {
    if (!router) return refuse(res, 503, 'starting');
    let request: Request;
    try {
      request = toRequest(req, res);
    } catch {
      return refuse(res, 400, 'bad request');
    }
    router
      .handle(request)
      .then((response) => writeResponse(res, response))
      .catch((error: unknown) => {
        opts.log?.error({ err: String(error) }, 'bridge request failed');
        if (!res.headersSent) refuse(res, 500, 'internal error');
        else res.destroy();
      });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    // Loopback only: the bridge carries device and document access and must never face a network.
    server.listen(listen.port, '127.0.0.1', () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  const hostRouter = createHostRouter({
    root: opts.root,
    origins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
    officeUrl: opts.officeUrl,
    scanFiles: opts.scanFiles ?? null,
    ipc: { handlers: opts.handlers, events: opts.events, token: opts.token, ...(opts.log ? { log: opts.log } : {}) },
    ...(opts.log ? { log: opts.log } : {}),
  });
  router = hostRouter;

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    launchUrl: () => `http://127.0.0.1:${port}/#launch=${hostRouter.issueLaunchCode() ?? ''}`,
    async close() {
      hostRouter.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
