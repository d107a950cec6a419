/**
 * Opening things outside the app. Guards take `unknown` and an injected side effect so they are
 * tested without Electron (model: actual's desktop-electron/external-links.ts).
 */
import { isAbsolute, win32 } from 'node:path';

export type OpenResult = { ok: true } | { ok: false; reason: 'not-a-string' | 'bad-url' | 'scheme-not-allowed' | 'unc-path' | 'relative-path' };

/** Only parsed http: and https: URLs reach the system browser; file:, javascript:, smb: and the rest never do. */
export async function openExternalUrl(raw: unknown, open: (url: string) => Promise<void>): Promise<OpenResult> {
  if (typeof raw !== 'string') return { ok: false, reason: 'not-a-string' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'bad-url' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'scheme-not-allowed' };
  await open(url.href);
  return { ok: true };
}

/** Shows a local file (an archived notice) in the file manager; UNC and relative paths are refused. */
export function revealLocalFile(raw: unknown, reveal: (path: string) => void, platform = process.platform): OpenResult {
  if (typeof raw !== 'string') return { ok: false, reason: 'not-a-string' };
  if (raw.startsWith('\\\\') || raw.startsWith('//')) return { ok: false, reason: 'unc-path' };
  const absolute = platform === 'win32' ? win32.isAbsolute(raw) : isAbsolute(raw);
  if (!absolute) return { ok: false, reason: 'relative-path' };
  reveal(raw);
  return { ok: true };
}
