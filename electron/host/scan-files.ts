/**
 * Scan files between the page and the main side as bytes over the host router, so IPC carries only ids:
 * - `POST /scans/incoming` with a file as its body keeps it for the `scans:import` that follows (answers `{ id }`);
 * - `GET /scans/<sha256>` answers a stored scan decrypted, for the page's preview (`<img src>`).
 * In browser mode a request needs this launch's token (`x-van-token`, or `?token=` where an `<img>` cannot send a
 * header); `app://` is reachable only from the app's own windows, so Electron passes no token.
 */
import { timingSafeEqual } from 'node:crypto';
import { MAX_SCAN_BYTES } from '#electron/ipc/contract.ts';
import { readLimited } from './ipc-routes.ts';

export type ScanFileAccess = {
  /** Keeps bytes for a following `scans:import`; returns their id. */
  stage(bytes: Uint8Array): string;
  read(sha256: string): Promise<{ mime: string; bytes: Uint8Array } | null>;
};

export type ScanFileRoutes = { files: ScanFileAccess; token: string | null };

const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } });
const refusal = (status: number, code: string, message: string) => answer(status, { ok: false, error: { code, message } });

const sameToken = (given: string | null, token: string): boolean => given !== null && given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));

export async function serveScanFiles(request: Request, url: URL, opts: ScanFileRoutes): Promise<Response> {
  if (opts.token !== null && !sameToken(request.headers.get('x-van-token') ?? url.searchParams.get('token'), opts.token)) return refusal(403, 'forbidden-sender', '请求未携带本次启动的凭据');
  const sha256 = /^\/scans\/([0-9a-f]{64})$/.exec(url.pathname)?.[1];
  if (url.pathname === '/scans/incoming' && request.method === 'POST') {
    const bytes = await readLimited(request, MAX_SCAN_BYTES);
    if (bytes === 'too-large') return refusal(413, 'invalid-request', `文件超过 ${MAX_SCAN_BYTES / 1024 / 1024} MB，请分成几个文件导入`);
    if (bytes.byteLength === 0) return refusal(400, 'invalid-request', '文件是空的');
    return answer(200, { ok: true, value: { id: opts.files.stage(bytes) } });
  }
  if (sha256 && request.method === 'GET') {
    const file = await opts.files.read(sha256);
    if (!file) return refusal(404, 'not-found', '找不到该扫描件');
    const headers = { 'content-type': file.mime, 'content-length': String(file.bytes.byteLength), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    return new Response(file.bytes as BodyInit, { status: 200, headers });
  }
  return refusal(404, 'not-found', 'not-found');
}
