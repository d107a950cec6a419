/**
 * The receipt printer driver: status (DLE EOT 1..4) before and after every job, sent only between
 * jobs (Epson ESC/POS reference: never inside another command), and a journal so that no job is lost silently
 * or printed twice by a retry. Every failure says what state the paper is in (printer-text.ts).
 */
import { type Logger } from 'pino';
import { type Result, err, ok } from '#domain/result.ts';
import { createLogger } from '#electron/services/log.ts';
import { type LinkOpener, type SerialLink } from '../serial-link.ts';
import { SerialQueue } from '../timers.ts';
import { type JobJournal } from './job-journal.ts';
import { PRINTER_ERROR_TEXT, type PrinterErrorCode } from './printer-text.ts';
import { DLE_EOT, type PrinterState, decodeStatus, isStatusByte } from './status.ts';

export type PrintJob = { id: string; bytes: Uint8Array };
export type PrintOutcome = { jobId: string; alreadyPrinted: boolean; after: PrinterState | null };
export type PrinterFailure = { code: PrinterErrorCode; message: string; jobId?: string };

export type PrinterOptions = {
  open: LinkOpener;
  journal: JobJournal;
  /** Line speed, to know how long the printer needs to swallow a job before it can answer the status after it. */
  baudRate: number;
  statusTimeoutMs?: number;
  now?: () => string;
  log?: Logger;
};

const fail = (code: PrinterErrorCode, jobId?: string): PrinterFailure => ({ code, message: PRINTER_ERROR_TEXT[code], ...(jobId ? { jobId } : {}) });

/** Why a printer in this state must not start a job (nothing has been printed yet). */
export function blockingProblem(s: PrinterState): PrinterErrorCode | null {
  if (s.coverOpen) return 'cover-open';
  if (s.paper === 'out') return 'paper-out';
  if (s.cutterError || s.unrecoverableError) return 'printer-error';
  if (!s.online) return 'offline';
  return null;
}

export class PrinterDriver {
  private readonly queue = new SerialQueue();
  private readonly log: Logger;
  private link: SerialLink | null = null;
  private unsubscribe: (() => void)[] = [];
  private waiter: ((b: number | null) => void) | null = null;

  constructor(private readonly opts: PrinterOptions) {
    this.log = opts.log ?? createLogger('printer');
  }

  /** The printer's state now (queued behind any job in progress). */
  status(): Promise<Result<PrinterState, PrinterFailure>> {
    return this.queue.run(() => this.queryStatus(0));
  }

  /**
   * Prints one job. A job id that already printed is acknowledged (`alreadyPrinted`) and not sent again;
   * one that was cut off mid-print is refused as `in-doubt` so staff check the paper and reprint explicitly.
   */
  print(job: PrintJob): Promise<Result<PrintOutcome, PrinterFailure>> {
    return this.queue.run(async () => {
      const { journal } = this.opts;
      const now = this.opts.now ?? (() => new Date().toISOString());
      const previous = await journal.get(job.id);
      if (previous?.state === 'done') return ok({ jobId: job.id, alreadyPrinted: true, after: null });
      if (previous?.state === 'sending' || previous?.state === 'in-doubt') return err(fail('in-doubt', job.id));
      const before = await this.queryStatus(0);
      if (!before.ok) return err({ ...before.error, jobId: job.id });
      const problem = blockingProblem(before.value);
      if (problem) {
        await journal.put({ id: job.id, state: 'refused', at: now(), detail: problem });
        return err(fail(problem, job.id));
      }
      await journal.put({ id: job.id, state: 'sending', at: now() });
      const link = this.link;
      try {
        if (!link) throw new Error('link lost');
        await link.write(job.bytes);
      } catch (error) {
        this.log.error({ err: error, jobId: job.id }, 'print job write failed');
        await journal.put({ id: job.id, state: 'in-doubt', at: now(), detail: 'disconnected' });
        return err(fail('disconnected-during-job', job.id));
      }
      // The status query queues behind the job on the line, so its answer also says the job went through.
      const wireMs = (job.bytes.length * 10_000) / this.opts.baudRate;
      const after = await this.queryStatus(wireMs * 1.5 + 2000);
      if (!after.ok || blockingProblem(after.value)) {
        await journal.put({ id: job.id, state: 'in-doubt', at: now(), detail: after.ok ? (blockingProblem(after.value) ?? '') : after.error.code });
        return err(fail(after.ok ? 'failed-during-job' : 'disconnected-during-job', job.id));
      }
      await journal.put({ id: job.id, state: 'done', at: now() });
      return ok({ jobId: job.id, alreadyPrinted: false, after: after.value });
    });
  }

  async close(): Promise<void> {
    const link = this.link;
    this.detach();
    await link?.close();
  }

  private async queryStatus(extraFirstWaitMs: number): Promise<Result<PrinterState, PrinterFailure>> {
    const link = await this.ensureLink();
    if (!link) return err(fail('unavailable'));
    const replies: number[] = [];
    for (const n of [1, 2, 3, 4] as const) {
      const b = await this.ask(link, n, (this.opts.statusTimeoutMs ?? 500) + (n === 1 ? extraFirstWaitMs : 0));
      if (b === null) return err(fail('not-connected'));
      replies.push(b);
    }
    const [printer = 0, offline = 0, error = 0, paper = 0] = replies;
    return ok(decodeStatus({ printer, offline, error, paper }));
  }

  private ask(link: SerialLink, n: 1 | 2 | 3 | 4, timeoutMs: number): Promise<number | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(null), timeoutMs);
      const done = (b: number | null) => {
        clearTimeout(timer);
        this.waiter = null;
        resolve(b);
      };
      this.waiter = done;
      link.write(DLE_EOT(n)).catch(() => done(null));
    });
  }

  private async ensureLink(): Promise<SerialLink | null> {
    if (this.link?.isOpen) return this.link;
    this.detach();
    try {
      const link = await this.opts.open();
      this.link = link;
      this.unsubscribe = [
        link.onData((chunk) => {
          // Anything that is not a status byte (XON/XOFF, noise) is discarded (§2.4).
          for (const b of chunk) if (isStatusByte(b)) this.waiter?.(b);
        }),
        link.onClose(() => {
          this.detach();
          this.waiter?.(null);
        }),
      ];
      return link;
    } catch (error) {
      this.log.warn({ err: error }, 'cannot open printer port');
      return null;
    }
  }

  private detach(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    this.link = null;
  }
}
