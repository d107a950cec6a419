import { EventEmitter } from 'node:events';
import { Upload, type DetailedError, type UrlStorage } from 'tus-js-client';
import { API_BASE, PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/version.ts';
import { ScanState } from '#protocol/messages.ts';
import { type ScanStore, ScanUnreadableError } from './scan-store.ts';
import { httpCall } from './http-call.ts';

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
  /** Where started uploads are remembered across restarts (the scan index, scan-index.ts). */
  urls: UrlStorage;
  /** Uploads sending at once (`UPLOADS_AT_ONCE`). */
  atOnce?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
};

export type ScanUploaderEvents = {
  progress: [{ sha256: string; bytesSent: number; bytesTotal: number }];
  verified: [{ sha256: string }];
  retry: [{ sha256: string; attempt: number; error: string; delayMs: number }];
};

/** The office refused the file for good (e.g. its hash does not match): retrying cannot help. */
export class ScanRefusedError extends Error {
  constructor(readonly sha256: string, readonly status: number, message: string) {
    super(message);
  }
}

/**
 * Uploads scan files to the office with tus: a small scan in one request (creation-with-upload), a large
 * one resumably (after a cut connection it asks the office for the offset and sends only the rest; after a
 * restart it finds the upload URL in `urls`). The file is decrypted into memory for the upload only, and only
 * `atOnce` uploads send at a time, however many are started. Retries with exponential backoff and no limit;
 * resolves only once the office has verified the SHA-256.
 */
export class ScanUploader extends EventEmitter<ScanUploaderEvents> {
  constructor(private readonly opts: ScanUploaderOptions) {
    super();
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

  private base(): string {
    return this.opts.officeUrl.replace(/\/+$/, '');
  }

  /** Whether the office already holds a verified copy. @throws when the office is unreachable. */
  async isVerified(sha256: string): Promise<boolean> {
    const res = await httpCall(`${this.base()}${API_BASE}/scans/${sha256}`, { method: 'GET', headers: this.headers() });
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
        if (error instanceof ScanRefusedError || signal?.aborted) throw error;
        if (error instanceof ScanUnreadableError) throw new ScanRefusedError(meta.sha256, 0, error.message);
        const delayMs = error instanceof NotDeclaredYetError ? this.holdAll() : this.backoff(++attempt);
        this.emit('retry', { sha256: meta.sha256, attempt: attempt + this.declareWaits, error: error instanceof Error ? error.message : String(error), delayMs });
        if (!(error instanceof NotDeclaredYetError)) await new Promise((r) => setTimeout(r, delayMs));
      }
    }
    this.emit('verified', { sha256: meta.sha256 });
  }

  /**
   * One try. A small scan is simply sent: if the office holds it already it answers at once without storing it
   * twice, which costs less than asking first. A large one is sent only if the office lacks it.
   */
  private async sendOnce(meta: ScanUploadMeta, signal?: AbortSignal): Promise<void> {
    const body = await this.opts.store.read(meta.sha256);
    if (body.length <= ONE_REQUEST_MAX_BYTES) await this.sendWhole(meta, body, signal);
    else if (!(await this.isVerified(meta.sha256))) await this.runOnce(meta, body, signal);
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

  /** One tus creation-with-upload request carrying the whole file; the office verifies it before answering. */
  private async sendWhole(meta: ScanUploadMeta, body: Buffer, signal?: AbortSignal): Promise<void> {
    const metadata = Object.entries({ sha256: meta.sha256, mime: meta.mime, caseId: meta.caseId, filename: meta.sha256 })
      .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
      .join(',');
    const res = await httpCall(`${this.base()}${API_BASE}/scans/uploads`, {
      method: 'POST',
      headers: {
        ...this.headers(),
        'tus-resumable': '1.0.0',
        'upload-length': String(body.length),
        'upload-metadata': metadata,
        'content-type': 'application/offset+octet-stream',
      },
      body,
      signal,
    });
    if (REFUSALS.has(res.status)) throw new ScanRefusedError(meta.sha256, res.status, res.body.toString('utf8'));
    if (res.status === NOT_DECLARED_YET) throw new NotDeclaredYetError(res.body.toString('utf8'));
    if (res.status !== 201 || res.headers['upload-offset'] !== String(body.length)) throw new Error(`scan upload HTTP ${res.status}`);
    this.emit('progress', { sha256: meta.sha256, bytesSent: body.length, bytesTotal: body.length });
  }

  private runOnce(meta: ScanUploadMeta, body: Buffer, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const upload = new Upload(body, {
        endpoint: `${this.base()}${API_BASE}/scans/uploads`,
        metadata: { sha256: meta.sha256, mime: meta.mime, caseId: meta.caseId, filename: meta.sha256 },
        headers: this.headers(),
        urlStorage: this.opts.urls,
        fingerprint: () => Promise.resolve(`scan-${meta.sha256}@${this.base()}`),
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        retryDelays: null, // our own loop retries with unbounded backoff
        onProgress: (bytesSent, bytesTotal) => this.emit('progress', { sha256: meta.sha256, bytesSent, bytesTotal }),
        onSuccess: () => resolve(),
        onError: (error) => {
          const status = (error as DetailedError).originalResponse?.getStatus() ?? 0;
          if (REFUSALS.has(status)) {
            const body = (error as DetailedError).originalResponse?.getBody() ?? error.message;
            reject(new ScanRefusedError(meta.sha256, status, body));
          } else if (status === NOT_DECLARED_YET) {
            reject(new NotDeclaredYetError(error.message));
          } else if (status === 404 || status === 410) {
            // The office lost or expired the partial upload: forget it and start again.
            void this.forget(meta.sha256).then(() => reject(error), reject);
          } else reject(error);
        },
      });
      // tus-js-client reports no error for an abort it was asked for, so settle the promise here.
      signal?.addEventListener(
        'abort',
        () => {
          void upload.abort().finally(() => reject(new Error('upload aborted')));
        },
        { once: true },
      );
      upload.findPreviousUploads().then((previous) => {
        const last = previous[previous.length - 1];
        if (last) upload.resumeFromPreviousUpload(last);
        upload.start();
      }, reject);
    });
  }

  private async forget(sha256: string): Promise<void> {
    for (const u of await this.opts.urls.findUploadsByFingerprint(`scan-${sha256}@${this.base()}`)) await this.opts.urls.removeUpload(u.urlStorageKey);
  }
}
