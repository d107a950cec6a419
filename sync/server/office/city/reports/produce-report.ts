import { type CityReport, type ReportPeriod, REPORT_OFFICES, cityReport, periodMonths, trendMonths } from '#domain/city/report.ts';
import { type Queryable } from '#office/platform/db/db.ts';
import { cityRows, statRows } from '../stat-store.ts';
import { reportPdf, reportXlsx } from './report-files.ts';

export type ReportFiles = { report: CityReport; pdf: Uint8Array; xlsx: Uint8Array };

/** Reads a period's figures from the statistics table (each office's rows, the city's total rows) and draws both files. */
export async function produceReport(db: Queryable, period: ReportPeriod, now: Date): Promise<ReportFiles> {
  const { from, to } = periodMonths(period);
  const officeRows = await statRows(db, { offices: REPORT_OFFICES, fromMonth: from, toMonth: to });
  // The trend's months end with the period's last and hold all of its months.
  const totalRows = await cityRows(db, trendMonths(period)[0] ?? from, to);
  const report = cityReport(period, officeRows, totalRows);
  const [pdf, xlsx] = await Promise.all([reportPdf(report, now), reportXlsx(report, now)]);
  return { report, pdf, xlsx: new Uint8Array(xlsx) };
}
