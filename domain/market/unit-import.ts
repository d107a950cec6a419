import { type PropertyUse } from '#domain/business/business-kinds.ts';
import { parseAreaM2 } from '#domain/map/region-summary.ts';
import { parseYuan } from '#domain/money.ts';
import { checkUnitNumber, UNIT_NUMBER_ERROR_TEXT } from '#domain/units/unit-number.ts';

/**
 * The units of a project as the office enters them from the survey's results (房产测绘成果), one row each:
 * 不动产单元号, 楼栋, 总层数, 层, 房号, 用途, 建筑面积, 室, 厅, 申报单价, 保留. Every row is checked and every
 * problem named by row and column, and nothing is stored until the whole list is right.
 */
export const UNIT_COLUMNS = ['不动产单元号', '楼栋', '总层数', '层', '房号', '用途', '建筑面积', '室', '厅', '申报单价', '保留'] as const;

export type ImportedUnit = {
  unitNumber: string;
  building: string;
  floors: number;
  floor: number;
  room: string;
  use: PropertyUse;
  areaDm2: number;
  rooms: number;
  halls: number;
  listFenPerM2: number | null;
  withheld: boolean;
};

export type RowProblem = { row: number; column: (typeof UNIT_COLUMNS)[number]; message: string };

const USES: Record<string, PropertyUse> = { 住宅: 'residential', 非住宅: 'non-residential', 商业: 'non-residential', 车库: 'parking', 车位: 'parking', 储藏间: 'parking' };

function int(text: string, min: number, max: number): number | null {
  if (!/^-?\d{1,4}$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

/** One unit, from the survey table's row or from the office's form for a single unit (same columns, same checks). */
export function parseUnitCells(cells: readonly string[], row: number): { unit: ImportedUnit | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const cell = (i: number) => (cells[i] ?? '').trim();
  const bad = (column: RowProblem['column'], message: string) => problems.push({ row, column, message });
  const number = checkUnitNumber(cell(0));
  if (!number.ok) bad('不动产单元号', UNIT_NUMBER_ERROR_TEXT[number.error]);
  if (cell(1) === '') bad('楼栋', '请填写楼栋名称');
  const floors = int(cell(2), 1, 200);
  if (floors === null) bad('总层数', '应为1至200的整数');
  const floor = int(cell(3), -5, 200);
  if (floor === null || floor === 0 || (floors !== null && floor > floors)) bad('层', '应为不大于总层数的楼层（地下层写负数）');
  if (cell(4) === '') bad('房号', '请填写房号');
  const use = USES[cell(5)];
  if (!use) bad('用途', '应为住宅、非住宅、商业、车库、车位或储藏间');
  const area = parseAreaM2(cell(6));
  if (area === null || area === 0) bad('建筑面积', '应为平方米数，最多两位小数');
  const rooms = int(cell(7) || '0', 0, 20);
  const halls = int(cell(8) || '0', 0, 10);
  if (rooms === null) bad('室', '应为0至20的整数');
  if (halls === null) bad('厅', '应为0至10的整数');
  const price = cell(9) === '' ? null : parseYuan(cell(9));
  if (price && !price.ok) bad('申报单价', '应为每平方米的元数，最多两位小数；不申报可留空');
  const withheld = cell(10) === '是';
  if (cell(10) !== '' && cell(10) !== '是' && cell(10) !== '否') bad('保留', '应为“是”或“否”，可留空');
  if (problems.length > 0 || !number.ok || !use || floors === null || floor === null || area === null || rooms === null || halls === null) return { unit: null, problems };
  return {
    unit: { unitNumber: number.value.unitNumber, building: cell(1), floors, floor, room: cell(4), use, areaDm2: area, rooms, halls, listFenPerM2: price?.ok ? price.value : null, withheld },
    problems,
  };
}

/** Reads the pasted table (comma- or tab-separated, an optional header row) into units, or every problem found. */
export function parseUnitRows(text: string): { ok: true; units: ImportedUnit[] } | { ok: false; problems: RowProblem[] } {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const body = lines[0]?.startsWith(UNIT_COLUMNS[0]) ? lines.slice(1) : lines;
  const units: ImportedUnit[] = [];
  const problems: RowProblem[] = [];
  const offset = lines.length - body.length;
  body.forEach((line, i) => {
    const r = parseUnitCells(line.split(/\t|,/), i + 1 + offset);
    problems.push(...r.problems);
    if (r.unit) {
      if (units.some((u) => u.unitNumber === r.unit?.unitNumber)) problems.push({ row: i + 1 + offset, column: '不动产单元号', message: '与前面的行重复' });
      else if (units.some((u) => u.building === r.unit?.building && u.floors !== r.unit.floors)) problems.push({ row: i + 1 + offset, column: '总层数', message: '同一楼栋的总层数应一致' });
      else units.push(r.unit);
    }
  });
  if (units.length === 0 && problems.length === 0) problems.push({ row: 1, column: '不动产单元号', message: '没有读到任何房屋' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, units };
}
