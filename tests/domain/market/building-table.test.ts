import { describe, expect, it } from 'vitest';
import { checkPermit, floorBand, saleBasisOf, type SalePermit } from '#domain/market/building-table.ts';
import { presale, unitA, unitB } from './fixtures.ts';

const completion: SalePermit = { ...presale, id: 'permit-2', kind: 'completion', number: '佳竣备2027005号', issuedOn: '2027-09-01' };

describe('the permit a unit is sold under (《城市房地产管理法》第四十五条, 《城市商品房预售管理办法》第六条)', () => {
  it('is the presale permit of its building from the day it is issued', () => {
    expect(saleBasisOf(unitA, [presale], '2026-02-28')).toEqual({ ok: false, error: 'permit-not-yet' });
    expect(saleBasisOf(unitA, [presale], '2026-03-01')).toEqual({ ok: true, permit: presale });
    expect(saleBasisOf(unitA, [presale], '2030-01-01')).toEqual({ ok: true, permit: presale });
  });

  it('is none for a unit outside every permit, withheld by the developer, or after the permit is revoked', () => {
    expect(saleBasisOf(unitB, [presale], '2026-06-01')).toEqual({ ok: false, error: 'no-permit' });
    expect(saleBasisOf({ ...unitA, withheld: true }, [presale], '2026-06-01')).toEqual({ ok: false, error: 'withheld' });
    const revoked = { ...presale, revokedOn: '2026-07-01' };
    expect(saleBasisOf(unitA, [revoked], '2026-06-30').ok).toBe(true);
    expect(saleBasisOf(unitA, [revoked], '2026-07-01')).toEqual({ ok: false, error: 'permit-revoked' });
  });

  it('is the completion filing once the building is finished (现售, GF-2014-0172)', () => {
    expect(saleBasisOf(unitA, [presale, completion], '2027-08-31')).toEqual({ ok: true, permit: presale });
    expect(saleBasisOf(unitA, [presale, completion], '2027-09-01')).toEqual({ ok: true, permit: completion });
  });

  it('ignores a permit of another project that names a building with the same id', () => {
    expect(saleBasisOf(unitA, [{ ...presale, projectId: 'p2' }], '2026-06-01')).toEqual({ ok: false, error: 'no-permit' });
  });
});

describe('a permit as the office enters it', () => {
  const buildings = [{ id: 'b1', projectId: 'p1', name: '1号楼', floors: 18 }];
  const input = { projectId: 'p1', kind: 'presale' as const, number: '佳房预售证第2026018号', authority: '佳木斯市住房和城乡建设局', issuedOn: '2026-03-01', buildingIds: ['b1'] };
  it('needs a number not used before, buildings of its project and an issue day not in the future', () => {
    expect(checkPermit(input, buildings, [], '2026-03-01')).toBeNull();
    expect(checkPermit({ ...input, number: ' ' }, buildings, [], '2026-03-01')).toBe('number-empty');
    expect(checkPermit({ ...input, buildingIds: [] }, buildings, [], '2026-03-01')).toBe('no-buildings');
    expect(checkPermit({ ...input, buildingIds: ['b9'] }, buildings, [], '2026-03-01')).toBe('unknown-building');
    expect(checkPermit(input, buildings, [], '2026-02-28')).toBe('issued-in-future');
    expect(checkPermit(input, buildings, ['佳房预售证第2026018号'], '2026-03-01')).toBe('number-taken');
  });
});

describe('the floor band a public listing shows instead of the floor', () => {
  it.each([
    [1, 18, 'low'],
    [6, 18, 'low'],
    [7, 18, 'middle'],
    [12, 18, 'middle'],
    [13, 18, 'high'],
    [3, 3, 'low'],
    [2, 6, 'low'],
    [4, 6, 'middle'],
    [5, 6, 'high'],
  ] as const)('floor %i of %i is %s', (floor, floors, band) => {
    expect(floorBand(floor, floors)).toBe(band);
  });
});
