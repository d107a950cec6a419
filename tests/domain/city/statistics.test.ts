import { describe, expect, it } from 'vitest';
import { countyOfId, officeScopedId } from '#domain/city/counties.ts';
import { type MarketChange, type StatRow, caseEventFact, fenPerM2, marketChangeFact, sumOverOffices, totalOf, zeroMeasures } from '#domain/city/statistics.ts';

const intake = { businessKind: 'transfer', use: 'residential', units: [{}, {}] };

describe('city statistics rules', () => {
  it('counts a 登簿 with its units, in the China month it was entered, under the case’s kind and use', () => {
    // 2026-11-30T16:30Z is 00:30 on 1 December in China.
    expect(caseEventFact({ id: 'e1', kind: 'registered', at: '2026-11-30T16:30:00.000Z' }, intake)).toEqual({
      month: '2026-12', kind: 'transfer', use: 'residential', source: 'event:e1', measures: { registrations: 1, registeredUnits: 2 },
    });
  });

  it('adds a fee charged and takes a refund off; other events add nothing; a missing intake is counted as unknown', () => {
    expect(caseEventFact({ id: 'f', kind: 'fee-charged', at: '2026-03-02T02:00:00Z', payload: { totalFen: 8000 } }, intake)?.measures).toEqual({ feeFen: 8000 });
    expect(caseEventFact({ id: 'r', kind: 'fee-refunded', at: '2026-03-05T02:00:00Z', payload: { amountFen: 8000 } }, null)).toMatchObject({ kind: 'unknown', use: 'unknown', measures: { feeFen: -8000 } });
    expect(caseEventFact({ id: 'a', kind: 'accepted', at: '2026-03-02T02:00:00Z' }, intake)).toBeNull();
  });

  it('counts a filing while it stands, in its filing month, and takes it off that month when cancelled', () => {
    const row = { status: 'active', filedOn: '2026-05-20', areaDm2: 8960, totalFen: 52_000_000, use: 'residential' };
    const filed: MarketChange = { seq: 1, kind: 'filing', before: null, row };
    expect(marketChangeFact(filed)).toEqual({ month: '2026-05', kind: 'market', use: 'residential', source: 'market:1', measures: { newHomeCount: 1, newHomeAreaDm2: 8960, newHomeFen: 52_000_000 } });
    expect(marketChangeFact({ seq: 2, kind: 'filing', before: 'active', row: { ...row, status: 'closed' } })).toBeNull();
    expect(marketChangeFact({ seq: 3, kind: 'filing', before: 'active', row: { ...row, status: 'cancelled' } })?.measures).toEqual({ newHomeCount: -1, newHomeAreaDm2: -8960, newHomeFen: -52_000_000 });
  });

  it('counts a second-hand home once, when its listing ends sold; a permit adds supply, not split by use (mixed, 未区分: it covers whole buildings), and its revocation takes it off', () => {
    const listing = { status: 'ended', listingKind: 'second-hand', endReason: 'sold', endedOn: '2026-07-01', areaDm2: 11230, priceFen: 60_000_000, use: 'residential' };
    expect(marketChangeFact({ seq: 4, kind: 'listing', before: 'published', row: listing })?.measures).toEqual({ secondHandCount: 1, secondHandAreaDm2: 11230, secondHandFen: 60_000_000 });
    expect(marketChangeFact({ seq: 5, kind: 'listing', before: 'published', row: { ...listing, endReason: 'withdrawn' } })).toBeNull();
    expect(marketChangeFact({ seq: 6, kind: 'listing', before: 'published', row: { ...listing, listingKind: 'new-home' } })).toBeNull();
    const permit = { issuedOn: '2026-04-01', revokedOn: null, units: 28, areaDm2: 280_000 };
    expect(marketChangeFact({ seq: 7, kind: 'permit', before: null, row: permit })).toMatchObject({ month: '2026-04', use: 'mixed', measures: { supplyUnits: 28, supplyAreaDm2: 280_000 } });
    expect(marketChangeFact({ seq: 8, kind: 'permit', before: 'in-force', row: { ...permit, revokedOn: '2026-06-01' } })?.measures).toEqual({ supplyUnits: -28, supplyAreaDm2: -280_000 });
  });

  it('sums offices month by month, and prices per m² from the sums', () => {
    const row = (office: string, month: string, newHomeCount: number, newHomeFen: number, newHomeAreaDm2: number): StatRow => ({ ...zeroMeasures(), office, month, kind: 'market', use: 'residential', newHomeCount, newHomeFen, newHomeAreaDm2 });
    const city = sumOverOffices([row('230822', '2026-05', 2, 100_000_00, 20_000), row('230826', '2026-05', 1, 50_000_00, 10_000), row('230826', '2026-06', 1, 1, 1)], '230800');
    expect(city.map((r) => [r.month, r.newHomeCount, r.newHomeFen])).toEqual([['2026-05', 3, 150_000_00], ['2026-06', 1, 1]]);
    expect(totalOf(city).newHomeCount).toBe(4);
    expect(fenPerM2(150_000_00, 30_000)).toBe(50_000);
    expect(fenPerM2(1, 0)).toBeNull();
  });

  it('puts a county’s code into the ids it mints and leaves the city’s as they were', () => {
    expect(officeScopedId('230822', 'dev', 'abc')).toBe('dev-230822-abc');
    expect(officeScopedId(null, 'dev', 'abc')).toBe('dev-abc');
    expect(countyOfId('dev-230822-abc')).toBe('230822');
    expect(countyOfId('dev-123456-abc')).toBeNull();
    expect(countyOfId('dev-abc')).toBeNull();
  });
});
