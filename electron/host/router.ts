/**
 * The one router of the van's host, for both transports: Electron's `app://van` protocol handler
 * (electron/windows/app-protocol.ts) and the browser host on 127.0.0.1 (electron/ipc/http-bridge.ts)
 * hand it a Fetch `Request` and send back its `Response`. Routes:
 * - `/office/*`: forwarded to the office server (office-proxy.ts);
 * - `/office-mux`: all office change streams on one connection (office-stream-mux.ts);
 * - `/ipc/*`, `/ipc/events`: `window.van` over HTTP, browser transport only (ipc-routes.ts);
 * - `/scans/*`: scan files in and out by id, so IPC carries no file bytes (scan-files.ts);
 * - everything else: the built renderer (GET only, no traversal, `index.html` for app routes).
 * A request must name one of the transport's own origins, and a page that sends an Origin must be
 * on one of them too (no DNS rebinding, no other site driving the host).
 */
import { readFile } from 'node:fs/promises';
import { CONTENT_SECURITY_POLICY, mimeOf, resolveAppRequest } from '#electron/windows/app-files.ts';
import { type Logger } from '#electron/ipc/handle.ts';
import { createIpcRoutes, type IpcRoutesOptions } from './ipc-routes.ts';
import { type FetchOffice, forwardToOffice } from './office-proxy.ts';
import { serveOfficeStreamMux } from './office-stream-mux.ts';
import { type ScanFileAccess, serveScanFiles } from './scan-files.ts';

export type HostRouterOptions = {
  /** The built renderer (dist/renderer). */
  root: string;
  /** Origins the app is served at (`app://van`, or `http://127.0.0.1:<port>` and its `localhost` twin); the first is canonical. */
  origins: readonly string[];
  /** Where `/office/*` and `/office-mux` go; null when no office is known (then 502 with a reason). */
  officeUrl: string | null;
  /**
   * How the host reaches the office. Node's fetch for both transports: Chromium's `net.fetch` would
   * share the browser's limit of six connections per host, and the mux alone holds ten streams.
   */
  fetchOffice?: FetchOffice;
  /** The browser transport's `window.van`; Electron carries it over its own IPC instead. */
  ipc?: IpcRoutesOptions;
  /** The scans service's files (the page imports and previews scans through `/scans/*`); 404 without. */
  scanFiles?: ScanFileAccess | null;
  readFile?: (file: string) => Promise<Uint8Array>;
  log?: Logger;
};

export type HostRouter = {
  handle(request: Request): Promise<Response>;
  /** A one-time code a page trades for the IPC token (browser transport); null without HTTP IPC. */
  issueLaunchCode(): string | null;
  close(): void;
};

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } });

/** `URL.origin` is the string "null" for non-special schemes such as app:, so build it from its parts. */
const originOf = (url: URL): string => `${url.protocol}//${url.host}`;

export function createHostRouter(opts: HostRouterOptions): HostRouter {
  const fetchOffice: FetchOffice = opts.fetchOffice ?? ((url, init) => fetch(url, init));
  const read = opts.readFile ?? ((file: string) => readFile(file));
  const ipc = opts.ipc ? createIpcRoutes(opts.ipc) : null;
  const [canonical] = opts.origins;
  if (!canonical) throw new Error('host router needs at least one origin');
  const expected = new URL(canonical);

  async function serveFile(request: Request): Promise<Response> {
    // Files are resolved as if asked at the canonical origin: the origin itself was checked above.
    const url = new URL(request.url);
    const decision = resolveAppRequest(opts.root, { method: request.method, url: new URL(url.pathname + url.search, canonical).href }, { protocol: expected.protocol, host: expected.host });
    if (!decision.ok) return text(decision.status, decision.reason);
    let body: Uint8Array;
    try {
      body = await read(decision.file);
    } catch {
      return text(404, 'not-found');
    }
    return new Response(request.method === 'HEAD' ? null : (body as BodyInit), {
      status: 200,
      headers: {
        'content-type': mimeOf(decision.file),
        'content-length': String(body.byteLength),
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'cache-control': decision.file.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
      },
    });
  }

  async function route(request: Request): Promise<Response> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return text(400, 'bad-url');
    }
    if (!opts.origins.includes(originOf(url))) return text(403, 'wrong host');
    const origin = request.headers.get('origin');
    if (origin !== null && !opts.origins.includes(origin)) return text(403, 'forbidden');
    const path = url.pathname;
    if (path === '/ipc' || path.startsWith('/ipc/')) {
      if (!ipc) return text(404, 'not-found');
      if (path === '/ipc/events') return ipc.events(request, url);
      if (path === '/ipc/launch') return ipc.redeemLaunchCode(request);
      let channel: string;
      try {
        channel = decodeURIComponent(path.slice('/ipc/'.length));
      } catch {
        return text(400, 'bad-url');
      }
      return ipc.call(request, channel);
    }
    if (path.startsWith('/scans/')) {
      if (!opts.scanFiles) return text(404, 'not-found');
      return serveScanFiles(request, url, { files: opts.scanFiles, token: opts.ipc?.token ?? null });
    }
    if (path === '/office-mux') {
      if (!opts.officeUrl) return text(502, '未配置办公室服务器');
      return serveOfficeStreamMux(request, opts.officeUrl, fetchOffice);
    }
    if (path === '/office' || path.startsWith('/office/')) {
      if (!opts.officeUrl) return text(502, '未配置办公室服务器');
      return forwardToOffice(request, url, opts.officeUrl, fetchOffice);
    }
    return serveFile(request);
  }

  return {
    async handle(request) {
      try {
        return await route(request);
      } catch (error) {
        opts.log?.error({ err: String(error), url: request.url }, 'host request failed');
        return text(500, 'internal error');
      }
    },
    issueLaunchCode: () => ipc?.issueLaunchCode() ?? null,
    close() {
      ipc?.close();
    },
  };
}
