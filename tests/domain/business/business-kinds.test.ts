import { describe, expect, it } from 'vitest';
import { BUSINESS_KINDS, BUSINESS_KIND_KEYS, findBusinessKind } from '#domain/business/business-kinds.ts';
import { STAFF_ROLES, STAFF_ROLE_TEXT, isStaffRole } from '#domain/staff/roles.ts';

describe('registration kinds (《不动产登记暂行条例实施细则》)', () => {
  it('finds a kind by national code, current name, 2008 name or key', () => {
    expect(findBusinessKind('200')).toBe('transfer');
    expect(findBusinessKind('首次登记')).toBe('first');
    expect(findBusinessKind('初始登记')).toBe('first');
    expect(findBusinessKind('抵押权设立登记')).toBe('mortgage-first');
    expect(findBusinessKind(' mortgage-cancel ')).toBe('mortgage-cancel');
    expect(findBusinessKind('150')).toBeUndefined();
  });

  it('maps a bare code to the ownership kind, never to a mortgage kind sharing it', () => {
    expect(findBusinessKind('100')).toBe('first');
    expect(findBusinessKind('400')).toBe('cancel');
  });

  it('uses the nine national codes, and marks 转移 and 抵押 as joint applications', () => {
    expect(new Set(BUSINESS_KIND_KEYS.map((k) => BUSINESS_KINDS[k].code))).toEqual(new Set(['100', '200', '300', '400', '500', '600', '700', '800', '900']));
    expect(BUSINESS_KINDS.transfer.joint).toBe(true);
    expect(BUSINESS_KINDS['mortgage-first'].joint).toBe(true);
    expect(BUSINESS_KINDS.first.joint).toBe(false);
  });

  it('gives every kind the 30 working days of 条例 第二十条: the shorter limits of the repealed 房屋登记办法 are gone', () => {
    for (const k of BUSINESS_KIND_KEYS) expect(BUSINESS_KINDS[k].legalDays).toBe(30);
  });

  it('bars transfer and every new burden (抵押, 预告, 地役权) on a seized unit (城市房地产管理法 第38条, 民法典 第399条), not 查封 or 更正', () => {
    const barred = BUSINESS_KIND_KEYS.filter((k) => BUSINESS_KINDS[k].barredBySeizure);
    expect(barred).toEqual(['transfer', 'cancel', 'advance-notice', 'other', 'mortgage-first', 'mortgage-change', 'mortgage-transfer']);
  });
});

describe('staff roles', () => {
  it('is a small closed set with Chinese labels', () => {
    expect(STAFF_ROLES).toHaveLength(5);
    for (const r of STAFF_ROLES) expect(STAFF_ROLE_TEXT[r]).toMatch(/[\u4e00-\u9fa5]/);
    expect(isStaffRole('reviewer')).toBe(true);
    expect(isStaffRole('root')).toBe(false);
  });
});
