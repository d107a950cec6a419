import { type SyncCollection } from '#protocol/collections.ts';
import { z } from 'zod';
import {
  type ChainStatus,
  type Checkpoint,
  type DeviceReport,
  EnrollResponse,
  ErrorBody,
  OutboxResponse,
  type OutboxResult,
  type OutboxRow,
  PullResponse,
  ScanState,
  SnapshotRefreshResponse,
  type WipeReadyRequest,
  WipeReadyResponse,
} from '#protocol/messages.ts';
import { API_BASE, PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/version.ts';

export type FetchLike = typeof fetch;

/** The office's failure answers (500, a full disk's 507) carry a message and a request id, not a sync error code. */
const PlainMessage = z.object({ message: z.string().min(1).max(1000) });

/** A refusal from the office (4xx/5xx with its typed body), as opposed to the office being unreachable. */
export class OfficeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
    /** The office's own (Chinese) message when the body is not a typed sync error (its failure answers: 500, 507). */
    private readonly plainMessage: string | null = null,
  ) {
    super(body?.message ?? plainMessage ?? `办公室返回错误（代码 ${status}）`);
  }
  /** What the office said, in its words, if it said anything. */
  get officeMessage(): string | null {
    return this.body?.message ?? this.plainMessage;
  }
  /** 4xx: the office understood and refused; retrying the same request will not help. */
  get isRefusal(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429;
  }
}

/** The office's refusal as the van reads it: its typed sync error, or else its own message (its failure answers). */
export function officeErrorOf(status: number, json: unknown): OfficeHttpError {
  const body = ErrorBody.safeParse(json);
  const plain = PlainMessage.safeParse(json);
  return new OfficeHttpError(status, body.success ? body.data : null, plain.success ? plain.data.message : null);
}

export type OfficeClientOptions = { officeUrl: string; deviceToken?: string; fetch?: FetchLike };

/** The van's HTTP client for the office API (sync/protocol/messages.ts): pull, outbox, enroll, report. */
export class OfficeClient {
  private readonly base: string;
  private readonly fetchFn: FetchLike;
  constructor(private readonly opts: OfficeClientOptions) {
    this.base = opts.officeUrl.replace(/\/+$/, '');
    this.fetchFn = opts.fetch ?? ((input, init) => fetch(input, init));
  }

  headers(extra?: Record<string, string>): Record<string, string> {
    return {
      [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
      ...(this.opts.deviceToken ? { authorization: `Bearer ${this.opts.deviceToken}` } : {}),
      ...extra,
    };
  }

  url(path: string): string {
    return `${this.base}${API_BASE}${path}`;
  }

  /** The raw fetch this client uses (streams read the body themselves). */
  rawFetch(path: string, init: RequestInit): Promise<Response> {
    return this.fetchFn(this.url(path), init);
  }

  private async request(path: string, init?: RequestInit): Promise<unknown> {
    const res = await this.fetchFn(this.url(path), { headers: this.headers(), ...init });
    const json: unknown = await res.json().catch(() => null);
    if (!res.ok) throw officeErrorOf(res.status, json);
    return json;
  }

  /** A JSON body posted to the office; its JSON answer. */
  private post(path: string, body: unknown): Promise<unknown> {
    return this.request(path, { method: 'POST', headers: this.headers({ 'content-type': 'application/json' }), body: JSON.stringify(body) });
  }

  async pull(collection: SyncCollection, checkpoint: Checkpoint | undefined, limit: number): Promise<PullResponse> {
    const q = new URLSearchParams({ limit: String(limit) });
    if (checkpoint) q.set('checkpoint', JSON.stringify(checkpoint));
    return PullResponse.parse(await this.request(`/sync/${collection}/pull?${q.toString()}`));
  }

  /** Protocol 14: the van's own documents in write order; one answer per row taken (up to the first refusal). */
  async outbox(rows: readonly OutboxRow[]): Promise<OutboxResult[]> {
    return OutboxResponse.parse(await this.post('/sync/outbox', { rows })).results;
  }

  async report(report: DeviceReport): Promise<ChainStatus> {
    return (await this.post('/devices/me/report', report)) as ChainStatus;
  }

  /** Asks the office to read the register again for the units of `tripIds` (its trips from today on when empty). */
  async refreshUnitSnapshots(tripIds: readonly string[]): Promise<SnapshotRefreshResponse> {
    return SnapshotRefreshResponse.parse(await this.post('/devices/me/unit-snapshots', { tripIds }));
  }

  /** Asks the office for another run of the trip's receipt numbers for this device (it arrives in the trip ledger). */
  async grantReceipts(tripId: string): Promise<void> {
    await this.post('/devices/me/receipt-grants', { tripId });
  }

  /** Whether the office holds a verified copy of the scan file `sha256`. */
  async scanState(sha256: string): Promise<ScanState> {
    return ScanState.parse(await this.request(`/scans/${sha256}`));
  }

  /** A device ordered wiped says what it still holds unsynced; the office answers whether it may erase now. */
  async wipeReady(report: WipeReadyRequest): Promise<WipeReadyResponse> {
    return WipeReadyResponse.parse(await this.post('/devices/me/wipe/ready', report));
  }

  /** The device erased its data at `erasedAt`. */
  async wipeDone(erasedAt: string): Promise<void> {
    await this.post('/devices/me/wipe/done', { erasedAt });
  }

  async enroll(code: string, deviceName: string): Promise<EnrollResponse> {
    return EnrollResponse.parse(await this.post('/devices/enroll', { code, deviceName }));
  }
}
