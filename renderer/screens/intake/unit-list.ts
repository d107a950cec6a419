/**
 * An enterprise's list of units, from a CSV or an Excel (.xlsx) file: the same columns and the same
 * checks for both. The unit number is the column headed 不动产单元号 / 单元号 / unitNumber, or the
 * first column when there is no such header. Every row is checked with the domain's unit number
 * rule; a bad or repeated row gets a message naming its line (the spreadsheet's row number).
 */
import { UNIT_NUMBER_ERROR_TEXT, checkUnitNumber } from '#domain/units/unit-number.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { BATCH } from './intake-text.ts';

export type UnitListEntry = { line: number; unitNumber: string };
type UnitListProblem = { line: number; text: string; message: string };
export type UnitList = { entries: UnitListEntry[]; problems: UnitListProblem[] };

const HEADER = /^(unit\s*number|unitnumber|unit|不动产单元号|单元号)$/i;

/** Splits CSV text into rows of cells: `,` `;` or tab, double quotes with `""` inside, a leading BOM ignored. */
export function csvRows(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => {
      const cells: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const c = line.charAt(i);
        if (quoted && c === '"' && line.charAt(i + 1) === '"') {
          cell += '"';
          i++;
        } else if (quoted && c === '"') {
          quoted = false;
        } else if (quoted) {
          cell += c;
        } else if (c === '"' && cell.trim() === '') {
          quoted = true;
          cell = '';
        } else if (c === ',' || c === ';' || c === '\t') {
          cells.push(cell);
          cell = '';
        } else {
          cell += c;
        }
      }
      cells.push(cell);
      return cells;
    });
}

type Cell = string | number | boolean | Date | null;

const cellText = (c: Cell): string => (c === null ? '' : c instanceof Date ? c.toISOString() : String(c));

/** The first sheet of an .xlsx file as rows of cell text; `unreadable` when it is not a readable workbook. */
export async function xlsxRows(data: Blob | ArrayBuffer): Promise<Result<string[][], 'unreadable'>> {
  try {
    // Loaded only when an Excel list is picked: it stays out of the bundle the van starts with.
    const { readSheet } = await import('read-excel-file/universal');
    const sheet = await readSheet(data);
    return ok(sheet.map((row) => row.map((c) => cellText(c as Cell))));
  } catch {
    return err('unreadable');
  }
}

/** Picks the unit number column and checks every row; line numbers count from 1 like the file's rows. */
export function unitListFromRows(rows: readonly (readonly string[])[]): UnitList {
  const entries: UnitListEntry[] = [];
  const problems: UnitListProblem[] = [];
  const firstLine = new Map<string, number>();
  let column = 0;
  let headerSeen = false;
  rows.forEach((cells, index) => {
    const line = index + 1;
    const trimmed = cells.map((c) => c.trim());
    if (trimmed.every((c) => c === '')) return;
    if (!headerSeen) {
      headerSeen = true;
      const at = trimmed.findIndex((c) => HEADER.test(c));
      if (at >= 0) {
        column = at;
        return;
      }
    }
    const text = trimmed[column] ?? '';
    const checked = checkUnitNumber(text);
    if (!checked.ok) {
      problems.push({ line, text, message: BATCH.badLine(line, text, UNIT_NUMBER_ERROR_TEXT[checked.error]) });
      return;
    }
    const unitNumber = checked.value.unitNumber;
    const earlier = firstLine.get(unitNumber);
    if (earlier !== undefined) {
      problems.push({ line, text, message: BATCH.duplicate(line, earlier) });
      return;
    }
    firstLine.set(unitNumber, line);
    entries.push({ line, unitNumber });
  });
  return { entries, problems };
}

/** The valid entries of a CSV list (the rows with problems are left out). */
export const parseUnitList = (text: string): UnitListEntry[] => unitListFromRows(csvRows(text)).entries;

const isXlsx = (name: string) => /\.xlsx$/i.test(name);

/**
 * A CSV's text: UTF-8 when it is, else GB 18030 (which includes GBK), the encoding Excel on a Chinese Windows
 * saves 「CSV（逗号分隔）」 in; read as UTF-8 its 不动产单元号 header and addresses would be replacement characters.
 */
export function csvText(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Reads a picked file by its extension: .xlsx through the Excel reader, anything else as CSV text. */
export async function readUnitListFile(file: Blob & { name: string }): Promise<Result<UnitList, 'unreadable' | 'old-excel'>> {
  if (/\.xls$/i.test(file.name)) return err('old-excel');
  if (!isXlsx(file.name)) return ok(unitListFromRows(csvRows(csvText(await file.arrayBuffer()))));
  const rows = await xlsxRows(await file.arrayBuffer());
  return rows.ok ? ok(unitListFromRows(rows.value)) : rows;
}
