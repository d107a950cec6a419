/**
 * `window.van` over HTTP, for the browser transport (Electron carries it over its own IPC):
 * `POST /ipc/<channel>` with `{ request }` answers an `IpcResult`; `GET /ipc/events?token=` streams
 * the contract's events as server-sent events. A call is trusted only with this launch's token.
 * A page opened from a command line (`npm start`'s app window) gets a one-time launch code instead:
 * command lines are readable by other local users (`/proc/<pid>/cmdline`), so the code is worth
 * nothing once the page has traded it for the token (`POST /ipc/launch`).
 */
import { randomBytes } from 'node:crypto';
import { timingSafeEqual } from 'node:crypto';
import { fromFormData, holdsBytes, isMultipart, toFormData } from '#electron/ipc/binary-parts.ts';
import { eventNames } from '#electron/ipc/contract.ts';
import { type Handlers, type Logger, dispatch } from '#electron/ipc/handle.ts';
import { type EventBus } from '#electron/services/context.ts';

/** Scan files go by id (scan-files.ts); the largest call left carries applicants' signature images (PNG bytes). */
const MAX_IPC_BODY_BYTES = 4 * 1024 * 1024;

export type IpcRoutesOptions = { handlers: Handlers; events: EventBus; token: string; log?: Logger };

export type IpcRoutes = {
  call(request: Request, channel: string): Promise<Response>;
  /** A fresh one-time code for `#launch=` in a page URL. */
  issueLaunchCode(): string;
  redeemLaunchCode(request: Request): Promise<Response>;
  events(request: Request, url: URL): Response;
  close(): void;
};

const encoder = new TextEncoder();

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } });

const sameToken = (given: string | null, token: string): boolean => {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** The body, or 'too-large' as soon as it passes `max` bytes (the rest is not read). */
export async function readLimited(request: Request, max: number): Promise<Uint8Array | 'too-large'> {
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return 'too-large';
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export function createIpcRoutes(opts: IpcRoutesOptions): IpcRoutes {
  const launchCodes = new Set<string>();
  const clients = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const unsubscribers = eventNames.map((event) =>
    opts.events.on(event, (payload) => {
      const frame = encoder.encode(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
      for (const client of clients) client.enqueue(frame);
    }),
  );

  return {
    issueLaunchCode() {
      const code = randomBytes(24).toString('base64url');
      launchCodes.add(code);
      return code;
    },

    async redeemLaunchCode(request) {
      if (request.method !== 'POST') return new Response('POST only', { status: 405 });
      const body = await readLimited(request, 1024);
      let code: unknown;
      try {
        code = body === 'too-large' ? null : (JSON.parse(Buffer.from(body).toString('utf8')) as { code?: unknown }).code;
      } catch {
        code = null;
      }
      if (typeof code !== 'string' || !launchCodes.delete(code)) return json(403, { ok: false, error: { code: 'forbidden-sender', message: '启动码无效或已使用，请重新启动本程序' } });
      return json(200, { ok: true, value: { token: opts.token } });
    },

    async call(request, channel) {
      if (request.method !== 'POST') return new Response('POST only', { status: 405 });
      const trusted = sameToken(request.headers.get('x-van-token'), opts.token);
      const body = await readLimited(request, MAX_IPC_BODY_BYTES);
      if (body === 'too-large') return json(413, { ok: false, error: { code: 'invalid-request', message: '请求过大' } });
      let payload: unknown;
      try {
        const contentType = request.headers.get('content-type');
        // A call holding bytes comes as multipart (binary-parts.ts), any other as JSON.
        const parsed: unknown = isMultipart(contentType)
          ? await fromFormData(await new Response(body as BodyInit, { headers: { 'content-type': contentType ?? '' } }).formData())
          : body.byteLength === 0 ? {} : JSON.parse(Buffer.from(body).toString('utf8'));
        payload = typeof parsed === 'object' && parsed !== null && 'request' in parsed ? parsed.request : undefined;
      } catch {
        return json(400, { ok: false, error: { code: 'invalid-request', message: '请求不是有效的 JSON 或数据包' } });
      }
      const result = await dispatch(opts.handlers, channel, payload, { transport: 'http', isTrustedSender: trusted }, opts.log);
      const status = !result.ok && result.error.code === 'forbidden-sender' ? 403 : 200;
      // An answer holding bytes (a PDF) goes back as they are, in a multipart body, not as base64 in JSON.
      if (holdsBytes(result)) return new Response(toFormData(result), { status, headers: { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } });
      return json(status, result);
    },

    events(_request, url) {
      if (!sameToken(url.searchParams.get('token'), opts.token)) return new Response('forbidden', { status: 403 });
      let self: ReadableStreamDefaultController<Uint8Array> | null = null;
      return new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            self = controller;
            controller.enqueue(encoder.encode(': connected\n\n'));
            clients.add(controller);
          },
          cancel() {
            if (self) clients.delete(self);
          },
        }),
        { status: 200, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store' } },
      );
    },

    close() {
      for (const off of unsubscribers) off();
      for (const client of clients) client.close();
      clients.clear();
    },
  };
}
