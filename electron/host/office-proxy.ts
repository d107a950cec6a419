/**
 * `/office/*` of the page's own origin, forwarded to the office server, so the renderer has one
 * origin (CSP `connect-src 'self'`) in Electron and in the browser alike.
 */

import { OFFICE_UNREACHABLE_HEADER } from '#electron/ipc/contract.ts';

/** How the host reaches the office (Node's fetch; a stand-in in tests). */
export type FetchOffice = (url: URL, init: RequestInit) => Promise<Response>;

/** Request headers that belong to the hop between page and host, or that would leak the page's context. */
const DROPPED_REQUEST = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'content-length', 'origin', 'referer', 'cookie', 'x-van-token', 'accept-encoding']);
/** Response headers of the hop between office and host (RFC 9110 §7.6.1). */
const DROPPED_RESPONSE = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'content-encoding']);
/** Statuses whose response never has a body (RFC 9110 §6.4.1); `new Response` refuses one. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

const unreachable = (error: unknown) =>
  new Response(`办公室服务器无法连接：${error instanceof Error ? error.message : String(error)}`, {
    status: 502,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', [OFFICE_UNREACHABLE_HEADER]: '1' },
  });

/** The office address for a page path under `/office`. */
const officeTarget = (pageUrl: URL, officeUrl: string): URL => new URL(pageUrl.pathname.replace(/^\/office/, '') + pageUrl.search, officeUrl);

export async function forwardToOffice(request: Request, pageUrl: URL, officeUrl: string, fetchOffice: FetchOffice): Promise<Response> {
  const headers = new Headers();
  request.headers.forEach((value, name) => {
    if (!DROPPED_REQUEST.has(name)) headers.set(name, value);
  });
  // Ask for the bytes as they are: a decoded body under the office's content-encoding would be corrupt.
  headers.set('accept-encoding', 'identity');
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetchOffice(officeTarget(pageUrl, officeUrl), {
      method: request.method,
      headers,
      redirect: 'manual',
      signal: request.signal,
      ...(hasBody ? { body: await request.arrayBuffer() } : {}),
    });
  } catch (error) {
    return unreachable(error);
  }
  const answer = new Headers();
  upstream.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE.has(name) && name !== 'set-cookie') answer.set(name, value);
  });
  return new Response(NULL_BODY.has(upstream.status) || request.method === 'HEAD' ? null : upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: answer });
}
