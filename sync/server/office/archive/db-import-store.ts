import { type RowProblem } from '#domain/legacy/legacy-row.ts';
import { type Db } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { type ImportMode, type ImportStatus, type ImportStore, type LedgerImport } from './import-store.ts';

type Row = { id: string; file_name: string; mode: string; status: string; created_by: string; created_at: string; total: number; imported: number; problems: string };

const importOf = (r: Row): LedgerImport => ({
  id: r.id, fileName: r.file_name, mode: r.mode as ImportMode, status: r.status as ImportStatus, createdBy: r.created_by, createdAt: r.created_at,
  total: r.total, imported: r.imported, problems: JSON.parse(r.problems) as RowProblem[],
});

/** Ledger imports on the office's database, SQLite or PostgreSQL (table `archive_imports` of migration 0008_archive.sql). */
export function dbImportStore(db: Db): ImportStore {
  return {
    save: async (i) => {
      await db.run(sql`INSERT INTO archive_imports (id, kind, file_name, mode, status, created_by, created_at, finished_at, total, imported, problems)
                VALUES (${i.id}, 'ledger', ${i.fileName}, ${i.mode}, ${i.status}, ${i.createdBy}, ${i.createdAt}, ${i.createdAt}, ${i.total}, ${i.imported}, ${JSON.stringify(i.problems)})`);
    },
    get: async (id) => {
      const r = await db.get<Row>(sql`SELECT * FROM archive_imports WHERE id = ${id} AND kind = 'ledger'`);
      return r && importOf(r);
    },
    // The id breaks a tie of two imports in one millisecond (PostgreSQL has no rowid to keep insertion order).
    recent: async (limit) => (await db.all<Row>(sql`SELECT * FROM archive_imports WHERE kind = 'ledger' ORDER BY created_at DESC, id DESC LIMIT ${limit}`)).map(importOf),
  };
}
