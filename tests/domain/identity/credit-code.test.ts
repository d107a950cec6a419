import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_ERROR_TEXT, checkCreditCode, creditCodeCheckChar } from '#domain/identity/credit-code.ts';

describe('统一社会信用代码 (GB 32100-2015: 18 characters, MOD 31 check character)', () => {
  it('accepts published codes and reads their parts', () => {
    expect(checkCreditCode('91330100716105852F')).toEqual({ ok: true, value: { code: '91330100716105852F', registrationAuthority: '9', regionCode: '330100', organizationCode: '716105852' } });
    expect(checkCreditCode('91350100M000100Y43').ok).toBe(true);
    expect(checkCreditCode(' 91110000600037341l ').ok).toBe(true);
  });

  it('computes the check character over the 31-character set, 0 when the remainder is 0', () => {
    expect(creditCodeCheckChar('91230800MA1B2C3D4')).toBe('D');
    expect(checkCreditCode('91230800MA1B2C3D4D').ok).toBe(true);
    expect(checkCreditCode('91230800MA1B2C3D4E')).toEqual({ ok: false, error: 'check-character' });
  });

  it('names what is wrong: length, a letter outside the set (I O S V Z), the region code', () => {
    expect(checkCreditCode('')).toEqual({ ok: false, error: 'empty' });
    expect(checkCreditCode('9123080')).toEqual({ ok: false, error: 'length' });
    expect(checkCreditCode('91230800MA1B2C3O4D')).toEqual({ ok: false, error: 'characters' });
    expect(checkCreditCode('91A30800MA1B2C3D4D')).toEqual({ ok: false, error: 'region' });
    expect(CREDIT_CODE_ERROR_TEXT['check-character']).toContain('校验位');
  });
});
