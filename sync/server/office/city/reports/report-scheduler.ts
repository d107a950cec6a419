import { setImmediate as nextTurn } from 'node:timers/promises';
import { type Clock } from '#domain/clock.ts';
import { type ReportPeriod, dueReports, periodId } from '#domain/city/report.ts';
import { type Queryable } from '#office/platform/db/db.ts';
import { createLogger } from '#office/platform/logger.ts';
import { todayInOffice } from '#server/office/today.ts';
import { type ReportFiles, produceReport } from './produce-report.ts';
import { type ReportStore } from './report-store.ts';

const log = createLogger('city-reports');

export type SchedulerOptions = {
  /** Days after a period's last day before its report is drawn (the counties' last entries reach the city first). Default 1. */
  graceDays?: number;
  /** How many closed months back a new or long-stopped office still draws. Default 12. */
  backMonths?: number;
  /** Draws a report (the real one unless a test replaces it). */
  produce?: (db: Queryable, period: ReportPeriod, now: Date) => Promise<ReportFiles>;
};

/**
 * The city's scheduled reports: each round draws the monthly and yearly reports that have fallen due and are
 * not stored yet, one at a time, and stores each whole (ReportStore). What is stored decides what is due, so
 * a restart, or a crash in the middle of one, draws each report exactly once more at most and never twice.
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

  /** Draws what is due today; answers the ids drawn. */
  async runDue(): Promise<string[]> {
    const done = new Set((await this.store.list()).map((r) => r.id));
    const due = dueReports(todayInOffice(this.clock), done, { graceDays: this.opts.graceDays ?? 1, backMonths: this.opts.backMonths ?? 12 });
    const drawn: string[] = [];
    for (const period of due) {
      const id = periodId(period);
      const now = this.clock.now();
      const files = await this.produce(this.db, period, now);
      await this.store.save(id, files, now);
      log.info({ report: id }, 'city report stored');
      drawn.push(id);
      // Drawing is synchronous CPU work (ECharts, resvg): let the office answer its requests between two reports.
      await nextTurn();
    }
    return drawn;
  }
}
