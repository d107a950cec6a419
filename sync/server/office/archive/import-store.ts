import { type RowProblem } from '#domain/legacy/legacy-row.ts';

/**
 * Legacy ledger imports: what was asked, how far it got, what came of it, and every problem by row. The adapter over
 * the office database (SQLite or PostgreSQL) is `db-import-store.ts`.
 */
export type ImportMode = 'all-or-nothing' | 'good-rows';
/** `running` while its records are written batch by batch (and after a crash, until the same file is sent again). */
export type ImportStatus = 'running' | 'imported' | 'partly-imported' | 'refused';

export type LedgerImport = {
  id: string;
  fileName: string;
  /** SHA-256 of the file: an unfinished import is found again by its file. */
  fileSha256: string;
  mode: ImportMode;
  status: ImportStatus;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  total: number;
  /** Records in the register so far (all of them once finished). */
  imported: number;
  problems: RowProblem[];
};

export type ImportStore = {
  /** Stores a new import; refused when an import of the same file is still running. */
  create(i: LedgerImport): Promise<'ok' | 'file-running'>;
  /** The unfinished import of this file, if any. */
  running(fileSha256: string): Promise<LedgerImport | undefined>;
  /** How many of a running import's records are in the register now. */
  progress(id: string, imported: number, problems: readonly RowProblem[]): Promise<void>;
  /** Ends a running import with its outcome. */
  finish(id: string, status: Exclude<ImportStatus, 'running'>, imported: number, problems: readonly RowProblem[], at: string): Promise<void>;
  get(id: string): Promise<LedgerImport | undefined>;
  recent(limit: number): Promise<LedgerImport[]>;
};
