/**
 * Error codes of a full disk: the OS's (write, rename, fsync), SQLite's ("database or disk is full") and
 * PostgreSQL's SQLSTATE 53100 disk_full.
 */
const DISK_FULL_CODES = new Set(['ENOSPC', 'SQLITE_FULL', 'EDQUOT', '53100']);

/** Whether an error, or any error it was caused by, says the disk is full. */
export function isDiskFull(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && DISK_FULL_CODES.has(code)) return true;
  }
  return false;
}
