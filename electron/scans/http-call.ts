import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export type HttpAnswer = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

/** The body goes out in pieces this large when its progress is followed. */
const PIECE = 256 * 1024;

/**
 * One HTTP(S) request on Node's keep-alive agents. Lighter than `fetch` for the uploader's many small calls.
 * `onSent` hears how many bytes of the body the connection took so far. @throws when the connection fails or `signal` aborts it.
 */
export function httpCall(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: Buffer; signal?: AbortSignal; onSent?: (bytes: number) => void },
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const headers = init.body ? { ...init.headers, 'content-length': String(init.body.length) } : init.headers;
    const req = send(url, { method: init.method, headers, signal: init.signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    const { body, onSent } = init;
    if (!body || !onSent) return void req.end(body);
    // All pieces at once: they are views of a body already in memory, and each one's callback says it went out.
    for (let at = 0; at < body.length; at += PIECE) req.write(body.subarray(at, at + PIECE), () => onSent(Math.min(body.length, at + PIECE)));
    req.end();
  });
}
