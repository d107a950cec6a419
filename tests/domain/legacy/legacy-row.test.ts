import { describe, expect, it } from 'vitest';
import { type LegacyRow, checkLegacyRow, checkLegacyRows } from '#domain/legacy/legacy-row.ts';
import { rowProblemLine } from '#domain/legacy/legacy-text.ts';

const GOOD: LegacyRow = {
  unitNumber: '230803003012GB00100F00010101', certificate: '佳房权证向字第 0012345 号', owners: '张建国、李秀英', idType: '身份证',
  idNumbers: '230803195003151233、230804196805120026', holding: '按份共有 1/2、1/2', address: '佳木斯市向阳区西林路1号1栋101室', building: '1栋',
  floor: '1', totalFloors: '6', room: '101', area: '86.50', structure: '混合结构', use: '住宅', completedYear: '1998', registeredOn: '2003年7月15日',
};

const today = '2026-06-01';

describe('a row of the old 房屋所有权证 ledger', () => {
  it('becomes a record with its holders, shares and natural status', () => {
    const r = checkLegacyRow(GOOD, 2, today);
    expect(r).toEqual({
      ok: true,
      value: {
        row: 2, unitNumber: GOOD.unitNumber, legacyCertificate: GOOD.certificate, registeredOn: '2003-07-15',
        holders: [
          { name: '张建国', idType: 'resident-id', idNumber: '230803195003151233', holding: { kind: 'shares', share: '1/2' } },
          { name: '李秀英', idType: 'resident-id', idNumber: '230804196805120026', holding: { kind: 'shares', share: '1/2' } },
        ],
        natural: { address: GOOD.address, districtCode: '230803', buildingName: '1栋', floor: 1, totalFloors: 6, room: '101', areaM2: 86.5, structure: 'mixed', use: 'residential', completedYear: 1998 },
      },
    });
  });

  it('upgrades an old 15-digit ID number to 18 digits', () => {
    const r = checkLegacyRow({ ...GOOD, owners: '张建国', idNumbers: '230803500315123', holding: '单独所有' }, 2, today);
    expect(r.ok && r.value.holders[0]?.idNumber).toBe('230803195003151233');
  });

  it('names every problem of a bad row with its column', () => {
    const r = checkLegacyRow({ ...GOOD, unitNumber: '230803003012GB00100W00010101', idNumbers: '230803195003151234、230804196805120026', holding: '按份共有 1/2、1/3', floor: '7', area: '-3', use: '厂房', registeredOn: '2030-01-01' }, 5, today);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((p) => rowProblemLine(p.row, p.column, p.code, p.detail))).toEqual([
      '第 5 行「不动产单元号」：不动产单元号格式不对（定着物特征码为W（无定着物）时，第21至28位应为00000000）',
      '第 5 行「共有情况」：按份共有的份额之和应为 1（1/2、1/3）',
      '第 5 行「证件号码」：证件号码无效（230803195003151234）',
      '第 5 行「所在层」：所在层、总层数应为整数，且所在层不高于总层数（7/6）',
      '第 5 行「建筑面积」：建筑面积应为大于 0 的数（平方米，最多两位小数）（-3）',
      '第 5 行「用途」：用途应为 住宅、非住宅（商业、办公等）或 车库/车位/储藏间（厂房）',
      '第 5 行「登记日期」：登记日期晚于今天（2030-01-01）',
    ]);
  });

  it('refuses sole ownership with two owners and a count mismatch between names and numbers', () => {
    const sole = checkLegacyRow({ ...GOOD, holding: '单独所有' }, 3, today);
    expect(!sole.ok && sole.error.map((p) => p.code)).toEqual(['holding-sole-many']);
    const mismatch = checkLegacyRow({ ...GOOD, idNumbers: '230803195003151233' }, 3, today);
    expect(!mismatch.ok && mismatch.error.map((p) => p.code)).toEqual(['id-count-mismatch']);
  });
});

describe('a whole ledger file', () => {
  it('finds what only the file shows: a unit or certificate twice, and units already in the register', () => {
    const second = { ...GOOD, unitNumber: '230803003012GB00100F00010102' };
    const third = { ...GOOD, certificate: '佳房权证向字第 0099999 号', unitNumber: '230803003012GB00100F00010103' };
    const rows = [GOOD, { ...GOOD, certificate: '佳房权证向字第 0000001 号' }, second, third];
    const check = checkLegacyRows(rows, { today, firstRow: 2, isRegistered: (u) => u === third.unitNumber });
    expect(check.records.map((r) => r.row)).toEqual([2]);
    expect(check.problems.map((p) => [p.row, p.code, p.detail])).toEqual([
      [3, 'duplicate-unit-in-file', '与第 2 行相同'],
      [4, 'duplicate-certificate-in-file', '与第 2 行相同'],
      [5, 'unit-already-registered', third.unitNumber],
    ]);
  });

  it('finds a file without a record wrong as a whole: there is nothing to import', () => {
    const check = checkLegacyRows([], { today, firstRow: 2, isRegistered: () => false });
    expect(check.records).toEqual([]);
    expect(check.problems.map((p) => [p.row, p.column, p.code])).toEqual([[2, null, 'no-rows']]);
  });

  it('skips a blank row but counts it, so the rows after it keep the numbers the spreadsheet shows', () => {
    const check = checkLegacyRows([GOOD, null, { ...GOOD, unitNumber: '230803003012GB00100F00010102', area: '0' }], { today, firstRow: 2, isRegistered: () => false });
    expect(check.records.map((r) => r.row)).toEqual([2]);
    expect(check.problems.map((p) => [p.row, p.column])).toEqual([[4, 'area']]);
  });

  it('finds a file of blank rows alone as holding no record', () => {
    expect(checkLegacyRows([null, null], { today, firstRow: 2, isRegistered: () => false }).problems.map((p) => p.code)).toEqual(['no-rows']);
  });
});
