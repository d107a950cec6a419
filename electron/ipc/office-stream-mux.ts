/**
 * One browser connection for all of the office's change streams. The sync controller listens to
 * one server-sent-event stream per collection (ten of them); a browser allows six HTTP/1.1
 * connections per host, so ten open streams starve the pull and push requests. The renderer's
 * office fetch (renderer/ipc/office-fetch.ts) sends every `/sync/<c>/stream` through one
 * `GET /office-mux` instead; here the host opens the upstream streams (Node has no such limit)
 * and tags each message with its collection. When any upstream ends, the whole mux ends, so the
 * renderer reconnects and resyncs from its checkpoints: nothing is missed.
 */
import { type IncomingMessage, type ServerResponse, request as httpRequest } from 'node:http';
import { SYNC_COLLECTIONS } from '#protocol/collections.ts';
import { API_BASE } from '#protocol/version.ts';

const FORWARDED = ['authorization', 'x-van-protocol'] as const;

export function serveOfficeStreamMux(req: IncomingMessage, res: ServerResponse, officeUrl: string): void {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  for (const name of FORWARDED) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const upstreams: ReturnType<typeof httpRequest>[] = [];
  let opened = false;
  let ended = false;
  const endAll = () => {
    if (ended) return;
    ended = true;
    for (const u of upstreams) u.destroy();
    if (!res.headersSent) {
      res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('office stream unavailable');
    } else res.end();
  };
  res.on('close', endAll);

  for (const collection of SYNC_COLLECTIONS) {
    const url = new URL(`${API_BASE}/sync/${collection}/stream`, officeUrl);
    const upstream = httpRequest(url, { method: 'GET', headers }, (up) => {
      if (up.statusCode !== 200) {
        up.resume();
        endAll();
        return;
      }
      if (!opened && !ended) {
        opened = true;
        res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' });
      }
      let buffer = '';
      up.setEncoding('utf8');
      up.on('data', (chunk: string) => {
        buffer += chunk;
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const message = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (!ended && message.split('\n').some((l) => l.startsWith('data:'))) res.write(`event: ${collection}\ndata: "RESYNC"\n\n`);
          cut = buffer.indexOf('\n\n');
        }
      });
      up.on('end', endAll);
      up.on('error', endAll);
    });
    upstream.on('error', endAll);
    upstream.end();
    upstreams.push(upstream);
  }
}
