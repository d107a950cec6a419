/**
 * The ID card reader driver: find → select → read over the SAM protocol, one command at a time,
 * each with its own timeout (GA 467; docs/devices.md). A card is read once per placement because the
 * SAM answers "no card" to find after a read until the card has left the field. Timeouts and 0x41
 * (card moved) reset the SAM and retry; an unplugged reader fails the read with `disconnected`, and
 * the next read re-opens the port, so the driver recovers when the reader comes back.
 *
 * What staff are told when the port cannot be used has one rule, independent of the order in which the OS
 * reports an unplug (close event, failed write, port found closed, or a re-open that fails while the pty or
 * USB device is being torn down): a reader this driver has ever had open is `disconnected` (check the cable);
 * `unavailable` (check the port setting) only ever means the configured port has never opened.
 */
import { type Logger } from 'pino';
import { type Result, err, ok } from '#domain/result.ts';
import { createLogger } from '#electron/services/log.ts';
import { type LinkOpener, type SerialLink } from '../serial-link.ts';
import { SerialQueue, drop, sleep } from '../timers.ts';
import { COMMANDS, type CommandName, type IdReaderErrorCode, SW3, errorForStatus } from './commands.ts';
import { type CardRead, decodeReadData } from './decode-text.ts';
import { CARD_DATA_TEXT, ID_READER_ERROR_TEXT } from './id-reader-text.ts';
import { FrameAssembler, type Response, buildCommand, toResponse } from './parse-frame.ts';

export type IdReaderFailure = { code: IdReaderErrorCode; message: string };

export type IdReaderTimeouts = { findMs: number; selectMs: number; readMs: number; samMs: number };

export type IdReaderOptions = {
  open: LinkOpener;
  timeouts?: Partial<IdReaderTimeouts>;
  /** Pause between "find" polls while waiting for a card. */
  pollIntervalMs?: number;
  /** Consecutive failures (timeouts, card moved, corrupt frames) tolerated before a read gives up. */
  maxRetries?: number;
  /** Read 30 10 (text + photo + fingerprint) instead of 30 01. */
  withFingerprint?: boolean;
  log?: Logger;
};

// §1.6: find/select 1 s, read 3 s are what working readers need; longer means the reader is gone.
const DEFAULT_TIMEOUTS: IdReaderTimeouts = { findMs: 1000, selectMs: 1000, readMs: 3000, samMs: 1000 };

const failure = (code: IdReaderErrorCode, detail?: string): IdReaderFailure => ({
  code,
  message: detail ? `${ID_READER_ERROR_TEXT[code]}：${detail}` : ID_READER_ERROR_TEXT[code],
});

/** Codes after which retrying cannot help: the reader itself is unusable or gone. */
const FATAL: ReadonlySet<IdReaderErrorCode> = new Set(['disconnected', 'unavailable', 'sam-self-test', 'sam-unauthorized', 'bad-command', 'unauthorized-operation']);
/** Codes after which the SAM is reset before the next attempt. */
const RESET_AFTER: ReadonlySet<IdReaderErrorCode> = new Set(['timeout', 'read-failed', 'frame-checksum', 'bad-response', 'sam-unknown-error']);

type Pending = { resolve: (r: Result<Response, IdReaderErrorCode>) => void; candidate?: { response: Response; timer: ReturnType<typeof setTimeout> } };

/**
 * A reply must be the whole transmission: bytes right after a complete frame mean a byte was
 * inserted on the line and the XOR happened to match (it catches every single-byte error, but a
 * slipped byte only with probability 255/256), so the frame is held this long before it counts.
 */
const SETTLE_MS = 4;

export class IdReaderDriver {
  private readonly queue = new SerialQueue();
  private readonly assembler = new FrameAssembler();
  private readonly timeouts: IdReaderTimeouts;
  private readonly log: Logger;
  private link: SerialLink | null = null;
  private unsubscribe: (() => void)[] = [];
  private pending: Pending | null = null;
  private isClosed = false;
  /** The port opened at least once: from then on, not reaching it means the reader was unplugged. */
  private hasOpened = false;

  constructor(private readonly opts: IdReaderOptions) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
    this.log = opts.log ?? createLogger('id-reader');
  }

  /**
   * Waits for a card (polling find until `timeoutMs` or the signal aborts), then reads it.
   * Never returns an identity from a frame that failed its checksum or a text block that failed validation.
   */
  async read(opts: { timeoutMs: number; signal?: AbortSignal }): Promise<Result<CardRead, IdReaderFailure>> {
    const deadline = performance.now() + opts.timeoutMs;
    const signal = opts.signal;
    let failures = 0;
    let last: IdReaderFailure | null = null;
    for (;;) {
      if (signal?.aborted) return err(failure('cancelled'));
      if (performance.now() >= deadline) return err(last ?? failure('no-card'));
      const attempt = await this.attempt(signal);
      if (signal?.aborted) return err(failure('cancelled'));
      if (attempt.ok) {
        if (attempt.value) return ok(attempt.value);
        // No card on the reader yet: wait and poll again. A "no card" is not a failure.
        last = null;
        failures = 0;
        if (!(await sleep(Math.min(this.opts.pollIntervalMs ?? 200, Math.max(0, deadline - performance.now())), signal))) return err(failure('cancelled'));
        continue;
      }
      last = attempt.error;
      this.log.warn({ code: attempt.error.code, failures }, 'card read attempt failed');
      if (FATAL.has(attempt.error.code)) return err(attempt.error);
      failures += 1;
      if (failures > (this.opts.maxRetries ?? 2)) return err(attempt.error);
      if (RESET_AFTER.has(attempt.error.code)) {
        const reset = await this.resetSam();
        if (!reset.ok && FATAL.has(reset.error.code)) return err(reset.error);
      }
    }
  }

  /** One find → select → read pass. `ok(null)` means no card is there. */
  private async attempt(signal?: AbortSignal): Promise<Result<CardRead | null, IdReaderFailure>> {
    const found = await this.command('findCard', this.timeouts.findMs);
    if (!found.ok) return err(failure(found.error));
    if (found.value.sw3 === SW3.noCard) return ok(null);
    if (found.value.sw3 !== SW3.findOk) return err(failure(errorForStatus(found.value.sw3)));
    if (signal?.aborted) return ok(null);
    const selected = await this.command('selectCard', this.timeouts.selectMs);
    if (!selected.ok) return err(failure(selected.error));
    if (selected.value.sw3 !== SW3.ok) return err(failure(errorForStatus(selected.value.sw3)));
    const withFp = this.opts.withFingerprint ?? false;
    const read = await this.command(withFp ? 'readWithFingerprint' : 'readBasic', this.timeouts.readMs);
    if (!read.ok) return err(failure(read.error));
    if (read.value.sw3 !== SW3.ok) return err(failure(errorForStatus(read.value.sw3)));
    const decoded = decodeReadData(read.value.data, withFp);
    if (!decoded.ok) return err(failure('card-data', CARD_DATA_TEXT[decoded.error]));
    return ok(decoded.value);
  }

  /** Reset SAM (10 FF) then SAM status (11 FF): what the vendor SDKs do after a timeout or 0x41. */
  async resetSam(): Promise<Result<void, IdReaderFailure>> {
    for (const name of ['resetSam', 'samStatus'] as const) {
      const r = await this.command(name, this.timeouts.samMs);
      if (!r.ok) return err(failure(r.error));
      if (r.value.sw3 !== SW3.ok) return err(failure(errorForStatus(r.value.sw3)));
    }
    return ok(undefined);
  }

  /** SAM status check (11 FF), for diagnostics. */
  async checkSam(): Promise<Result<void, IdReaderFailure>> {
    const r = await this.command('samStatus', this.timeouts.samMs);
    if (!r.ok) return err(failure(r.error));
    return r.value.sw3 === SW3.ok ? ok(undefined) : err(failure(errorForStatus(r.value.sw3)));
  }

  async close(): Promise<void> {
    this.isClosed = true;
    const link = this.link;
    this.detach();
    await link?.close();
  }

  /** Sends one command and waits for its reply frame; commands never overlap. */
  private command(name: CommandName, timeoutMs: number): Promise<Result<Response, IdReaderErrorCode>> {
    return this.queue.run(async () => {
      const link = await this.ensureLink();
      if (!link) return err(this.hasOpened ? ('disconnected' as const) : ('unavailable' as const));
      // A reply that arrives after its command timed out must not answer the next command.
      this.assembler.reset();
      const { cmd, para } = COMMANDS[name];
      return new Promise<Result<Response, IdReaderErrorCode>>((resolve) => {
        const timer = setTimeout(() => settle(err('timeout')), timeoutMs);
        const settle = (r: Result<Response, IdReaderErrorCode>) => {
          if (this.pending !== entry) return;
          clearTimeout(timer);
          if (entry.candidate) clearTimeout(entry.candidate.timer);
          this.pending = null;
          resolve(r);
        };
        const entry: Pending = { resolve: settle };
        this.pending = entry;
        drop(link.write(buildCommand(cmd, para)), (error) => {
          this.log.warn({ err: error, command: name }, 'write failed');
          // A port that cannot be written to is gone even if the OS has not said so yet: drop it, so the next
          // command opens the port afresh instead of writing into the dead one.
          if (this.link === link) this.detach();
          drop(link.close(), (e) => this.log.debug({ err: e }, 'close after a failed write'));
          settle(err('disconnected'));
        });
      });
    });
  }

  private async ensureLink(): Promise<SerialLink | null> {
    if (this.isClosed) return null;
    if (this.link?.isOpen) return this.link;
    this.detach();
    try {
      const link = await this.opts.open();
      this.link = link;
      this.hasOpened = true;
      this.unsubscribe = [link.onData((chunk) => this.onData(chunk)), link.onClose((reason) => this.onClose(reason))];
      this.log.info({ path: link.path }, 'reader port open');
      return link;
    } catch (error) {
      this.log.warn({ err: error }, 'cannot open reader port');
      return null;
    }
  }

  private onData(chunk: Uint8Array): void {
    const held = this.pending?.candidate;
    if (held && chunk.length > 0) {
      clearTimeout(held.timer);
      this.pending?.resolve(err('frame-checksum'));
      return;
    }
    for (const ev of this.assembler.push(chunk)) {
      switch (ev.kind) {
        case 'junk':
          break;
        case 'corrupt':
          // A corrupt frame is an error for the command waiting for it, never data.
          if (ev.error === 'checksum') this.pending?.resolve(err('frame-checksum'));
          break;
        case 'frame': {
          const response = toResponse(ev.frame);
          if (!this.pending) {
            this.log.debug('unsolicited frame dropped');
            break;
          }
          if (!response) {
            this.pending.resolve(err('bad-response'));
            break;
          }
          const entry = this.pending;
          entry.candidate = { response, timer: setTimeout(() => entry.resolve(ok(response)), SETTLE_MS) };
          break;
        }
      }
    }
  }

  private onClose(reason: 'closed' | 'disconnected'): void {
    this.log.warn({ reason }, 'reader port closed');
    this.detach();
    this.pending?.resolve(err('disconnected'));
  }

  private detach(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    this.link = null;
  }
}
