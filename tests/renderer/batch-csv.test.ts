import { describe, expect, it } from 'vitest';
import { parseUnitList } from '#renderer/screens/intake/unit-list.ts';

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
});
