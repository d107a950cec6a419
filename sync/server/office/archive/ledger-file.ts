import { parse } from 'csv-parse/sync';
import { LEGACY_COLUMN_TEXT } from '#domain/legacy/legacy-text.ts';
import { REQUIRED_COLUMNS, type LegacyColumn, type LegacyRow } from '#domain/legacy/legacy-row.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { csvText } from '#server/csv-text.ts';
import { checkXlsxBounds, type LedgerLimit, MAX_LEDGER_ROWS } from './xlsx-bounds.ts';

export type LedgerReadError = { kind: 'unreadable' } | { kind: 'missing-columns'; columns: LegacyColumn[] } | LedgerLimit;

const HEADINGS = new Map(Object.entries(LEGACY_COLUMN_TEXT).map(([column, text]) => [text, column as LegacyColumn]));

/** Cell text as the old ledger meant it: an Excel date as `YYYY-MM-DD`, a number as written. */
function cellText(c: unknown): string {
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  if (c === null || c === undefined) return '';
  return typeof c === 'string' ? c.trim() : typeof c === 'number' || typeof c === 'boolean' ? String(c) : '';
}

async function table(bytes: Uint8Array): Promise<Result<string[][], LedgerReadError>> {
  // An .xlsx file is a ZIP archive (ECMA-376 Part 2): "PK\x03\x04".
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    const bounds = checkXlsxBounds(bytes);
    if (!bounds.ok) return bounds;
    const { readSheet } = await import('read-excel-file/node');
    const sheet = await readSheet(Buffer.from(bytes));
    return ok(sheet.map((row) => row.map(cellText)));
  }
  // Empty lines are kept (as blank rows) so that every later row keeps the number the spreadsheet shows. Parsing stops
  // one record past the most a ledger may hold (the heading and MAX_LEDGER_ROWS), so a file of empty lines is not read whole.
  const rows: string[][] = parse(csvText(bytes), { relax_column_count: true, skip_empty_lines: false, bom: true, to: MAX_LEDGER_ROWS + 2 });
  if (rows.length > MAX_LEDGER_ROWS + 1) return err({ kind: 'too-large', what: 'rows', max: MAX_LEDGER_ROWS });
  return ok(rows.map((row) => row.map(cellText)));
}

/**
 * Reads the ledger's rows by their headings (row 1); a file without a required column is refused whole. A blank row
 * is read as null, not left out: the rows after it keep the numbers the spreadsheet shows, which the problems name.
 */
export async function readLedger(bytes: Uint8Array): Promise<Result<(LegacyRow | null)[], LedgerReadError>> {
  let rows: string[][];
  try {
    const read = await table(bytes);
    if (!read.ok) return read;
    rows = read.value;
  } catch {
    return err({ kind: 'unreadable' });
  }
  const [head, ...body] = rows;
  if (!head) return err({ kind: 'unreadable' });
  const columns = head.map((h) => HEADINGS.get(h.trim()) ?? null);
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) return err({ kind: 'missing-columns', columns: missing });
  return ok(body.map((r) => {
    if (!r.some((c) => c !== '')) return null;
    const row: LegacyRow = {};
    columns.forEach((c, i) => {
      if (c) row[c] = r[i] ?? '';
    });
    return row;
  }));
}
