/**
 * Browser mode's transport: `window.van` over HTTP on 127.0.0.1. The services behind it are the
 * same `Handlers` Electron registers on ipcMain; only the sender check differs. A call is trusted
 * when it carries this launch's token (`x-van-token`), names our own host (no DNS rebinding) and,
 * when the browser sends an Origin, comes from our own origin.
 *
 * Routes: POST /ipc/<channel> (JSON `{ request }` → IpcResult), GET /ipc/events?token= (server-sent
 * events), GET /office-mux (all office change streams on one connection), /office/* (proxied to the office server so the page stays same-origin), and the built
 * renderer for everything else. Written on node:http because it is three small routes and the
 * static part shares its path checks with the `app://` protocol.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse, createServer, request as httpRequest } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import { eventNames } from './contract.ts';
import { serveOfficeStreamMux } from './office-stream-mux.ts';
import { type Handlers, type Logger, dispatch } from './handle.ts';
import { CONTENT_SECURITY_POLICY, mimeOf, resolveAppRequest } from '#electron/windows/app-files.ts';
import { type EventBus } from '#electron/services/context.ts';

/** A scan import of 20 MB is ~27 MB of base64; leave room for the JSON around it. */
const MAX_BODY_BYTES = 30 * 1024 * 1024;

export type BridgeOptions = {
  /** The built renderer (dist/renderer). */
  root: string;
  handlers: Handlers;
  events: EventBus;
  token: string;
  /** Where `/office/*` goes; null when the office is not known (then 502 with a reason). */
  officeUrl: string | null;
  log?: Logger;
};

export type RunningBridge = { url: string; port: number; close(): Promise<void> };

const sameToken = (given: string | undefined | null, token: string): boolean => {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

const send = (res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8') => {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
};

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.byteLength;
    if (size > MAX_BODY_BYTES) return 'too-large';
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export async function startHttpBridge(opts: BridgeOptions, listen: { port: number }): Promise<RunningBridge> {
  const sseClients = new Set<ServerResponse>();
  let hostHeaders: string[] = [];
  let origins: string[] = [];

  const isOurHost = (req: IncomingMessage) => hostHeaders.includes(req.headers.host ?? '');
  const isOurOrigin = (req: IncomingMessage) => req.headers.origin === undefined || origins.includes(req.headers.origin);

  async function onIpc(req: IncomingMessage, res: ServerResponse, channel: string) {
    if (req.method !== 'POST') return send(res, 405, 'POST only');
    const trusted = isOurHost(req) && isOurOrigin(req) && sameToken(req.headers['x-van-token'] as string | undefined, opts.token);
    const body = await readBody(req);
    if (body === 'too-large') return send(res, 413, JSON.stringify({ ok: false, error: { code: 'invalid-request', message: '请求过大' } }), 'application/json');
    let payload: unknown;
    try {
      const parsed: unknown = body.byteLength === 0 ? {} : JSON.parse(body.toString('utf8'));
      payload = typeof parsed === 'object' && parsed !== null && 'request' in parsed ? parsed.request : undefined;
    } catch {
      return send(res, 400, JSON.stringify({ ok: false, error: { code: 'invalid-request', message: '请求不是有效的 JSON' } }), 'application/json');
    }
    const result = await dispatch(opts.handlers, channel, payload, { transport: 'http', isTrustedSender: trusted }, opts.log);
    const status = result.ok ? 200 : result.error.code === 'forbidden-sender' ? 403 : 200;
    send(res, status, JSON.stringify(result), 'application/json; charset=utf-8');
  }

  function onEvents(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (!isOurHost(req) || !isOurOrigin(req) || !sameToken(url.searchParams.get('token'), opts.token)) return send(res, 403, 'forbidden');
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    sseClients.add(res);
    req.on('close', () => sseClients.delete(res));
  }

  const unsubscribers = eventNames.map((event) =>
    opts.events.on(event, (payload) => {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const client of sseClients) client.write(frame);
    }),
  );

  function onOffice(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (!isOurHost(req) || !isOurOrigin(req)) return send(res, 403, 'forbidden');
    if (!opts.officeUrl) return send(res, 502, '未配置办公室服务器');
    const target = new URL(url.pathname.replace(/^\/office/, '') + url.search, opts.officeUrl);
    const headers = { ...req.headers, host: target.host };
    delete headers.origin;
    delete headers.referer;
    delete headers.cookie;
    const upstream = httpRequest(target, { method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (error) => {
      if (!res.headersSent) send(res, 502, `办公室服务器无法连接：${error.message}`);
      else res.destroy();
    });
    // The browser went away before the answer finished (an SSE stream closed): stop the upstream too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }

  async function onStatic(req: IncomingMessage, res: ServerResponse, url: URL) {
    const decision = resolveAppRequest(opts.root, { method: req.method ?? 'GET', url: url.href }, { protocol: url.protocol, host: url.host });
    if (!decision.ok) return send(res, decision.status, decision.reason);
    let size: number;
    try {
      const info = await stat(decision.file);
      if (!info.isFile()) return send(res, 404, 'not found');
      size = info.size;
    } catch {
      return send(res, 404, 'not found');
    }
    res.writeHead(200, {
      'content-type': mimeOf(decision.file),
      'content-length': size,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': decision.file.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(decision.file).pipe(res);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const route = async () => {
      if (url.pathname.startsWith('/ipc/events')) return onEvents(req, res, url);
      if (url.pathname.startsWith('/ipc/')) return onIpc(req, res, decodeURIComponent(url.pathname.slice('/ipc/'.length)));
      if (url.pathname === '/office-mux') {
        if (!isOurHost(req) || !isOurOrigin(req)) return send(res, 403, 'forbidden');
        if (!opts.officeUrl) return send(res, 502, '未配置办公室服务器');
        return serveOfficeStreamMux(req, res, opts.officeUrl);
      }
      if (url.pathname === '/office' || url.pathname.startsWith('/office/')) return onOffice(req, res, url);
      if (!isOurHost(req)) return send(res, 403, 'wrong host');
      return onStatic(req, res, url);
    };
    route().catch((error: unknown) => {
      opts.log?.error({ err: String(error) }, 'bridge request failed');
      if (!res.headersSent) send(res, 500, 'internal error');
      else res.destroy();
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    // Loopback only: the bridge carries device and document access and must never face a network.
    server.listen(listen.port, '127.0.0.1', () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  hostHeaders = [`127.0.0.1:${port}`, `localhost:${port}`];
  origins = hostHeaders.map((h) => `http://${h}`);

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    async close() {
      for (const off of unsubscribers) off();
      for (const client of sseClients) client.end();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
