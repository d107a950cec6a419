import { describe, expect, it } from 'vitest';
import { type ReportPeriod, cityReport, dueReports, parsePeriod, periodBegun, periodId, trendMonths } from '#domain/city/report.ts';
import { type StatRow, CITY_TOTAL, zeroMeasures } from '#domain/city/statistics.ts';

const ids = (ps: readonly ReportPeriod[]) => ps.map(periodId);
const due = (today: string, done: readonly string[] = [], backMonths = 3) => ids(dueReports(today, new Set(done), { graceDays: 1, backMonths }));

describe('report periods', () => {
  it('has begun on its first day: a month from the 1st, a year from 1 January', () => {
    const begun = (text: string, today: string) => periodBegun(parsePeriod(text) ?? { kind: 'year', year: '9999' }, today);
    expect([begun('2026-12', '2026-12-01'), begun('2026-12', '2026-11-30'), begun('2026-11', '2026-12-01')]).toEqual([true, false, true]);
    expect([begun('2026', '2026-01-01'), begun('2027', '2026-12-31'), begun('2025', '2026-01-01')]).toEqual([true, false, true]);
  });

  it('reads a month, a year or a period id, and refuses anything else', () => {
    expect(parsePeriod('2026-11')).toEqual({ kind: 'month', month: '2026-11' });
    expect(parsePeriod(' 2026 ')).toEqual({ kind: 'year', year: '2026' });
    expect(parsePeriod('month-2026-02')).toEqual({ kind: 'month', month: '2026-02' });
    expect(parsePeriod('year-2025')).toEqual({ kind: 'year', year: '2025' });
    for (const bad of ['2026-13', '2026-00', '26-11', '2026/11', '', 'year-26']) expect(parsePeriod(bad)).toBeNull();
  });

  it('shows the twelve months that end with a month, or a year’s own', () => {
    expect(trendMonths({ kind: 'month', month: '2026-02' })).toEqual(['2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02']);
    expect(trendMonths({ kind: 'year', year: '2026' })[0]).toBe('2026-01');
    expect(trendMonths({ kind: 'year', year: '2026' }).at(-1)).toBe('2026-12');
  });
});

describe('when a report falls due', () => {
  it('on the last day of a month, that month is still open', () => {
    expect(due('2026-11-30')).toEqual(['month-2026-08', 'month-2026-09', 'month-2026-10', 'year-2025']);
  });

  it('a month is due one day after it closed, not on the first', () => {
    const before = ['month-2026-08', 'month-2026-09', 'month-2026-10', 'year-2025'];
    expect(due('2026-12-01', before)).toEqual([]);
    expect(due('2026-12-02', before)).toEqual(['month-2026-11']);
    expect(due('2026-12-31', [...before, 'month-2026-11'])).toEqual([]);
  });

  it('a year is due with its December, one day into the next year', () => {
    const done = ['month-2026-09', 'month-2026-10', 'month-2026-11', 'year-2025'];
    expect(due('2027-01-01', done)).toEqual([]);
    expect(due('2027-01-02', done)).toEqual(['month-2026-12', 'year-2026']);
    expect(due('2027-01-02', [...done, 'month-2026-12', 'year-2026'])).toEqual([]);
  });

  it('an office stopped for months draws what it missed, back to its limit', () => {
    expect(due('2027-03-15', ['year-2026'], 12)).toHaveLength(12);
    expect(due('2027-03-15', ['year-2026'], 12)[0]).toBe('month-2026-03');
  });
});

const row = (office: string, month: string, kind: StatRow['kind'], m: Partial<StatRow>): StatRow => ({ office, month, kind, use: 'residential', ...zeroMeasures(), ...m });

describe('a city report', () => {
  it('takes the city’s figure from its total rows, each office’s from its own, within the period', () => {
    const officeRows = [
      row('230822', '2026-10', 'transfer', { registrations: 2, feeFen: 16_000 }),
      row('230822', '2026-10', 'market', { newHomeCount: 1, newHomeAreaDm2: 9_000, newHomeFen: 54_000_000 }),
      row('230826', '2026-10', 'first', { registrations: 1, feeFen: 8_000 }),
      row('230800', '2026-10', 'transfer', { registrations: 3, feeFen: 24_000 }),
      row('230826', '2026-09', 'first', { registrations: 5 }),
    ];
    const totalRows = [
      row(CITY_TOTAL, '2026-10', 'transfer', { registrations: 5, feeFen: 40_000 }),
      row(CITY_TOTAL, '2026-10', 'first', { registrations: 1, feeFen: 8_000 }),
      row(CITY_TOTAL, '2026-10', 'market', { newHomeCount: 1, newHomeAreaDm2: 9_000, newHomeFen: 54_000_000 }),
      row(CITY_TOTAL, '2026-09', 'first', { registrations: 5 }),
    ];
    const r = cityReport({ kind: 'month', month: '2026-10' }, officeRows, totalRows);
    expect(r.total).toEqual({ ...zeroMeasures(), registrations: 6, feeFen: 48_000, newHomeCount: 1, newHomeAreaDm2: 9_000, newHomeFen: 54_000_000 });
    expect(r.officesTotal).toEqual(r.total);
    expect(r.offices.map((o) => [o.office, o.measures.registrations])).toEqual([['230822', 2], ['230826', 1], ['230828', 0], ['230881', 0], ['230882', 0], ['230883', 0], ['230800', 3]]);
    expect(r.kinds.map((k) => [k.kind, k.measures.registrations])).toEqual([['first', 1], ['transfer', 5]]);
    expect(r.months.map((m) => m.measures.registrations).slice(-2)).toEqual([5, 6]);
    expect(r.months).toHaveLength(12);
  });
});
