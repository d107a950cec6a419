import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export type HttpAnswer = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

/**
 * One HTTP(S) request on Node's keep-alive agents, the body written in one piece. Lighter than `fetch` for
 * the uploader's many small calls. @throws when the connection fails or `signal` aborts it.
 */
export function httpCall(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: Buffer; signal?: AbortSignal },
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
    req.end(init.body);
  });
}
