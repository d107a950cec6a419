import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { API_BASE, PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/version.ts';
import { ScanState } from '#protocol/messages.ts';
import { type ScanStore, ScanUnreadableError } from './scan-store.ts';
import { type HttpAnswer, httpCall } from './http-call.ts';
import { type ScanIndex } from './scan-index.ts';

/**
 * Scans up to this size go in one request (tus creation-with-upload: create and send together); a cut
 * connection sends them again from the start, which costs at most this much. Larger files are created
 * first and sent resumably, so a cut costs only what was in flight.
 */
export const ONE_REQUEST_MAX_BYTES = 1024 * 1024;

/** Answers with which the office refuses the file itself: retrying cannot help. */
const REFUSALS = new Set([400, 413, 460]);

/**
 * 409: the office takes a scan's bytes only once the van's scan record has reached it, which the outbox sends in
 * write order, often a few seconds behind. That wait is short and certain to end, so it is retried on its own
 * schedule (100 ms doubling to 2 s), not the long backoff of an office that cannot be reached: waiting a minute
 * for a record pushed a second later held a trip's scans back by seconds. The records written after a missing
 * one are missing too, so one 409 holds every upload of the uploader for that wait (each try sends the file
 * again), and the first upload taken starts the schedule over.
 */
const NOT_DECLARED_YET = 409;
const DECLARE_WAIT_BASE_MS = 100;
const DECLARE_WAIT_MAX_MS = 2000;

class NotDeclaredYetError extends Error {}

/** Uploads sending at once; the others wait their turn. Each holds its file in memory while it sends. */
export const UPLOADS_AT_ONCE = 8;

export type ScanUploadMeta = { sha256: string; mime: string; caseId: string };

export type ScanUploaderOptions = {
  store: ScanStore;
  officeUrl: string;
  deviceToken: string;
  /** Where started uploads are remembered across restarts (the scan index). */
  urls: Pick<ScanIndex, 'uploadUrl' | 'setUploadUrl'>;
  /** Uploads sending at once (`UPLOADS_AT_ONCE`). */
  atOnce?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
};

export type ScanUploaderEvents = {
  progress: [{ sha256: string; bytesSent: number; bytesTotal: number }];
  retry: [{ sha256: string; attempt: number; error: string; delayMs: number }];
};

/** The office refused the file for good (e.g. its hash does not match): retrying cannot help. */
export class ScanRefusedError extends Error {
  constructor(readonly sha256: string, readonly status: number, message: string) {
    super(message);
  }
}

/**
 * Uploads scan files to the office with tus 1.0 (tus.io/protocols/resumable-upload): a small scan in one request
 * (creation-with-upload), a large one resumably (after a cut connection it asks the office for the offset and
 * sends only the rest; after a restart it finds the upload URL in `urls`). The file is decrypted into memory for
 * the upload only, and only `atOnce` uploads send at a time, however many are started. Retries with exponential backoff and no limit;
 * resolves only once the office has verified the SHA-256.
 *
 * Written against the protocol rather than with tus-js-client: the van needs four requests of it (creation,
 * creation-with-upload, HEAD, PATCH), and that client brought its own retry schedule, URL storage and Node HTTP
 * stack beside the uploader's own pacing, 409 hold and scan index; both answered to the same tests.
 */
export class ScanUploader extends EventEmitter<ScanUploaderEvents> {
  private readonly base: string;
  constructor(private readonly opts: ScanUploaderOptions) {
    super();
    this.base = opts.officeUrl.replace(/\/+$/, '');
  }

  private token: string | undefined;
  private sending = 0;
  private readonly waiting: (() => void)[] = [];
  /** Set while every upload waits for a missing scan record (409); `declareWaits` counts those waits in a row. */
  private held: Promise<void> | null = null;
  private heldMs = 0;
  private declareWaits = 0;

  /** The device was enrolled again: every request from now on, retries included, carries the new token. */
  setDeviceToken(token: string): void {
    this.token = token;
  }

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.token ?? this.opts.deviceToken}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
  }

  /** Whether the office already holds a verified copy. @throws when the office is unreachable. */
  async isVerified(sha256: string): Promise<boolean> {
    const res = await httpCall(`${this.base}${API_BASE}/scans/${sha256}`, { method: 'GET', headers: this.headers() });
    if (res.status !== 200) throw new Error(`scan state HTTP ${res.status}`);
    return ScanState.parse(JSON.parse(res.body.toString('utf8'))).verified;
  }

  /**
   * Uploads one stored scan until the office verifies it.
   * @throws ScanRefusedError when the office refuses the file itself (hash mismatch, too large, bad metadata).
   */
  async upload(meta: ScanUploadMeta, signal?: AbortSignal): Promise<void> {
    let attempt = 0;
    for (;;) {
      try {
        await this.inTurn(async () => {
          while (this.held) await this.held;
          if (signal?.aborted) throw new Error('upload aborted');
          await this.sendOnce(meta, signal).catch((error: unknown) => {
            if (error instanceof NotDeclaredYetError) this.holdAll(); // before this upload's turn passes on
            throw error;
          });
        });
        this.declareWaits = 0;
        break;
      } catch (error) {
        if (signal?.aborted) throw new Error('upload aborted', { cause: error });
        if (error instanceof ScanRefusedError) throw error;
        if (error instanceof ScanUnreadableError) throw new ScanRefusedError(meta.sha256, 0, error.message);
        const delayMs = error instanceof NotDeclaredYetError ? this.holdAll() : this.backoff(++attempt);
        this.emit('retry', { sha256: meta.sha256, attempt: attempt + this.declareWaits, error: error instanceof Error ? error.message : String(error), delayMs });
        if (!(error instanceof NotDeclaredYetError) && (await sleep(delayMs, false, { signal: this.wakeUp.signal }).catch(() => true))) attempt = 0;
      }
    }
  }

  /**
   * One try. A small scan is simply sent: if the office holds it already it answers at once without storing it
   * twice, which costs less than asking first. A large one is sent only if the office lacks it.
   */
  private async sendOnce(meta: ScanUploadMeta, signal?: AbortSignal): Promise<void> {
    const body = await this.opts.store.read(meta.sha256);
    if (body.length <= ONE_REQUEST_MAX_BYTES) await this.sendWhole(meta, body, signal);
    else if (!(await this.isVerified(meta.sha256))) await this.sendResumable(meta, body, signal);
  }

  /** Aborted by `retryNow()`: every wait after a failed try ends with it. */
  private wakeUp = new AbortController();

  /**
   * Every upload waiting out its backoff after a failed try goes again now, its schedule started over: for staff
   * who know the link is back and should not sit out a delay of up to `retryMaxMs`.
   */
  retryNow(): void {
    this.wakeUp.abort();
    this.wakeUp = new AbortController();
  }

  /** Runs `fn` once fewer than `atOnce` uploads are sending, in the order they asked (a hold is waited for in turn). */
  private async inTurn(fn: () => Promise<void>): Promise<void> {
    if (this.sending >= (this.opts.atOnce ?? UPLOADS_AT_ONCE)) await new Promise<void>((r) => this.waiting.push(r));
    else this.sending++;
    try {
      await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // the turn passes on as it is
      else this.sending--;
    }
  }

  /** Holds every upload for the next wait of the 409 schedule, or joins the hold already on; returns its length. */
  private holdAll(): number {
    if (this.held) return this.heldMs;
    this.heldMs = Math.min(DECLARE_WAIT_MAX_MS, DECLARE_WAIT_BASE_MS * 2 ** Math.min(this.declareWaits++, 10));
    this.held = new Promise<void>((r) => setTimeout(r, this.heldMs)).then(() => {
      this.held = null;
    });
    return this.heldMs;
  }

  /** Exponential backoff with jitter, for an office that cannot be reached or failed. */
  private backoff(attempt: number): number {
    const max = this.opts.retryMaxMs ?? 60_000;
    const raw = Math.min(max, (this.opts.retryBaseMs ?? 1000) * 2 ** Math.min(attempt - 1, 30));
    return raw / 2 + (Math.random() * raw) / 2;
  }

  /** A tus request to the office (its own URL, or the uploads endpoint); `onSent` hears the body's progress. */
  private tus(url: string, method: string, headers: Record<string, string>, signal?: AbortSignal, body?: Buffer, onSent?: (bytes: number) => void): Promise<HttpAnswer> {
    return httpCall(new URL(url, `${this.base}${API_BASE}/scans/uploads`).href, { method, headers: { ...this.headers(), 'tus-resumable': '1.0.0', ...headers }, body, signal, onSent });
  }

  /** One tus creation-with-upload request carrying the whole file; the office verifies it before answering. */
  private async sendWhole(meta: ScanUploadMeta, body: Buffer, signal?: AbortSignal): Promise<void> {
    const headers = { 'upload-length': String(body.length), 'upload-metadata': metadataOf(meta), 'content-type': 'application/offset+octet-stream' };
    const res = answered(meta, await this.tus('', 'POST', headers, signal, body), 201);
    if (res.headers['upload-offset'] !== String(body.length)) throw new Error(`scan upload HTTP ${res.status}`);
    this.emit('progress', { sha256: meta.sha256, bytesSent: body.length, bytesTotal: body.length });
  }

  /**
   * A large scan: created first (its URL kept in `urls` at once), then sent from the offset the office holds
   * (HEAD, then one PATCH of the rest), so a cut connection or a restart costs only what was in flight. An
   * upload the office lost or let expire (404, 410) is forgotten, and the next try creates it again.
   */
  private async sendResumable(meta: ScanUploadMeta, body: Buffer, signal?: AbortSignal): Promise<void> {
    const key = `${meta.sha256}@${this.base}`;
    let url = this.opts.urls.uploadUrl(key);
    let offset = 0;
    try {
      if (url) offset = Number(answered(meta, await this.tus(url, 'HEAD', {}, signal), 200).headers['upload-offset']);
      else {
        const created = answered(meta, await this.tus('', 'POST', { 'upload-length': String(body.length), 'upload-metadata': metadataOf(meta) }, signal), 201);
        url = new URL(String(created.headers.location), `${this.base}/`).href;
        await this.opts.urls.setUploadUrl(key, url);
      }
      const onSent = (sent: number) => this.emit('progress', { sha256: meta.sha256, bytesSent: offset + sent, bytesTotal: body.length });
      answered(meta, await this.tus(url, 'PATCH', { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }, signal, body.subarray(offset), onSent), 204);
    } catch (error) {
      if (error instanceof UploadGoneError) await this.opts.urls.setUploadUrl(key, null);
      throw error;
    }
    await this.opts.urls.setUploadUrl(key, null);
  }
}

/** The office lost or expired a started upload (404, 410): it is created again. */
class UploadGoneError extends Error {}

/** `res` if the office answered `status`; otherwise the error its answer means. */
function answered(meta: ScanUploadMeta, res: HttpAnswer, status: number): HttpAnswer {
  if (res.status === status) return res;
  const text = res.body.toString('utf8');
  if (REFUSALS.has(res.status)) throw new ScanRefusedError(meta.sha256, res.status, text);
  if (res.status === NOT_DECLARED_YET) throw new NotDeclaredYetError(text);
  if (res.status === 404 || res.status === 410) throw new UploadGoneError(`scan upload HTTP ${res.status}`);
  throw new Error(`scan upload HTTP ${res.status}`);
}

/** tus Upload-Metadata: each key with its value in base64. */
const metadataOf = (meta: ScanUploadMeta): string =>
  Object.entries({ sha256: meta.sha256, mime: meta.mime, caseId: meta.caseId, filename: meta.sha256 })
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');
