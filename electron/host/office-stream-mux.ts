/**
 * One connection for all of the office's change streams. The sync controller listens to one
 * server-sent-event stream per collection (ten of them); a browser allows six HTTP/1.1
 * connections per host, so ten open streams starve the pull and push requests. The renderer's
 * office fetch (renderer/ipc/office-fetch.ts) sends every `/sync/<c>/stream` through one
 * `GET /office-mux` instead; here the host opens the upstream streams and tags each message with
 * its collection. When any upstream ends, the whole mux ends, so the renderer reconnects and
 * resyncs from its checkpoints: nothing is missed.
 */
import { SYNC_COLLECTIONS } from '#protocol/collections.ts';
import { API_BASE, PROTOCOL_HEADER } from '#protocol/version.ts';
import { type FetchOffice } from './office-proxy.ts';

const FORWARDED = ['authorization', PROTOCOL_HEADER] as const;
const encoder = new TextEncoder();

const refuse = (status: number, reason: string) => new Response(reason, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });

/** Calls `onMessage` for each complete server-sent-event message (the text up to a blank line) of `body`. */
async function forEachMessage(body: ReadableStream<Uint8Array>, onMessage: (message: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let cut = buffer.indexOf('\n\n');
    while (cut >= 0) {
      onMessage(buffer.slice(0, cut));
      buffer = buffer.slice(cut + 2);
      cut = buffer.indexOf('\n\n');
    }
  }
}

/**
 * Opens every collection's stream at the office and answers with one stream of
 * `event: <collection>` / `data: "RESYNC"` messages. Answers the office's own 4xx when it refuses the
 * device, and 502 when an upstream cannot be opened otherwise.
 */
export async function serveOfficeStreamMux(request: Request, officeUrl: string, fetchOffice: FetchOffice): Promise<Response> {
  const headers = new Headers({ accept: 'text/event-stream', 'accept-encoding': 'identity' });
  for (const name of FORWARDED) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const abort = new AbortController();
  const stopAll = () => abort.abort();
  request.signal.addEventListener('abort', stopAll);

  const opened = await Promise.allSettled(
    SYNC_COLLECTIONS.map(async (collection) => ({
      collection,
      response: await fetchOffice(new URL(`${API_BASE}/sync/${collection}/stream`, officeUrl), { headers, signal: abort.signal }),
    })),
  );
  const upstreams = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const broken = upstreams.find((u) => u.response.status !== 200 || !u.response.body);
  if (upstreams.length < opened.length || broken) {
    // The office refusing the device (revoked, ordered wiped) goes to the page as the office said it (read
    // before the other upstreams are aborted: they share one signal).
    const refusal = upstreams.find((u) => u.response.status >= 400 && u.response.status < 500);
    const said = refusal ? await refusal.response.text().catch(() => null) : null;
    stopAll();
    if (refusal && said !== null) return new Response(said, { status: refusal.response.status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
    return refuse(502, broken ? `office stream unavailable: HTTP ${broken.response.status}` : 'office stream unavailable');
  }

  let ended = false;
  return new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        const end = () => {
          if (ended) return;
          ended = true;
          stopAll();
          controller.close();
        };
        for (const { collection, response } of upstreams) {
          const frame = encoder.encode(`event: ${collection}\ndata: "RESYNC"\n\n`);
          forEachMessage(response.body!, (message) => {
            if (!ended && message.split('\n').some((line) => line.startsWith('data:'))) controller.enqueue(frame);
          }).then(end, end);
        }
      },
      cancel() {
        ended = true;
        stopAll();
      },
    }),
    { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' } },
  );
}
