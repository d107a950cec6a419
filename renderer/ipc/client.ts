/**
 * What renderer code calls to reach the main-side services. Two transports, one API: in Electron
 * the preload's `window.van`; in browser mode (`npm run start:browser`) the same contract over
 * HTTP to the host on 127.0.0.1, with this launch's token from the page URL (`#token=`).
 */
import { fromFormData, holdsBytes, isMultipart, toFormData } from '#electron/ipc/binary-parts.ts';
import { type Channel, type EventName, type IpcResult, type VanApi, LINK_LOST_TEXT, bindVanApi } from '#electron/ipc/contract.ts';

declare global {
  // Declaration merging with the DOM's Window needs an interface; a type alias cannot merge.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- global augmentation
  interface Window {
    van?: VanApi;
  }
}

const TOKEN_KEY = 'van.bridgeToken';

/** Takes the token from `#token=…` once, keeps it for this tab, and removes it from the address bar. */
function bridgeToken(): string {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/**
 * A page opened by `npm start`'s app window carries a one-time launch code (`#launch=…`) rather than
 * the token; it is traded for the token here, once, before anything calls `van()`.
 */
export async function redeemLaunchCode(): Promise<void> {
  const match = /(?:^#|&)launch=([^&]+)/.exec(window.location.hash);
  if (window.van || !match?.[1]) return;
  history.replaceState(null, '', window.location.pathname + window.location.search);
  const res = await fetch(new URL('/ipc/launch', window.location.href), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: decodeURIComponent(match[1]) }),
  });
  const body = (await res.json()) as { ok: boolean; value?: { token?: unknown } };
  if (body.ok && typeof body.value?.token === 'string') sessionStorage.setItem(TOKEN_KEY, body.value.token);
}

export function createHttpVanApi(baseUrl: string, token: string): VanApi {
  let source: EventSource | null = null;
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const ensureSource = (): EventSource => {
    if (source) return source;
    source = new EventSource(new URL(`ipc/events?token=${encodeURIComponent(token)}`, baseUrl));
    return source;
  };
  return bindVanApi({
    async invoke(channel: Channel, request: unknown) {
      // Bytes (a signature, a PDF) travel as they are in a multipart body (binary-parts.ts), the rest as JSON.
      const binary = holdsBytes(request);
      const response = await fetch(new URL(`ipc/${encodeURIComponent(channel)}`, baseUrl), {
        method: 'POST',
        headers: binary ? { 'x-van-token': token } : { 'content-type': 'application/json', 'x-van-token': token },
        body: binary ? toFormData({ request }) : JSON.stringify({ request }),
      });
      return isMultipart(response.headers.get('content-type')) ? fromFormData(await response.formData()) : ((await response.json()) as unknown);
    },
    subscribe(event: EventName, listener: (payload: unknown) => void) {
      const es = ensureSource();
      const set = listeners.get(event) ?? new Set();
      if (!listeners.has(event)) {
        listeners.set(event, set);
        es.addEventListener(event, (message: MessageEvent<string>) => {
          const payload: unknown = JSON.parse(message.data);
          for (const l of set) l(payload);
        });
      }
      set.add(listener);
      return () => set.delete(listener);
    },
  });
}

let cached: VanApi | null = null;

/** The API for this page: Electron's preload when present, otherwise the HTTP bridge. */
export function van(): VanApi {
  if (cached) return cached;
  cached = window.van ?? createHttpVanApi(new URL('/', window.location.href).href, bridgeToken());
  return cached;
}

/** The launch token where the page talks HTTP to the host (browser mode); Electron's `app://` needs none. */
const hostToken = (): string | null => (window.van ? null : bridgeToken() || null);

/**
 * Sends a file's bytes to the host (`POST /scans/incoming`) and returns the id `scans:import` takes instead of
 * the bytes, so no file crosses IPC (electron/host/scan-files.ts).
 */
export async function stageScanFile(file: Blob): Promise<IpcResult<{ id: string }>> {
  const token = hostToken();
  try {
    const response = await fetch(new URL('/scans/incoming', window.location.href), { method: 'POST', headers: token ? { 'x-van-token': token } : {}, body: file });
    return (await response.json()) as IpcResult<{ id: string }>;
  } catch {
    return { ok: false, error: { code: 'unavailable', message: LINK_LOST_TEXT } };
  }
}

/** Where the page shows a stored scan from (an `<img src>`): the host decrypts it for this request only. */
export function scanFileUrl(sha256: string): string {
  const token = hostToken();
  return new URL(`/scans/${sha256}${token ? `?token=${encodeURIComponent(token)}` : ''}`, window.location.href).href;
}

/** Base URL of the office as the renderer reaches it: always through the host's same-origin proxy. */
export const officeBaseUrl = (): string => new URL('/office/', window.location.href).href;
