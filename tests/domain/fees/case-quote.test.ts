import { describe, expect, it } from 'vitest';
import { feePieces, quoteCase } from '#domain/fees/case-quote.ts';
import { findFeeTable } from '#domain/fees/tables.ts';

const rules = findFeeTable('2016');
if (!rules) throw new Error('2559号 missing');
const FLAT = '230803003012GB00001F00010101';
const GARAGE = '230803003012GB00001F00020001';
const OTHER_PARCEL_FLAT = '230803003012GB00002F00010101';

describe('fees per 件 (发改价格规〔2016〕2559号 三: one unit, one right, one kind of registration)', () => {
  it('charges a flat and its separately certificated garage as two 件: 160 元, each unit named on its line', () => {
    const r = quoteCase({ kind: 'transfer', units: [{ unitNumber: FLAT, use: 'residential' }, { unitNumber: GARAGE, use: 'parking' }], rules });
    expect(r.ok && r.value.totalFen).toBe(16000);
    expect(r.ok && r.value.items.map((i) => [i.name, i.amountFen])).toEqual([
      [`不动产登记费（住宅）（单元${FLAT}）`, 8000],
      [`不动产登记费（车库、车位、储藏间单独发证）（单元${GARAGE}）`, 8000],
    ]);
    expect(r.ok && r.value.notes.at(-1)).toContain('本案共 2 件');
  });

  it('charges each unit’s own use: a shop and a flat in one case are 550 + 80', () => {
    const r = quoteCase({ kind: 'first', units: [{ unitNumber: FLAT, use: 'non-residential' }, { unitNumber: OTHER_PARCEL_FLAT, use: 'residential' }], rules });
    expect(r.ok && r.value.totalFen).toBe(63000);
  });

  it('charges extra certificates per unit: two co-owners of two units pay 2 × (80 + 10)', () => {
    const r = quoteCase({ kind: 'transfer', units: [{ unitNumber: FLAT, use: 'residential' }, { unitNumber: OTHER_PARCEL_FLAT, use: 'residential' }], certificates: 2, rules });
    expect(r.ok && r.value.totalFen).toBe(18000);
  });

  it('counts units on one parcel mortgaged for one loan as one 件, and units on two parcels as two', () => {
    expect(feePieces('mortgage-first', [{ unitNumber: FLAT, use: 'residential' }, { unitNumber: GARAGE, use: 'parking' }])).toEqual([{ unitNumbers: [FLAT, GARAGE], use: 'residential' }]);
    const one = quoteCase({ kind: 'mortgage-first', units: [{ unitNumber: FLAT, use: 'residential' }, { unitNumber: GARAGE, use: 'parking' }], rules });
    expect(one.ok && one.value.totalFen).toBe(8000);
    const two = quoteCase({ kind: 'mortgage-first', units: [{ unitNumber: FLAT, use: 'residential' }, { unitNumber: OTHER_PARCEL_FLAT, use: 'residential' }], rules });
    expect(two.ok && two.value.totalFen).toBe(16000);
    expect(two.ok && two.value.items[0]?.name).toBe(`不动产登记费（住宅）（单元${FLAT}）`);
  });

  it('keeps the single-unit item names unchanged, and refuses a case without units', () => {
    const r = quoteCase({ kind: 'transfer', units: [{ unitNumber: FLAT, use: 'residential' }], rules });
    expect(r.ok && r.value.items.map((i) => i.name)).toEqual(['不动产登记费（住宅）']);
    expect(quoteCase({ kind: 'transfer', units: [], rules })).toEqual({ ok: false, error: { code: 'no-units' } });
  });

  it('refuses the whole case when a reduction does not fit one of its units', () => {
    const r = quoteCase({ kind: 'first', units: [{ unitNumber: FLAT, use: 'residential' }, { unitNumber: GARAGE, use: 'parking' }], specialCase: 'ancillary-parking', rules });
    expect(r.ok).toBe(false);
  });
});
