import { type Clock } from '#domain/clock.ts';
import { type ReportPeriod, dueReports, parsePeriod, periodId } from '#domain/city/report.ts';
import { type Queryable } from '#office/platform/db/db.ts';
import { createLogger } from '#office/platform/logger.ts';
import { todayInOffice } from '#server/office/today.ts';
import { type ReportFiles, currentFigures, lastFactSeq, produceReport } from './produce-report.ts';
import { type ReportStore, type StoredReport, revisionName } from './report-store.ts';

const log = createLogger('city-reports');

export type SchedulerOptions = {
  /** Days after a period's last day before its report is drawn (the counties' last entries reach the city first). Default 1. */
  graceDays?: number;
  /** How many closed months back a new or long-stopped office still draws. Default 12. */
  backMonths?: number;
  /** Draws a report (the office's draws on its drawing threads; the default draws in this thread). */
  produce?: (db: Queryable, period: ReportPeriod, now: Date, revision: number) => Promise<ReportFiles>;
};

/**
 * The city's scheduled reports: each round draws the monthly and yearly reports that have fallen due and are
 * not stored yet, one at a time, and stores each whole (ReportStore). Then it redraws, as a new revision, each
 * stored report whose figures have changed since it was drawn (a county that was offline caught up on the
 * period): as statistics offices publish revisions, the earlier one is kept, superseded. What is stored
 * decides what is due and what is stale, so a restart, or a crash in the middle of one, draws each report or
 * revision exactly once more at most and never twice.
 */
export class ReportScheduler {
  private readonly produce: NonNullable<SchedulerOptions['produce']>;

  constructor(
    private readonly db: Queryable,
    private readonly store: ReportStore,
    private readonly clock: Clock,
    private readonly opts: SchedulerOptions = {},
  ) {
    this.produce = opts.produce ?? produceReport;
  }

  /** Draws what is due today, then redraws what has gone stale; answers the revisions drawn (`month-2026-11`, `month-2026-11.r2`). */
  async runDue(): Promise<string[]> {
    const stored = await this.store.list();
    const done = new Set(stored.map((r) => r.id));
    const due = dueReports(todayInOffice(this.clock), done, { graceDays: this.opts.graceDays ?? 1, backMonths: this.opts.backMonths ?? 12 });
    const drawn: string[] = [];
    for (const period of due) drawn.push(await this.draw(period, 1));
    for (const report of await this.stale(stored)) {
      const period = parsePeriod(report.id);
      if (period) drawn.push(await this.draw(period, report.revision + 1));
    }
    return drawn;
  }

  /** The stored reports whose period's figures differ from those they were drawn from. */
  private async stale(stored: readonly StoredReport[]): Promise<StoredReport[]> {
    const factSeq = await lastFactSeq(this.db);
    const out: StoredReport[] = [];
    for (const report of stored) {
      const period = parsePeriod(report.id);
      // No fact has arrived since it was drawn: nothing can have changed its figures.
      if (!period || report.basis?.factSeq === factSeq) continue;
      if (report.basis?.figures !== (await currentFigures(this.db, period))) out.push(report);
    }
    return out;
  }

  private async draw(period: ReportPeriod, revision: number): Promise<string> {
    const id = periodId(period);
    const now = this.clock.now();
    const files = await this.produce(this.db, period, now, revision);
    const figures = { total: files.report.total, offices: files.report.offices };
    await this.store.save(id, files, now, { revision, basis: files.basis, figures });
    const name = revisionName(id, revision);
    log.info({ report: name }, revision === 1 ? 'city report stored' : 'city report redrawn: its figures changed since the last revision');
    return name;
  }
}
