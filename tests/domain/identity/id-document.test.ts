import { describe, expect, it } from 'vitest';
import { checkCardValidity, ID_DOCUMENT_PROBLEM_TEXT, idTypeOfCard } from '#domain/identity/id-document.ts';

describe('an identity document read at the counter', () => {
  it('records the type the card says it is, not always 居民身份证', () => {
    expect(idTypeOfCard('居民身份证')).toBe('resident-id');
    expect(idTypeOfCard('港澳台居民居住证')).toBe('hmt-residence-permit');
    expect(idTypeOfCard('外国人永久居留身份证（2023版）')).toBe('foreign-permanent-residence');
    expect(idTypeOfCard('某种证件')).toBe('other');
  });

  it('refuses an expired 港澳台居民居住证 on several days after its end, and takes it on its last day', () => {
    const permit = { validFrom: '2021-04-01', validTo: '2026-04-01' };
    for (const today of ['2026-04-02', '2026-12-04', '2027-12-04']) expect(checkCardValidity(permit, today)).toEqual({ ok: false, error: 'expired' });
    expect(checkCardValidity(permit, '2026-04-01')).toEqual({ ok: true, value: { validTo: '2026-04-01' } });
    expect(ID_DOCUMENT_PROBLEM_TEXT.expired('港澳台居民居住证', permit.validFrom, permit.validTo)).toBe(
      '该港澳台居民居住证已过期（有效期至 2026-04-01），不能作为身份证明：请申请人出示有效的身份证件，或由其委托代理人办理',
    );
  });

  it('takes a 长期 card at any date, and refuses one not yet valid', () => {
    expect(checkCardValidity({ validFrom: '2012-07-18', validTo: '长期' }, '2099-01-01').ok).toBe(true);
    expect(checkCardValidity({ validFrom: '2027-01-01', validTo: '2047-01-01' }, '2026-12-04')).toEqual({ ok: false, error: 'not-yet-valid' });
  });
});
