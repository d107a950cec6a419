import { describe, expect, it } from 'vitest';
import { checkResidentId, residentIdCheckChar, upgradeLegacyResidentId } from '#domain/identity/resident-id.ts';

describe('resident ID numbers (GB 11643, MOD 11-2)', () => {
  it('accepts the GB 11643 example whose check character is X', () => {
    expect(checkResidentId('11010519491231002X')).toEqual({
      ok: true,
      value: { number: '11010519491231002X', regionCode: '110105', birthDate: '1949-12-31', sex: '女' },
    });
  });

  it('accepts 440524188001010014 and 110101199003074477', () => {
    expect(checkResidentId('440524188001010014').ok).toBe(true);
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
    const r = checkResidentId('110101199003074477');
    expect(r.ok && r.value.sex).toBe('男');
  });

  it('refuses 110101199003074478: one digit off in the check character', () => {
    expect(checkResidentId('110101199003074478')).toEqual({ ok: false, error: 'check-digit' });
  });

  it('normalises a lowercase x and surrounding spaces', () => {
    expect(checkResidentId(' 11010519491231002x ').ok).toBe(true);
  });

  it('names what is wrong: empty, length, characters, province, birth date', () => {
    expect(checkResidentId('')).toEqual({ ok: false, error: 'empty' });
    expect(checkResidentId('1101051949123100')).toEqual({ ok: false, error: 'length' });
    expect(checkResidentId('1101051949123100AX')).toEqual({ ok: false, error: 'characters' });
    expect(checkResidentId('99010519491231002X')).toEqual({ ok: false, error: 'region' });
    expect(checkResidentId('110105194902300021')).toEqual({ ok: false, error: 'birth-date' });
    expect(checkResidentId('110101199003074477', '1980-01-01')).toEqual({ ok: false, error: 'birth-date' });
  });

  it('upgrades a 15-digit legacy number by inserting 19 and appending the check character', () => {
    expect(upgradeLegacyResidentId('110105491231002')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(upgradeLegacyResidentId('11010549123100')).toEqual({ ok: false, error: 'characters' });
  });
});
