/**
 * The `app://van` protocol: serves the built renderer to Electron windows (GET only, our host
 * only, no path traversal) and forwards `app://van/office/*` to the office server, so the page
 * has one origin in Electron as in browser mode (CSP `connect-src 'self'`).
 */
import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY, mimeOf, resolveAppRequest } from './app-files.ts';

export const appSchemePrivileges = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: true },
} as const;

export type AppProtocolOptions = {
  root: string;
  officeUrl: string;
  /** `net.fetch` in Electron; injected so tests can see what is forwarded. */
  fetchOffice: (url: string, init: RequestInit) => Promise<Response>;
  readFile?: (file: string) => Promise<Uint8Array>;
};

const refuse = (status: number, reason: string) => new Response(reason, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** The request handler, separate from `protocol.handle` so it is testable with plain Requests. */
export function createAppProtocolHandler(opts: AppProtocolOptions): (request: Request) => Promise<Response> {
  const read = opts.readFile ?? ((file: string) => readFile(file));
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(400, 'bad-url');
    }
    if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && (url.pathname === '/office' || url.pathname.startsWith('/office/'))) {
      const target = new URL(url.pathname.replace(/^\/office/, '') + url.search, opts.officeUrl);
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
      try {
        return await opts.fetchOffice(target.href, {
          method: request.method,
          headers: request.headers,
          ...(hasBody ? { body: await request.arrayBuffer() } : {}),
        });
      } catch (error) {
        return refuse(502, `办公室服务器无法连接：${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const decision = resolveAppRequest(opts.root, { method: request.method, url: request.url }, { protocol: `${APP_SCHEME}:`, host: APP_HOST });
    if (!decision.ok) return refuse(decision.status, decision.reason);
    try {
      const body = await read(decision.file);
      return new Response(request.method === 'HEAD' ? null : (body as BodyInit), {
        status: 200,
        headers: { 'content-type': mimeOf(decision.file), 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' },
      });
    } catch {
      return refuse(404, 'not-found');
    }
  };
}

export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, opts: AppProtocolOptions): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(opts));
}
