import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { rowProblemLine } from '#domain/legacy/legacy-text.ts';
import { A } from '#server/office/archive/archive-text.ts';
import { dbImportStore } from '#server/office/archive/db-import-store.ts';
import { dbRegisterStore } from '#server/office/archive/db-register-store.ts';
import { IMPORT_BATCH, LegacyImporter, MAX_LEDGER_BYTES } from '#server/office/archive/legacy-import.ts';
import { openPostgresStorage, openSqliteStorage } from '#server/storage/open-storage.ts';

/**
 * `npm run import-ledger -- --staff <id> [--good-rows] <file.csv|file.xlsx>`: the old ledger imported on the office
 * server itself, for a file too large for the browser's patience. It prints its progress after every batch; killed,
 * it is run again with the same file and continues where it stopped. Any running office server sees the new units
 * (their snapshots for vans are built from the outbox this writes).
 */
const C = A.imports.cli;
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    data: { type: 'string', default: '.data/office' },
    database: { type: 'string' },
    staff: { type: 'string' },
    'good-rows': { type: 'boolean', default: false },
    batch: { type: 'string', default: String(IMPORT_BATCH) },
  },
});
const file = positionals[0];
const batch = Number(values.batch);
if (!file || !values.staff || !Number.isInteger(batch) || batch < 1) {
  process.stderr.write(`${C.usage}\n`);
  process.exit(2);
}
if (statSync(file).size > MAX_LEDGER_BYTES) {
  process.stderr.write(`${A.imports.tooLarge}\n`);
  process.exit(2);
}
const databaseUrl = values.database ?? process.env['OFFICE_DATABASE_URL'];
const storage = databaseUrl ? await openPostgresStorage(databaseUrl) : openSqliteStorage(values.data);
try {
  const importer = new LegacyImporter(dbRegisterStore(storage.db), dbImportStore(storage.db), { now: () => new Date() }, batch);
  const done = await importer.importLedger(values.staff, basename(file), readFileSync(file), values['good-rows'] ? 'good-rows' : 'all-or-nothing', (p) => {
    process.stdout.write(`${C.progress(p.id, p.imported, p.total, p.resumed)}\n`);
  });
  for (const p of done.problems) process.stdout.write(`${rowProblemLine(p.row, p.column, p.code, p.detail)}\n`);
  process.stdout.write(`${C.done(done.id, A.imports.status[done.status] ?? done.status, done.total, done.imported)}\n`);
  process.exitCode = done.imported > 0 ? 0 : 1;
} finally {
  await storage.close();
}
