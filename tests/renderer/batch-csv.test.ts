import { describe, expect, it } from 'vitest';
import { parseUnitList, readUnitListFile } from '#renderer/screens/intake/unit-list.ts';

describe('the enterprise unit list (CSV)', () => {
  it('reads the first column of each line, skipping a header and blank lines, with line numbers', () => {
    const csv = 'unitNumber,address\r\n230803003012GB00100F00010101,佳木斯市向阳区\r\n\r\n"230804003012GB00100F00020202";x\n';
    expect(parseUnitList(csv)).toEqual([
      { line: 2, unitNumber: '230803003012GB00100F00010101' },
      { line: 4, unitNumber: '230804003012GB00100F00020202' },
    ]);
  });

  it('accepts a Chinese header and tab-separated lines', () => {
    expect(parseUnitList('不动产单元号\tname\n230811003012GB00100F00030303\tA').map((r) => r.unitNumber)).toEqual(['230811003012GB00100F00030303']);
  });

  it('reads a CSV that Excel on a Chinese Windows saved in GBK: its 不动产单元号 header is a header, not a bad line of replacement characters', async () => {
    // 「不动产单元号,地址」 in GBK, then a row of a unit and its address (「红旗路」 in GBK).
    const header = Buffer.from('b2bbb6afb2fab5a5d4aabac52cb5d8d6b7', 'hex');
    const row = Buffer.concat([Buffer.from('\r\n230804003012GB00100F00020202,'), Buffer.from('baecc6ecc2b7', 'hex'), Buffer.from('\r\n')]);
    const read = await readUnitListFile(new File([Buffer.concat([header, row])], '企业清单.csv', { type: 'text/csv' }));
    expect(read).toEqual({ ok: true, value: { entries: [{ line: 2, unitNumber: '230804003012GB00100F00020202' }], problems: [] } });
  });
});
