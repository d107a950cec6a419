/**
 * Serving the built renderer: shared by the `app://` protocol (Electron) and the browser host.
 * Pure checks, so the refusal of traversal, wrong host and non-GET is tested without Electron.
 */
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'van';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * The Content Security Policy of every page: no `unsafe-eval`, no remote scripts; inline styles
 * are allowed because React's `style` props need them. `connect-src 'self'` because the renderer
 * reaches the office through the host's `/office/` proxy, never directly.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "frame-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
};

export const mimeOf = (file: string): string => MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';

export type AppFileDecision =
  | { ok: true; file: string }
  | { ok: false; status: 400 | 403 | 404 | 405; reason: 'method' | 'host' | 'scheme' | 'traversal' | 'bad-url' };

/**
 * Decides which file under `root` a request may read. Only GET (and HEAD), only our host, and
 * the decoded path must stay inside `root`; `/` and unknown routes without an extension get
 * `index.html` (the app routes in the renderer).
 */
export function resolveAppRequest(
  root: string,
  request: { method: string; url: string },
  expected: { protocol: string; host: string },
): AppFileDecision {
  if (request.method !== 'GET' && request.method !== 'HEAD') return { ok: false, status: 405, reason: 'method' };
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { ok: false, status: 400, reason: 'bad-url' };
  }
  if (url.protocol !== expected.protocol) return { ok: false, status: 403, reason: 'scheme' };
  if (url.host !== expected.host) return { ok: false, status: 403, reason: 'host' };
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'bad-url' };
  }
  // Encoded separators and NUL never name a real asset; refuse rather than normalise them.
  if (pathname.includes('\0') || pathname.includes('\\') || pathname.split('/').includes('..')) {
    return { ok: false, status: 403, reason: 'traversal' };
  }
  const wanted = pathname === '/' || extname(pathname) === '' ? '/index.html' : pathname;
  const file = resolve(root, `.${wanted}`);
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return { ok: false, status: 403, reason: 'traversal' };
  return { ok: true, file };
}
