import { createHash } from 'node:crypto';
import { chinaDate } from '#domain/calendar/china-time.ts';
import { type Clock } from '#domain/clock.ts';
import { type RegisterEntry, type RegisterSource } from '#domain/register/entries.ts';
import { projectRegister, type RegisterView } from '#domain/register/project.ts';
import { type CourtAct, type CourtActRefusal, type DecidedCourtAct, decideCourtAct, seizuresOn } from '#domain/register/seizures.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { type OfficeContext } from '#server/context.ts';
import { createLogger } from '#office/platform/logger.ts';
import { type Staff } from '#server/office/session.ts';
import { CaseProgressReader } from './case-progress.ts';
import { type OutboxItem, type OutboxWork, type RegisterStore } from './register-store.ts';
import { SnapshotWriter } from './snapshots.ts';
import { A } from './archive-text.ts';

const log = createLogger('archive');

/** Reports a case's 登簿 on a unit to the province (sync/server/office/province/province-reporter.ts). */
export type ProvinceReport = (unitNumber: string, eventId: string, caseId: string) => Promise<void>;

export type CourtActOutcome = Result<{ entries: RegisterEntry[]; decided: DecidedCourtAct }, CourtActRefusal | 'unit-unknown'>;

/** The same notice for the same unit is one act: a form sent twice records it once. */
const courtEntryId = (act: CourtAct, unitNumber: string): string =>
  `court:${act.act}:${createHash('sha256').update(`${act.document.court}\n${act.document.noticeNumber}`).digest('hex').slice(0, 16)}:${unitNumber}`;

/**
 * The register's use cases at the office: reading a unit's register as of a day, recording a court's act, and
 * keeping what depends on the register in step (the 登簿 of cases read from the case stream, the unit snapshots
 * vans carry, the seizure flags on open cases). Everything a change must cause afterwards goes through the
 * outbox, written with the change, so a crash between the two loses nothing.
 */
export class RegisterService {
  private readonly cases: CaseProgressReader;
  private readonly snapshots: SnapshotWriter;
  private running: Promise<void> | null = null;
  private sweptOn = '';

  constructor(
    ctx: OfficeContext,
    readonly store: RegisterStore,
    private readonly clock: Clock,
    private readonly reportProvince: ProvinceReport | null = null,
  ) {
    this.cases = new CaseProgressReader(ctx, store);
    this.snapshots = new SnapshotWriter(ctx, store, clock);
  }

  today(): string {
    return chinaDate(this.clock.now().toISOString());
  }

  /** The register of a unit as of `asOf` (default today), with every 登簿 made so far; undefined when unknown. */
  async registerOf(unitNumber: string, asOf = this.today()): Promise<RegisterView | undefined> {
    await this.cases.catchUp();
    const entries = await this.store.entriesOf(unitNumber);
    return entries.length > 0 ? projectRegister(unitNumber, entries, asOf) : undefined;
  }

  /**
   * Records a court's act on a unit (实施细则 第九十条至第九十二条). A seizure flags the unit's open cases and
   * stops their 登簿 (查封规定 第二十三条); a lift that leaves the unit free clears those flags, saying who and why.
   */
  async recordCourtAct(staff: Staff, unitNumber: string, act: CourtAct): Promise<CourtActOutcome> {
    const now = this.clock.now().toISOString();
    const source: RegisterSource = { kind: 'court', court: act.document.court, noticeNumber: act.document.noticeNumber };
    let decided: DecidedCourtAct | null = null;
    const r = await this.store.append(unitNumber, (entries) => {
      if (!entries.some((e) => e.kind === 'unit-established')) return err('unit-unknown' as const);
      const d = decideCourtAct(entries, act, now);
      if (!d.ok) return err(d.error);
      decided = d.value;
      const pending = { ...d.value.body, id: 'pending', unitNumber, seq: entries.length + 1, recordedAt: now, recordedBy: staff.id, source, prevHash: null, hash: '' } as RegisterEntry;
      const stillSeized = seizuresOn([...entries, pending], chinaDate(now)).effective !== null;
      const outbox: OutboxWork[] = [{ kind: 'snapshot' }];
      const doc = `${act.document.court} ${act.document.noticeNumber}`;
      // A seizure delivered after its own period ended (recorded late) has no effect left to stop a case with.
      // A 续封 delivered in time but recorded after the office let the period lapse (and cleared the flags) seizes the
      // unit again from that record on: its open cases are flagged again (cases already flagged are left as they are).
      if ((act.act === 'seize' || act.act === 'renew') && stillSeized) outbox.push({ kind: 'flag-cases', message: A.flags.seized(doc, d.value.standing === 'effective' ? null : d.value.rank), staffId: staff.id });
      if (act.act === 'lift' && !stillSeized) outbox.push({ kind: 'clear-flags', reason: A.flags.lifted(doc, act.reason, staff.name), staffId: staff.id });
      return ok({ entries: [{ id: courtEntryId(act, unitNumber), body: d.value.body }], source, recordedBy: staff.id, recordedAt: now, outbox });
    });
    if (!r.ok) return r;
    await this.tick();
    const done = decided as DecidedCourtAct | null;
    if (!done) throw new Error('court act recorded without a decision');
    return ok({ entries: r.value, decided: done });
  }

  /** Resolves when no round is running (the archive closes its database after it). */
  idle(): Promise<void> {
    return (this.running ?? Promise.resolve()).catch(() => undefined);
  }

  /** One round of keeping step: read new case events, let periods run out, do the outbox. Never two at once. */
  tick(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async round(): Promise<void> {
    await this.cases.catchUp();
    const today = this.today();
    if (this.sweptOn !== today) {
      await this.snapshots.sweep(today);
      this.sweptOn = today;
    }
    for (let items = await this.store.outbox(100); items.length > 0; items = await this.store.outbox(100)) {
      const done: number[] = [];
      // In order; a run of snapshots in a row is written together (see runSnapshots).
      for (let i = 0; i < items.length; ) {
        let end = i;
        while (end < items.length && items[end]?.work.kind === 'snapshot') end++;
        if (end > i) {
          done.push(...(await this.runSnapshots(items.slice(i, end))));
          i = end;
        } else {
          const item = items[i++];
          if (item && (await this.run(item))) done.push(item.id);
        }
      }
      await this.store.completeOutbox(done);
      if (done.length < items.length) return; // the rest waits for the next round
    }
  }

  /**
   * Snapshots in one write; if that fails, each on its own, as any other item, so one unit that cannot be written
   * holds back only itself. Returns the ids done.
   */
  private async runSnapshots(items: readonly OutboxItem[]): Promise<number[]> {
    if (items.length > 1) {
      try {
        await this.snapshots.snapshots(items.map((item) => item.unitNumber));
        return items.map((item) => item.id);
      } catch (error) {
        log.warn({ err: error, units: items.length }, 'archive outbox: a run of snapshots failed together; each is tried alone');
      }
    }
    const done: number[] = [];
    for (const item of items) if (await this.run(item)) done.push(item.id);
    return done;
  }

  private async run(item: OutboxItem): Promise<boolean> {
    try {
      const w = item.work;
      // Without a reporter (an archive run on its own) there is no province to tell.
      if (w.kind === 'report-province') await this.reportProvince?.(item.unitNumber, w.eventId, w.caseId);
      else await this.snapshots.apply(item);
      return true;
    } catch (error) {
      log.error({ err: error, unit: item.unitNumber, work: item.work.kind }, 'archive outbox item failed; retried next round');
      return false;
    }
  }
}
