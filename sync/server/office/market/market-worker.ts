import { chinaDate } from '#domain/calendar/china-time.ts';
import { type Clock } from '#domain/clock.ts';
import { FILING_STATUS_TEXT } from '#domain/market/market-text.ts';
import { createLogger } from '#office/platform/logger.ts';
import { type FilingService } from './filing-service.ts';
import { type ListingService } from './listing-service.ts';
import { type MarketStores, type OutboxItem } from './market-store.ts';
import { type RegisterPort } from './register-port.ts';

const log = createLogger('market');

/** How often the outbox is looked at even when nothing woke the worker (work left by a crash, a lost wake-up). */
const SWEEP_MS = 30_000;

/**
 * Does the work a market change leaves in the outbox, after its commit: a unit's listings brought in line,
 * a filing's status written into the register. A register change (a seizure, a 登簿) queues the unit's
 * listings too. An item is removed only once done, so a crash in between loses nothing; every item is
 * idempotent, so doing one twice changes nothing.
 */
export class MarketWorker {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopListening: () => void = () => undefined;
  private stopped = false;
  /** Register changes still being written to the outbox: a round waits for them, so it sees their work. */
  private readonly queued = new Set<Promise<void>>();

  constructor(
    private readonly stores: MarketStores,
    private readonly register: RegisterPort,
    private readonly filings: FilingService,
    private readonly listings: ListingService,
    private readonly clock: Clock,
  ) {}

  start(): void {
    this.stopped = false;
    this.stopListening = this.register.onChange((unitNumber) => {
      const queued = this.stores.outbox.enqueue([unitNumber], { kind: 'reconcile-unit' }, this.clock.now().toISOString());
      this.queued.add(queued);
      queued.then(
        () => {
          this.queued.delete(queued);
          if (!this.stopped) void this.tick();
        },
        (error: unknown) => {
          this.queued.delete(queued);
          log.error({ err: error, unit: unitNumber }, 'market outbox: a register change was not queued; the next sweep reconciles the unit');
        },
      );
    });
    this.timer = setInterval(() => void this.tick(), SWEEP_MS);
    this.timer.unref();
    void this.tick();
  }

  /** Stops listening and sweeping; resolves once a round under way has finished (before the stores close). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopListening();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.queued]);
    await this.running;
  }

  /** One round over the outbox; a call while a round runs makes it go round once more. Resolves when idle. */
  tick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    // `running` is cleared in the same step that sees no call came in, so no call falls between the two.
    const run = async () => {
      try {
        do {
          this.again = false;
          await this.round();
        } while (this.again);
      } finally {
        this.running = null;
      }
    };
    this.running = run();
    return this.running;
  }

  private async round(): Promise<void> {
    await Promise.allSettled([...this.queued]);
    for (let items = await this.stores.outbox.outbox(100); items.length > 0; items = await this.stores.outbox.outbox(100)) {
      const done: number[] = [];
      for (const item of items) if (await this.run(item)) done.push(item.id);
      await this.stores.outbox.complete(done);
      if (done.length < items.length) return; // the rest waits for the next round
    }
  }

  private async run(item: OutboxItem): Promise<boolean> {
    try {
      switch (item.work.kind) {
        case 'reconcile-unit':
          // A 登簿 to the buyers closes the filing first, so the listings are reconciled with the filing as it ends.
          await this.filings.closeOnRegistration(item.unitNumber);
          await this.listings.reconcileUnit(item.unitNumber);
          return true;
        case 'register-filing':
          await this.writeRegister(item.work.filingId);
          return true;
      }
    } catch (error) {
      log.error({ err: error, unit: item.unitNumber, work: item.work.kind }, 'market outbox item failed; retried next round');
      return false;
    }
  }

  /** The register's filing slot shows the filing's status as it is now (so an old item writes nothing stale). */
  private async writeRegister(filingId: string): Promise<void> {
    const v = await this.filings.view(filingId);
    if (!v) return;
    const at = this.clock.now().toISOString();
    const { row, state } = v;
    if (state.status === 'active') {
      await this.register.writeFiling({ kind: 'filed', unitNumber: row.unitNumber, filingId, contractNumber: row.contractNumber, buyers: state.buyers.map((b) => b.name), filedOn: chinaDate(row.filedAt) }, at);
      return;
    }
    const last = v.events.at(-1);
    const reason = last?.kind === 'cancelled' ? `${FILING_STATUS_TEXT.cancelled}：${last.reason}` : FILING_STATUS_TEXT[state.status];
    await this.register.writeFiling({ kind: 'ended', unitNumber: row.unitNumber, filingId, reason }, at);
  }
}
