import { describe, expect, it } from 'vitest';
import { marketInformation } from '#domain/market/market-information.ts';
import { lastMonths } from '#domain/market/market-stats.ts';

describe('the published market information', () => {
  const months = lastMonths('2027-02-10', 3);
  const info = marketInformation(months, [
    { key: '2026-12', kind: 'new-home', count: 2, areaDm2: 18_000, fen: 108_000_00 },
    { key: '2027-02', kind: 'new-home', count: 1, areaDm2: 9_000, fen: 63_000_00 },
    { key: '2027-02', kind: 'second-hand', count: 3, areaDm2: 21_000, fen: 84_000_00 },
    // Outside the period: not counted.
    { key: '2026-11', kind: 'second-hand', count: 9, areaDm2: 90_000, fen: 1 },
  ]);

  it('spans the months up to the month of publication, empty months included', () => {
    expect(info.months.map((m) => [m.month, m['new-home'].count, m['second-hand'].count])).toEqual([['2026-12', 2, 0], ['2027-01', 0, 0], ['2027-02', 1, 3]]);
  });

  it('gives the month\'s and the period\'s totals with their average price per m²', () => {
    // 63 000 yuan over 90 m² is 700 yuan/m²; 84 000 over 210 m² is 400.
    expect(info.latest['new-home']).toEqual({ count: 1, areaDm2: 9_000, fen: 63_000_00, fenPerM2: 700_00 });
    expect(info.latest['second-hand']).toEqual({ count: 3, areaDm2: 21_000, fen: 84_000_00, fenPerM2: 400_00 });
    // 171 000 yuan over 270 m²: 633.33 yuan/m², rounded to the fen.
    expect(info.period['new-home']).toEqual({ count: 3, areaDm2: 27_000, fen: 171_000_00, fenPerM2: 633_33 });
    expect(info.trend['new-home'].map((p) => p.fenPerM2)).toEqual([600_00, null, 700_00]);
  });

  it('has no price for a kind without transactions', () => {
    expect(marketInformation(months, []).period['second-hand']).toEqual({ count: 0, areaDm2: 0, fen: 0, fenPerM2: null });
  });
});
