import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { csvRows, readUnitListFile, unitListFromRows, xlsxRows } from '#renderer/screens/intake/unit-list.ts';

const A = '230804003012GB00100F00020202';
const B = '230805003012GB00100F00040401';
const C = '230811003012GB00100F00070101';

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  return writeXlsxFile(rows.map((r) => r.map((value) => (value === null ? null : { value })))).toBuffer();
}

const file = (name: string, bytes: Buffer | string) => new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name);

describe('the enterprise unit list, CSV and Excel alike', () => {
  it('reads an .xlsx written by a spreadsheet program: header column, line numbers as the rows of the sheet', async () => {
    const bytes = await xlsx([['序号', '不动产单元号', '地址'], [1, A, '红旗路'], [2, ` ${B.toLowerCase()} `, '造纸路'], [3, C, '莲江口']]);
    const list = await readUnitListFile(file('企业清单.xlsx', bytes));
    expect(list).toEqual({ ok: true, value: { entries: [{ line: 2, unitNumber: A }, { line: 3, unitNumber: B }, { line: 4, unitNumber: C }], problems: [] } });
  });

  it('gives bad and repeated rows a Chinese message with their row number, in Excel and in CSV the same', async () => {
    const rows = [['不动产单元号'], [A], ['23080400301'], [''], [A], ['230804003012GB00100X00020202'], [B]];
    const fromXlsx = await readUnitListFile(file('list.xlsx', await xlsx(rows.map((r) => r.map((c) => (c === '' ? null : c))))));
    const fromCsv = await readUnitListFile(file('list.csv', rows.map((r) => r.join(',')).join('\r\n')));
    const expected = {
      entries: [{ line: 2, unitNumber: A }, { line: 7, unitNumber: B }],
      problems: [
        { line: 3, text: '23080400301', message: '第 3 行不是有效的单元号：23080400301（不动产单元号应为28位）' },
        { line: 5, text: A, message: '第 5 行与第 2 行的单元号重复，只受理一次' },
        { line: 6, text: '230804003012GB00100X00020202', message: '第 6 行不是有效的单元号：230804003012GB00100X00020202（第20位定着物特征码应为F（房屋）、L（林木）、Q（其他）或W（无定着物））' },
      ],
    };
    expect(fromCsv).toEqual({ ok: true, value: expected });
    expect(fromXlsx).toEqual({ ok: true, value: expected });
  });

  it('takes the first column when there is no header, and names a row with other cells but no unit number', () => {
    expect(unitListFromRows([[A, 'x'], ['', '只有地址'], [B]])).toEqual({
      entries: [{ line: 1, unitNumber: A }, { line: 3, unitNumber: B }],
      problems: [{ line: 2, text: '', message: '第 2 行没有单元号' }],
    });
  });

  it('splits CSV with quotes, semicolons, tabs and the BOM Excel writes', () => {
    expect(csvRows('\uFEFF"不动产单元号","地址, 含逗号"\n"a""b";c\td')).toEqual([['不动产单元号', '地址, 含逗号'], ['a"b', 'c', 'd']]);
  });

  it('refuses a file that is not a workbook, and the old .xls format, with a reason', async () => {
    expect(await xlsxRows(new TextEncoder().encode('not a zip').buffer)).toEqual({ ok: false, error: 'unreadable' });
    expect(await readUnitListFile(file('list.xlsx', 'unit,address'))).toEqual({ ok: false, error: 'unreadable' });
    expect(await readUnitListFile(file('list.xls', 'whatever'))).toEqual({ ok: false, error: 'old-excel' });
  });
});
