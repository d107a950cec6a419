import { type PropertyUse } from '#domain/business/business-kinds.ts';
import { type IdDocumentType } from '#domain/case/events.ts';
import { checkResidentId, upgradeLegacyResidentId } from '#domain/identity/resident-id.ts';
import { type Holder, type Holding, type NaturalStatus, type Structure } from '#domain/register/entries.ts';
import { isIsoDate } from '#domain/register/periods.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { UNIT_NUMBER_ERROR_TEXT, checkUnitNumber } from '#domain/units/unit-number.ts';

/**
 * One row of the office's old 房屋所有权证 ledger (CSV or Excel), checked before anything of it reaches the
 * register. A row either becomes a `LegacyRecord` or is refused with every problem found, each naming its
 * column, so the office can fix the file and import again.
 */

export type LegacyColumn =
  | 'unitNumber' | 'certificate' | 'owners' | 'idType' | 'idNumbers' | 'holding' | 'address' | 'building'
  | 'floor' | 'totalFloors' | 'room' | 'area' | 'structure' | 'use' | 'completedYear' | 'registeredOn';

export const REQUIRED_COLUMNS: readonly LegacyColumn[] = [
  'unitNumber', 'certificate', 'owners', 'idType', 'idNumbers', 'holding', 'address', 'floor', 'totalFloors', 'area', 'structure', 'use', 'registeredOn',
];

export type RowProblemCode =
  | 'unit-number' | 'unit-not-building' | 'certificate-missing' | 'owner-missing' | 'id-count-mismatch' | 'id-type-unknown'
  | 'id-invalid' | 'holding-invalid' | 'holding-sole-many' | 'shares-sum' | 'address-missing' | 'floor-invalid'
  | 'area-invalid' | 'structure-unknown' | 'use-unknown' | 'year-invalid' | 'date-invalid' | 'date-future'
  | 'duplicate-unit-in-file' | 'duplicate-certificate-in-file' | 'unit-already-registered' | 'missing-columns' | 'file-unreadable'
  | 'file-too-large' | 'no-rows';

export type RowProblem = { row: number; column: LegacyColumn | null; code: RowProblemCode; detail: string | null };

export type LegacyRecord = { row: number; unitNumber: string; legacyCertificate: string; holders: Holder[]; natural: NaturalStatus; registeredOn: string };

/** A row as read from the file: cell text by column, blank cells as ''. */
export type LegacyRow = Partial<Record<LegacyColumn, string>>;

const LIST = /[、，,;；]\s*/;
const split = (s: string) => s.split(LIST).map((x) => x.trim()).filter((x) => x !== '');

const ID_TYPES: Record<string, IdDocumentType> = {
  身份证: 'resident-id', 居民身份证: 'resident-id', 护照: 'passport', 营业执照: 'business-license', 统一社会信用代码: 'business-license', 其他: 'other',
};

const STRUCTURE_NAMES: Record<string, Structure> = {
  钢结构: 'steel', 钢和钢筋混凝土结构: 'steel-concrete', 钢混结构: 'reinforced-concrete', 钢筋混凝土结构: 'reinforced-concrete',
  混合结构: 'mixed', 砖混结构: 'mixed', 砖木结构: 'brick-wood', 其他结构: 'other', 其他: 'other',
};

const USE_NAMES: Record<string, PropertyUse> = {
  住宅: 'residential', 成套住宅: 'residential', 非住宅: 'non-residential', 商业: 'non-residential', 办公: 'non-residential',
  商服: 'non-residential', 工业: 'non-residential', 车库: 'parking', 车位: 'parking', 储藏间: 'parking', '车库/车位/储藏间': 'parking',
};

type Problems = { add(column: LegacyColumn | null, code: RowProblemCode, detail?: string): void; list: RowProblem[] };

function problemsFor(row: number): Problems {
  const list: RowProblem[] = [];
  return { list, add: (column, code, detail) => list.push({ row, column, code, detail: detail ?? null }) };
}

function idNumberOf(type: IdDocumentType, raw: string, p: Problems): string {
  if (type !== 'resident-id') {
    if (raw === '') p.add('idNumbers', 'id-invalid', '为空');
    return raw;
  }
  const upgraded = /^\d{15}$/.test(raw) ? upgradeLegacyResidentId(raw) : ok(raw.toUpperCase());
  const checked = upgraded.ok ? checkResidentId(upgraded.value) : upgraded;
  if (!checked.ok) {
    p.add('idNumbers', 'id-invalid', raw);
    return raw;
  }
  return checked.value.number;
}

function holdingsOf(raw: string, count: number, p: Problems): Holding[] {
  const text = raw.trim();
  if (text === '单独所有') {
    if (count > 1) p.add('holding', 'holding-sole-many');
    return [{ kind: 'sole' }];
  }
  if (text === '共同共有') return Array.from({ length: count }, () => ({ kind: 'joint' }) as const);
  const m = /^按份共有\s*(.+)$/.exec(text);
  const shares = m?.[1] ? split(m[1]) : [];
  if (shares.length !== count || !shares.every((s) => /^\d+\/\d+$/.test(s))) {
    p.add('holding', 'holding-invalid', text || '为空');
    return [];
  }
  // Sum of fractions a/b == 1, exactly, over a common denominator.
  const fractions = shares.map((s) => s.split('/').map(Number) as [number, number]);
  const denominator = fractions.reduce((d, [, b]) => d * b, 1);
  const numerator = fractions.reduce((n, [a, b]) => n + (a * denominator) / b, 0);
  if (numerator !== denominator) p.add('holding', 'shares-sum', shares.join('、'));
  return shares.map((share) => ({ kind: 'shares', share }));
}

/** 2019-3-5, 2019/03/05, 2019.3.5 and 2019年3月5日 as the ledgers write them, to 2019-03-05. */
function normalDate(text: string): string {
  const m = /^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?$/.exec(text);
  return m ? `${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}` : text;
}

function intOf(raw: string | undefined): number | null {
  return raw !== undefined && /^\d{1,3}$/.test(raw.trim()) ? Number(raw.trim()) : null;
}

/** Checks one row; `today` (office date) bounds the registration date and the completion year. */
export function checkLegacyRow(raw: LegacyRow, row: number, today: string): Result<LegacyRecord, RowProblem[]> {
  const cell = (c: LegacyColumn) => (raw[c] ?? '').trim();
  const p = problemsFor(row);
  const unit = checkUnitNumber(cell('unitNumber'));
  if (!unit.ok) p.add('unitNumber', 'unit-number', UNIT_NUMBER_ERROR_TEXT[unit.error]);
  else if (unit.value.fixtureFeature !== 'F') p.add('unitNumber', 'unit-not-building');
  if (cell('certificate') === '') p.add('certificate', 'certificate-missing');
  const names = split(cell('owners'));
  if (names.length === 0) p.add('owners', 'owner-missing');
  const idType = ID_TYPES[cell('idType')];
  if (!idType) p.add('idType', 'id-type-unknown', cell('idType') || '为空');
  const ids = split(cell('idNumbers'));
  if (names.length > 0 && ids.length !== names.length) p.add('idNumbers', 'id-count-mismatch', `${names.length} 人，${ids.length} 个号码`);
  const holdings = holdingsOf(cell('holding'), names.length, p);
  const holders: Holder[] = idType && ids.length === names.length
    ? names.map((name, i) => ({ name, idType, idNumber: idNumberOf(idType, ids[i] ?? '', p), holding: holdings[i] ?? { kind: 'sole' } }))
    : [];
  const natural = naturalOf(cell, unit.ok ? unit.value.districtCode : '', p, today);
  const registeredOn = normalDate(cell('registeredOn'));
  if (!isIsoDate(registeredOn)) p.add('registeredOn', 'date-invalid', cell('registeredOn') || '为空');
  else if (registeredOn > today) p.add('registeredOn', 'date-future', registeredOn);
  if (p.list.length > 0 || !unit.ok || !natural) return err(p.list);
  return ok({ row, unitNumber: unit.value.unitNumber, legacyCertificate: cell('certificate'), holders, natural, registeredOn });
}

function naturalOf(cell: (c: LegacyColumn) => string, districtCode: string, p: Problems, today: string): NaturalStatus | null {
  if (cell('address') === '') p.add('address', 'address-missing');
  const floor = intOf(cell('floor'));
  const totalFloors = intOf(cell('totalFloors'));
  if (floor === null || totalFloors === null || floor < 1 || floor > totalFloors) p.add('floor', 'floor-invalid', `${cell('floor') || '空'}/${cell('totalFloors') || '空'}`);
  const area = /^\d{1,6}(\.\d{1,2})?$/.test(cell('area')) ? Number(cell('area')) : 0;
  if (area <= 0) p.add('area', 'area-invalid', cell('area') || '为空');
  const structure = STRUCTURE_NAMES[cell('structure')];
  if (!structure) p.add('structure', 'structure-unknown', cell('structure') || '为空');
  const use = USE_NAMES[cell('use')];
  if (!use) p.add('use', 'use-unknown', cell('use') || '为空');
  const yearText = cell('completedYear');
  const year = /^\d{4}$/.test(yearText) ? Number(yearText) : null;
  if (yearText !== '' && (year === null || year < 1900 || year > Number(today.slice(0, 4)))) p.add('completedYear', 'year-invalid', yearText);
  if (floor === null || totalFloors === null || !structure || !use || area <= 0) return null;
  return {
    address: cell('address'), districtCode, buildingName: cell('building'), floor, totalFloors, room: cell('room'), areaM2: area, structure, use,
    completedYear: yearText === '' ? null : year,
  };
}

export type LegacyCheck = { records: LegacyRecord[]; problems: RowProblem[] };

/**
 * Checks a whole file: each row, then what only the file as a whole shows (a unit or certificate twice) and
 * what the register already holds. Rows are numbered as the spreadsheet shows them (`firstRow` is the first
 * data row, 2 when row 1 holds the headings); a blank row is null, skipped but counted, so the rows after it keep their numbers.
 */
export function checkLegacyRows(rows: readonly (LegacyRow | null)[], opts: { today: string; firstRow: number; isRegistered(unitNumber: string): boolean }): LegacyCheck {
  const records: LegacyRecord[] = [];
  const problems: RowProblem[] = [];
  const seenUnits = new Map<string, number>();
  const seenCertificates = new Map<string, number>();
  // A file of headings alone imports nothing; without a problem to show, its refusal would give no reason.
  if (rows.every((r) => r === null)) return { records, problems: [{ row: opts.firstRow, column: null, code: 'no-rows', detail: null }] };
  rows.forEach((raw, i) => {
    if (raw === null) return;
    const row = opts.firstRow + i;
    const r = checkLegacyRow(raw, row, opts.today);
    if (!r.ok) {
      problems.push(...r.error);
      return;
    }
    const rec = r.value;
    const extra: RowProblem[] = [];
    const earlierUnit = seenUnits.get(rec.unitNumber);
    if (earlierUnit !== undefined) extra.push({ row, column: 'unitNumber', code: 'duplicate-unit-in-file', detail: `与第 ${earlierUnit} 行相同` });
    const earlierCert = seenCertificates.get(rec.legacyCertificate);
    if (earlierCert !== undefined) extra.push({ row, column: 'certificate', code: 'duplicate-certificate-in-file', detail: `与第 ${earlierCert} 行相同` });
    if (opts.isRegistered(rec.unitNumber)) extra.push({ row, column: 'unitNumber', code: 'unit-already-registered', detail: rec.unitNumber });
    seenUnits.set(rec.unitNumber, earlierUnit ?? row);
    seenCertificates.set(rec.legacyCertificate, earlierCert ?? row);
    if (extra.length > 0) problems.push(...extra);
    else records.push(rec);
  });
  return { records, problems };
}
