/**
 * The fetch the sync controller uses to reach the office. Ordinary requests pass through; each
 * collection's change stream (`…/sync/<c>/stream`) is served from ONE shared connection to the
 * host's `/office-mux` (see electron/host/office-stream-mux.ts for why: six connections per host).
 * Each stream looks to the sync code exactly like the office's own: `data: "RESYNC"` messages,
 * an error when the connection drops (its backoff then reconnects).
 *
 * The office greets every new stream with RESYNC, and the sync controller pulls on it: that greeting is
 * how a collection catches up with what the office wrote while the link was down. The host sends those
 * greetings once, when the mux connects; a stream that joins an already connected mux (its backoff
 * after a drop ran longer than another collection's) would never get one and would pull nothing until
 * the office next wrote to its collection. So such a stream is greeted here.
 */
import { forEachSseMessage } from '#renderer/db/sse-messages.ts';
import { OfficeHttpError } from '#renderer/db/office-client.ts';
import { ErrorBody } from '#protocol/messages.ts';
import { OFFICE_UNREACHABLE_HEADER } from '#electron/ipc/contract.ts';

/**
 * The host's answer when it could not reach the office, as fetch's own failure (a TypeError): every screen and the
 * sync then say the office cannot be reached (离线, 连不上办公室), not that its server failed with HTTP 502.
 */
async function unlessUnreachable(answer: Promise<Response>): Promise<Response> {
  const res = await answer;
  if (res.headers.get(OFFICE_UNREACHABLE_HEADER) === null) return res;
  await res.body?.cancel();
  throw new TypeError(`office unreachable: ${res.status}`);
}

type Sink = { collection: string; controller: ReadableStreamDefaultController<Uint8Array> };

const STREAM_PATH = /\/sync\/([A-Za-z]+)\/stream$/;
const encoder = new TextEncoder();
const RESYNC = encoder.encode('data: "RESYNC"\n\n');

export function createOfficeFetch(muxUrl: string, base: typeof fetch = fetch.bind(globalThis)): typeof fetch {
  const sinks = new Set<Sink>();
  /** `connected`: the office answered the mux, so its greetings went out to the streams there at that time. */
  let mux: { abort: AbortController; ready: Promise<void>; connected: boolean } | null = null;

  const failAll = (reason: unknown) => {
    const error = reason instanceof Error ? reason : new Error(String(reason));
    for (const s of sinks) {
      try {
        s.controller.error(error);
      } catch {
        // already closed by its reader
      }
    }
    sinks.clear();
    mux = null;
  };

  function openMux(headers: HeadersInit | undefined): void {
    const opened: { abort: AbortController; ready: Promise<void>; connected: boolean } = { abort: new AbortController(), ready: Promise.resolve(), connected: false };
    const { abort } = opened;
    opened.ready = (async () => {
      const res = await unlessUnreachable(base(muxUrl, { headers, signal: abort.signal }));
      // The office's typed refusal of the streams (a revoked device, a wipe order) reaches each stream as the
      // office's own answer would, so the sync reads it as that and not as the office being unreachable.
      if (res.status >= 400 && res.status < 500) {
        const body = ErrorBody.safeParse(await res.json().catch(() => null));
        throw new OfficeHttpError(res.status, body.success ? body.data : null);
      }
      if (!res.ok || !res.body) throw new Error(`mux HTTP ${res.status}`);
      opened.connected = true;
      await forEachSseMessage(res.body, (message) => {
        const collection = /^event: (.+)$/m.exec(message)?.[1];
        for (const s of sinks) if (s.collection === collection) s.controller.enqueue(RESYNC);
      });
    })();
    mux = opened;
    opened.ready.then(
      () => failAll('office stream ended'),
      (error: unknown) => failAll(error),
    );
  }

  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const match = STREAM_PATH.exec(new URL(url, muxUrl).pathname);
    if (!match?.[1]) return unlessUnreachable(base(input, init));
    const collection = match[1];
    let sink: Sink | null = null;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        sink = { collection, controller };
        sinks.add(sink);
        if (!mux) openMux(init?.headers);
        // Late to a connected mux: the office's greeting went out before this stream was there.
        else if (mux.connected) controller.enqueue(RESYNC);
      },
      cancel() {
        if (sink) sinks.delete(sink);
        if (sinks.size === 0) mux?.abort.abort();
      },
    });
    init?.signal?.addEventListener('abort', () => {
      if (sink) sinks.delete(sink);
      if (sinks.size === 0) mux?.abort.abort();
    });
    return Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }));
  };
}
