import { describe, expect, it } from 'vitest';
import { checkUnitNumber, parcelUnitNumber, UNIT_NUMBER_ERROR_TEXT, UNIT_NUMBER_PATTERN } from '#domain/units/unit-number.ts';

describe('不动产单元号 (GB/T 37346-2019, 28 characters)', () => {
  it('splits the gtmap example 320684413219GB00029F00010002 into its parts', () => {
    expect(checkUnitNumber('320684413219GB00029F00010002')).toEqual({
      ok: true,
      value: {
        unitNumber: '320684413219GB00029F00010002', districtCode: '320684', cadastralZone: '413', cadastralSubzone: '219',
        parcelFeature: 'GB', parcelNumber: '00029', fixtureFeature: 'F', fixtureNumber: '00010002', building: '0001', room: '0002',
      },
    });
  });

  it('accepts a Jiamusi unit typed in lowercase with spaces, and a parcel-only unit', () => {
    const r = checkUnitNumber('230803 001 002 gb 00017 f 00030101');
    expect(r.ok && r.value.unitNumber).toBe('230803001002GB00017F00030101');
    expect(checkUnitNumber('230881004001JC00123W00000000').ok).toBe(true);
  });

  it('gives the parcel of a building unit as its first 19 characters + W00000000', () => {
    const r = checkUnitNumber('320684413219GB00029F00010002');
    if (!r.ok) throw new Error(r.error);
    expect(parcelUnitNumber(r.value)).toBe('320684413219GB00029W00000000');
  });

  it.each([
    ['', 'empty'],
    ['320684413219GB00029F0001000', 'length'],
    ['320684413219GB00029F0001000-', 'characters'],
    ['000684413219GB00029F00010002', 'district'],
    ['230000413219GB00029F00010002', 'district'],
    ['3206844A3219GB00029F00010002', 'cadastral-zone'],
    ['320684413A19GB00029F00010002', 'cadastral-subzone'],
    ['320684413219QB00029F00010002', 'parcel-ownership'],
    ['320684413219GZ00029F00010002', 'parcel-type'],
    ['320684413219GB0002AF00010002', 'parcel-number'],
    ['320684413219GB00029K00010002', 'fixture-feature'],
    ['320684413219GB00029F0001000A', 'fixture-number'],
    ['320684413219GB00029W00010002', 'parcel-only-suffix'],
  ] as const)('refuses "%s" naming the wrong part (%s) in Chinese', (input, error) => {
    expect(checkUnitNumber(input)).toEqual({ ok: false, error });
    expect(UNIT_NUMBER_ERROR_TEXT[error]).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('accepts the 宗地特征码 second letters L (林地使用权) and N (农用地使用权) of GB/T 37346-2019', () => {
    expect(checkUnitNumber('230828002003JL00099L12345678').ok).toBe(true);
    expect(checkUnitNumber('230828002003JN00099W00000000').ok).toBe(true);
    expect(UNIT_NUMBER_PATTERN.test('230828002003JN00099W00000000')).toBe(true);
  });

  it('names a county-level code, not the prefecture 230800, as its example', () => {
    expect(UNIT_NUMBER_ERROR_TEXT.district).toContain('230803');
    expect(UNIT_NUMBER_ERROR_TEXT.district).not.toContain('230800');
  });

  it('agrees with the whole-format pattern on valid numbers', () => {
    for (const n of ['320684413219GB00029F00010002', '230882001001ZW00001Q00000001', '230828002003JC00099L12345678']) {
      expect(UNIT_NUMBER_PATTERN.test(n)).toBe(true);
      expect(checkUnitNumber(n).ok).toBe(true);
    }
  });
});
