import { describe, expect, it } from 'vitest';
import { averageFenPerM2, saleStatusOf, summarizeSales, type SalesRow } from '#domain/market/sales-table.ts';
import { dayTotals, lastDays, lastMonths, priceTrend } from '#domain/market/market-stats.ts';
import { freeFacts, presale, unitA, unitB } from './fixtures.ts';

describe('a unit on the sales table (销控表)', () => {
  const day = '2026-06-05';
  it('is for sale under its permit and not for sale outside it', () => {
    expect(saleStatusOf(unitA, [presale], day, freeFacts(), null)).toBe('for-sale');
    expect(saleStatusOf(unitB, [presale], day, freeFacts(unitB.unitNumber), null)).toBe('not-for-sale');
  });
  it('is filed while a filing stands, sold once the filing is closed by registration', () => {
    const filing = { totalFen: 60_900_800, areaDm2: 8956 };
    expect(saleStatusOf(unitA, [presale], day, freeFacts(), { ...filing, status: 'active' })).toBe('filed');
    expect(saleStatusOf(unitA, [presale], day, freeFacts(), { ...filing, status: 'closed' })).toBe('sold');
    expect(saleStatusOf(unitA, [presale], day, freeFacts(), { ...filing, status: 'cancelled' })).toBe('for-sale');
  });
  it('shows a seizure in the register at once, whatever else is true', () => {
    const seized = { ...freeFacts(), seizure: { court: '法院', noticeNumber: '1' } };
    expect(saleStatusOf(unitA, [presale], day, seized, { totalFen: 1, areaDm2: 1, status: 'active' })).toBe('seized');
    expect(saleStatusOf(unitB, [], day, { ...freeFacts(), waitingSeizures: 1 }, null)).toBe('seized');
  });
});

describe('the average prices of a project', () => {
  it('weighs by area: Σ price ÷ Σ area', () => {
    expect(averageFenPerM2([{ fen: 60_900_800, areaDm2: 8956 }, { fen: 80_000_000, areaDm2: 12_000 }])).toBe(672_365); // 1,409,008.00 yuan / 209.56 m²
    expect(averageFenPerM2([])).toBeNull();
  });
  it('counts each status and averages declared and filed prices separately', () => {
    const rows: SalesRow[] = [
      { unit: unitA, status: 'for-sale', filing: null },
      { unit: { ...unitA, unitNumber: 'x2', listFenPerM2: 720_000, areaDm2: 12_000 }, status: 'for-sale', filing: null },
      { unit: { ...unitA, unitNumber: 'x3', listFenPerM2: null }, status: 'for-sale', filing: null },
      { unit: unitB, status: 'filed', filing: { status: 'active', totalFen: 60_900_800, areaDm2: 8956 } },
      { unit: unitB, status: 'sold', filing: { status: 'closed', totalFen: 80_000_000, areaDm2: 12_000 } },
      { unit: unitB, status: 'seized', filing: null },
    ];
    const s = summarizeSales(rows);
    expect(s.counts).toEqual({ 'for-sale': 3, filed: 1, sold: 1, seized: 1, 'not-for-sale': 0 });
    // (6800 × 89.56 + 7200 × 120.00) / 209.56 = 7029.05…
    expect(s.listAverageFenPerM2).toBe(702_905);
    expect(s.filedAverageFenPerM2).toBe(672_365);
  });
});

describe('the market hall figures', () => {
  it('lists the last months across a year end', () => {
    expect(lastMonths('2027-02-14', 4)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(lastDays('2027-03-02', 3)).toEqual(['2027-02-28', '2027-03-01', '2027-03-02']);
  });
  it('gives each month its average price and leaves a month without sales empty', () => {
    const t = priceTrend(['2026-05', '2026-06'], [{ key: '2026-06', kind: 'new-home', count: 2, fen: 140_900_800, areaDm2: 20_956 }]);
    expect(t['new-home']).toEqual([
      { month: '2026-05', fenPerM2: null, count: 0 },
      { month: '2026-06', fenPerM2: 672_365, count: 2 },
    ]);
    expect(t['second-hand'].every((p) => p.fenPerM2 === null)).toBe(true);
  });
  it('totals a day per kind', () => {
    const d = dayTotals('2026-06-05', [{ key: '2026-06-05', kind: 'second-hand', count: 3, fen: 1, areaDm2: 2 }]);
    expect(d['second-hand']).toEqual({ count: 3, fen: 1, areaDm2: 2 });
    expect(d['new-home']).toEqual({ count: 0, fen: 0, areaDm2: 0 });
  });
});
