import { describe, expect, it } from 'vitest';
import { filedUnitStop } from '#domain/market/filed-unit.ts';

describe('a unit under a filed sales contract', () => {
  it('takes no 抵押权首次登记, and says the bank records a 预抵押 on the filing instead', () => {
    expect(filedUnitStop('mortgage-first', { contractNumber: 'XS20260000007' })).toBe(
      '该房屋已网签备案（合同 XS20260000007），尚未办理转移登记，不能办理抵押权首次登记。买受人的购房贷款由贷款银行在合同备案系统办理预抵押（预购商品房抵押预告登记）；转移登记后方可办理抵押权首次登记。',
    );
  });

  it('stops nothing else: the transfer that ends the filing, a mortgage on an unfiled unit', () => {
    expect(filedUnitStop('transfer', { contractNumber: 'XS20260000007' })).toBeNull();
    expect(filedUnitStop('mortgage-first', null)).toBeNull();
    expect(filedUnitStop('mortgage-first', undefined)).toBeNull();
  });
});
