import { type RowProblem } from '#domain/legacy/legacy-row.ts';
import { type Db } from '#office/platform/db/db.ts';
import { isUniqueViolation } from '#office/platform/db/errors.ts';
import { sql, sqlLimit } from '#office/platform/db/sql.ts';
import { type ImportMode, type ImportStatus, type ImportStore, type LedgerImport } from './import-store.ts';

type Row = {
  id: string; file_name: string; file_sha256: string | null; mode: string; status: string; created_by: string; created_at: string; finished_at: string | null;
  total: number; imported: number; problems: string;
};

const importOf = (r: Row): LedgerImport => ({
  id: r.id, fileName: r.file_name, fileSha256: r.file_sha256 ?? '', mode: r.mode as ImportMode, status: r.status as ImportStatus, createdBy: r.created_by,
  createdAt: r.created_at, finishedAt: r.finished_at, total: Number(r.total), imported: Number(r.imported), problems: JSON.parse(r.problems) as RowProblem[],
});

const isRunningViolation = (e: unknown) => isUniqueViolation(e, { sqlite: 'archive_imports.file_sha256', postgres: 'archive_imports_one_running' });

/** Ledger imports on the office's database, SQLite or PostgreSQL (table `archive_imports` of 0008_archive.sql, 0022_import-resume.sql). */
export function dbImportStore(db: Db): ImportStore {
  return {
    create: async (i) => {
      try {
        await db.run(sql`INSERT INTO archive_imports (id, kind, file_name, file_sha256, mode, status, created_by, created_at, finished_at, total, imported, problems)
                  VALUES (${i.id}, 'ledger', ${i.fileName}, ${i.fileSha256}, ${i.mode}, ${i.status}, ${i.createdBy}, ${i.createdAt}, ${i.finishedAt}, ${i.total}, ${i.imported}, ${JSON.stringify(i.problems)})`);
        return 'ok';
      } catch (e) {
        if (isRunningViolation(e)) return 'file-running';
        throw e;
      }
    },
    running: async (sha) => {
      const r = await db.get<Row>(sql`SELECT * FROM archive_imports WHERE file_sha256 = ${sha} AND status = 'running'`);
      return r && importOf(r);
    },
    progress: async (id, imported, problems) => {
      await db.run(sql`UPDATE archive_imports SET imported = ${imported}, problems = ${JSON.stringify(problems)} WHERE id = ${id} AND status = 'running'`);
    },
    finish: async (id, status, imported, problems, at) => {
      await db.run(sql`UPDATE archive_imports SET status = ${status}, imported = ${imported}, problems = ${JSON.stringify(problems)}, finished_at = ${at} WHERE id = ${id} AND status = 'running'`);
    },
    get: async (id) => {
      const r = await db.get<Row>(sql`SELECT * FROM archive_imports WHERE id = ${id} AND kind = 'ledger'`);
      return r && importOf(r);
    },
    // The id breaks a tie of two imports in one millisecond (PostgreSQL has no rowid to keep insertion order).
    recent: async (limit) => (await db.all<Row>(sql`SELECT * FROM archive_imports WHERE kind = 'ledger' ORDER BY created_at DESC, id DESC ${sqlLimit(limit)}`)).map(importOf),
  };
}
