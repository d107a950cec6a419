import Database from 'better-sqlite3';
import { SqlRunner } from '#server/db/sql.ts';

/**
 * The archive's own connection to the office database (`dataDir/office.sqlite`, WAL, migrated by the sync
 * server's storage when it opened the file), so its tables share the file and its backups.
 */
export function openArchiveDb(dataDir: string): { q: SqlRunner; close(): void } {
  const db = new Database(`${dataDir}/office.sqlite`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  return { q: new SqlRunner(db), close: () => db.close() };
}
