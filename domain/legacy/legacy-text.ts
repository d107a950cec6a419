import { type LegacyColumn, type RowProblemCode } from './legacy-row.ts';

/** The legacy import's words: column headings as the office's old 房屋所有权证 ledger has them, and row problems. */

export const LEGACY_COLUMN_TEXT: Record<LegacyColumn, string> = {
  unitNumber: '不动产单元号',
  certificate: '房屋所有权证号',
  owners: '所有权人',
  idType: '证件类型',
  idNumbers: '证件号码',
  holding: '共有情况',
  address: '坐落',
  building: '幢号',
  floor: '所在层',
  totalFloors: '总层数',
  room: '房号',
  area: '建筑面积',
  structure: '结构',
  use: '用途',
  completedYear: '竣工年份',
  registeredOn: '登记日期',
};

export const ROW_PROBLEM_TEXT: Record<RowProblemCode, string> = {
  'unit-number': '不动产单元号格式不对',
  'unit-not-building': '不动产单元号第20位应为F（房屋）：房屋所有权证只能导入房屋单元',
  'certificate-missing': '缺少房屋所有权证号',
  'owner-missing': '缺少所有权人',
  'id-count-mismatch': '所有权人和证件号码的个数不一致：多人共有时两栏都用“、”分隔，顺序一致',
  'id-type-unknown': '证件类型应为 身份证、护照、营业执照 或 其他',
  'id-invalid': '证件号码无效',
  'holding-invalid': '共有情况应为 单独所有、共同共有 或 按份共有（如“按份共有 1/2、1/2”）',
  'holding-sole-many': '写了单独所有，却有多名所有权人',
  'shares-sum': '按份共有的份额之和应为 1',
  'address-missing': '缺少坐落',
  'floor-invalid': '所在层、总层数应为整数，且所在层不高于总层数',
  'area-invalid': '建筑面积应为大于 0 的数（平方米，最多两位小数）',
  'structure-unknown': '结构应为 钢结构、钢混结构、钢筋混凝土结构、混合结构、砖木结构 或 其他结构',
  'use-unknown': '用途应为 住宅、非住宅（商业、办公等）或 车库/车位/储藏间',
  'year-invalid': '竣工年份应为 1900 年至今的四位年份，不详可留空',
  'date-invalid': '登记日期应为 YYYY-MM-DD 格式的有效日期',
  'date-future': '登记日期晚于今天',
  'duplicate-unit-in-file': '同一不动产单元号在文件中出现多次',
  'duplicate-certificate-in-file': '同一房屋所有权证号在文件中出现多次',
  'unit-already-registered': '该不动产单元已在登记簿中，不能重复导入',
  'missing-columns': '文件缺少必需的列',
  'file-unreadable': '文件无法读取：请上传第一行为列名的 CSV（UTF-8 或 GBK）或 Excel（.xlsx）文件',
  'no-rows': '文件中没有台账记录：第一行为列名，从第二行起每行一条记录',
  'file-too-large': '文件超出台账导入的上限，未导入任何记录：请把台账分成几个文件分别导入',
};

/** Which of a ledger file's limits it passed (sync/server/office/archive/xlsx-bounds.ts), as the refusal names it. */
export const LEDGER_LIMIT_TEXT = {
  inflated: (max: number) => `Excel 文件解压后超过 ${Math.round(max / 1024 / 1024)} MB`,
  rows: (max: number) => `超过 ${max} 行`,
  columns: (max: number) => `工作表用到了第 ${max} 列以后的单元格`,
} as const;

export const rowProblemLine = (row: number, column: LegacyColumn | null, code: RowProblemCode, detail: string | null): string =>
  `第 ${row} 行${column ? `「${LEGACY_COLUMN_TEXT[column]}」` : ''}：${ROW_PROBLEM_TEXT[code]}${detail ? `（${detail}）` : ''}`;
