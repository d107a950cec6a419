import { describe, expect, it } from 'vitest';
import { parseUnitRows } from '#domain/market/unit-import.ts';

const HEAD = '不动产单元号,楼栋,总层数,层,房号,用途,建筑面积,室,厅,申报单价,保留';

describe('the units of a project pasted from the survey\'s table', () => {
  it('reads every row, with or without a header, comma or tab separated', () => {
    const r = parseUnitRows(`${HEAD}\n230803003012GB00100F00110101,1号楼,18,1,101,住宅,89.56,2,1,6800,\n230803003012GB00100F00110102\t1号楼\t18\t1\t102\t住宅\t120\t3\t2\t\t是`);
    expect(r).toEqual({
      ok: true,
      units: [
        { unitNumber: '230803003012GB00100F00110101', building: '1号楼', floors: 18, floor: 1, room: '101', use: 'residential', areaDm2: 8956, rooms: 2, halls: 1, listFenPerM2: 680_000, withheld: false },
        { unitNumber: '230803003012GB00100F00110102', building: '1号楼', floors: 18, floor: 1, room: '102', use: 'residential', areaDm2: 12_000, rooms: 3, halls: 2, listFenPerM2: null, withheld: true },
      ],
    });
  });

  it('names every problem by row and column, and gives no units then', () => {
    const r = parseUnitRows(`${HEAD}\n230803003012GB00100F0011010,1号楼,18,19,101,别墅,89.567,2,1,abc,也许\n230803003012GB00100F00110101,2号楼,6,1,101,住宅,89.56,2,1,,\n230803003012GB00100F00110101,2号楼,6,2,201,住宅,89.56,2,1,,\n230803003012GB00100F00110103,2号楼,7,2,201,住宅,89.56,2,1,,`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.row, p.column])).toEqual([
      [2, '不动产单元号'],
      [2, '层'],
      [2, '用途'],
      [2, '建筑面积'],
      [2, '申报单价'],
      [2, '保留'],
      [4, '不动产单元号'],
      [5, '总层数'],
    ]);
    expect(r.problems[0]?.message).toBe('不动产单元号应为28位');
  });

  it('refuses an empty table', () => {
    expect(parseUnitRows(`${HEAD}\n`)).toEqual({ ok: false, problems: [{ row: 1, column: '不动产单元号', message: '没有读到任何房屋' }] });
  });
});
