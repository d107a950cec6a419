import { type RowProblem } from '#domain/legacy/legacy-row.ts';

/**
 * Legacy ledger imports: what was asked, what came of it, and every problem by row. The adapter over the office
 * database (SQLite or PostgreSQL) is `db-import-store.ts`.
 */
export type ImportMode = 'all-or-nothing' | 'good-rows';
export type ImportStatus = 'imported' | 'partly-imported' | 'refused';

export type LedgerImport = {
  id: string;
  fileName: string;
  mode: ImportMode;
  status: ImportStatus;
  createdBy: string;
  createdAt: string;
  total: number;
  imported: number;
  problems: RowProblem[];
};

export type ImportStore = {
  save(i: LedgerImport): Promise<void>;
  get(id: string): Promise<LedgerImport | undefined>;
  recent(limit: number): Promise<LedgerImport[]>;
};
