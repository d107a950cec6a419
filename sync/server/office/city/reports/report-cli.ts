import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parsePeriod, periodBegun } from '#domain/city/report.ts';
import { writeFileDurably } from '#files/replace-file.ts';
import { todayInOffice } from '#server/office/today.ts';
import { openPostgresStorage, openSqliteStorage } from '#server/storage/open-storage.ts';
import { produceReport } from './produce-report.ts';
import { R } from './report-text.ts';

export const REPORT_COMMAND = 'city-report';

/**
 * `npm run office -- city-report <2026-11 | 2026> --out <dir>`: a report drawn on demand from the office's own
 * database (`--data`, `--database`), both files written whole into `dir`. Returns the exit code.
 */
export async function runReportCommand(args: string[], out: (line: string) => void, now = new Date()): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { data: { type: 'string', default: '.data/office' }, database: { type: 'string' }, out: { type: 'string' } } });
  const period = parsePeriod(positionals[0] ?? '');
  if (!period || !values.out) {
    out(positionals[0] && !period ? R.page.badPeriod(positionals[0]) : R.cli.usage);
    return 2;
  }
  // As the page refuses it: a period not yet begun has no figures, and its report would be an official page of zeros.
  if (!periodBegun(period, todayInOffice({ now: () => now }))) {
    out(R.page.notBegun(positionals[0] ?? ''));
    return 2;
  }
  const databaseUrl = values.database ?? process.env['OFFICE_DATABASE_URL'];
  const storage = databaseUrl ? await openPostgresStorage(databaseUrl) : openSqliteStorage(values.data);
  try {
    const files = await produceReport(storage.db, period, now);
    for (const format of ['pdf', 'xlsx'] as const) {
      const path = join(values.out, `${R.title(period)}.${format}`);
      await writeFileDurably(path, files[format]);
      out(R.cli.written(path));
    }
    return 0;
  } finally {
    await storage.close();
  }
}
