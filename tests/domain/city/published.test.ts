import { describe, expect, it } from 'vitest';
import { publishedInformation } from '#domain/city/published.ts';
import { type StatRow, CITY_TOTAL, zeroMeasures } from '#domain/city/statistics.ts';

const row = (month: string, kind: StatRow['kind'], m: Partial<StatRow>): StatRow => ({ office: CITY_TOTAL, month, kind, use: 'residential', ...zeroMeasures(), ...m });

describe('the published market information from the statistics', () => {
  it('publishes transactions, supply against sales and registrations by month, and their sums', () => {
    const p = publishedInformation(['2026-10', '2026-11'], [
      row('2026-10', 'market', { newHomeCount: 2, newHomeAreaDm2: 20_000, newHomeFen: 120_000_000, supplyUnits: 12, supplyAreaDm2: 125_736 }),
      row('2026-11', 'market', { secondHandCount: 1, secondHandAreaDm2: 8_000, secondHandFen: 32_000_000 }),
      row('2026-11', 'transfer', { registrations: 3, feeFen: 24_000 }),
      row('2026-09', 'market', { newHomeCount: 5, newHomeAreaDm2: 1, newHomeFen: 1 }),
    ]);
    expect(p.market.period['new-home']).toEqual({ count: 2, areaDm2: 20_000, fen: 120_000_000, fenPerM2: 600_000 });
    expect(p.market.latest['second-hand']).toEqual({ count: 1, areaDm2: 8_000, fen: 32_000_000, fenPerM2: 400_000 });
    expect(p.market.latest['new-home'].count).toBe(0);
    expect(p.months).toEqual([
      { month: '2026-10', supplyUnits: 12, supplyAreaDm2: 125_736, soldUnits: 2, soldAreaDm2: 20_000, registrations: 0 },
      { month: '2026-11', supplyUnits: 0, supplyAreaDm2: 0, soldUnits: 0, soldAreaDm2: 0, registrations: 3 },
    ]);
    expect(p.period).toEqual({ supplyUnits: 12, supplyAreaDm2: 125_736, soldUnits: 2, soldAreaDm2: 20_000, registrations: 3 });
    expect(p.latest.month).toBe('2026-11');
  });
});
