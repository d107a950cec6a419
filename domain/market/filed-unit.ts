import { type BusinessKind } from '#domain/business/business-kinds.ts';

/** A unit's contract filing as the register summary carries it. */
export type FiledContract = { contractNumber: string };

/**
 * A home under a filed sales contract (网签备案) is sold but not yet transferred: until the buyer's transfer is
 * registered, a loan on it is secured by the lender's 预购商品房抵押预告登记 on the filing (the bank portal's 预抵押,
 * 《不动产登记暂行条例实施细则》第八十五条第一款第（三）项), and the home takes no 抵押权首次登记 by anyone. Answers
 * the reason a 抵押权首次登记 on such a unit is stopped, or null. The office applies it at 登簿, the van at intake
 * (through `canProceed`).
 */
/** The article the stop rests on, printed beside it on a written refusal. */
export const FILED_UNIT_BASIS = '《不动产登记暂行条例实施细则》第八十五条第一款第（三）项';

export function filedUnitStop(kind: BusinessKind, filing: FiledContract | null | undefined): string | null {
  if (kind !== 'mortgage-first' || !filing) return null;
  return `该房屋已网签备案（合同 ${filing.contractNumber}），尚未办理转移登记，不能办理抵押权首次登记。买受人的购房贷款由贷款银行在合同备案系统办理预抵押（预购商品房抵押预告登记）；转移登记后方可办理抵押权首次登记。`;
}
