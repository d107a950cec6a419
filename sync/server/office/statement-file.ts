import { parse } from 'csv-parse/sync';
import { csvText } from '#server/csv-text.ts';

/**
 * A channel's statement file as rows of cells. WeChat Pay and UnionPay export UTF-8 (with or without BOM),
 * Alipay GBK: bytes that are not valid UTF-8 are read as GB 18030 (a superset of GBK). Rows keep their line
 * numbers (empty lines too), so a problem names the line a person sees in the file.
 */
export function statementRows(bytes: Uint8Array): string[][] {
  const rows: string[][] = parse(csvText(bytes), { relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true });
  return rows;
}
