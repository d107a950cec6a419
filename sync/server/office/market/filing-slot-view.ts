import { formatYuanText } from '#domain/money.ts';
import { type FilingCheck, type FilingSlot } from '#domain/market/filing-slot.ts';

import { html, type Html } from '#server/office/html.ts';

/** Chinese text of a unit's filing as registration reads it (the register page and the transfer review). */
export const FILING_SLOT_TEXT = {
  none: '合同备案系统中该单元没有有效的备案合同。',
  filed: (contractNumber: string, filedOn: string, developer: string) => `备案合同 ${contractNumber}（${filedOn} 备案，出卖人 ${developer}）`,
  buyers: '买受人',
  price: '合同总价款',
  preMortgage: (bank: string, loan: string) => `已办理预抵押：${bank}，贷款 ${loan}`,
  cancellationPending: '解除备案申请待买受人同意',
  matches: '申请登记的权利人与备案合同的买受人一致。',
  buyersDiffer: (caseOnly: string[], filingOnly: string[]) =>
    `申请登记的权利人与备案合同的买受人不一致${caseOnly.length > 0 ? `：${caseOnly.join('、')} 不是备案买受人` : ''}${filingOnly.length > 0 ? `；备案买受人 ${filingOnly.join('、')} 未作为权利人申请` : ''}。请核对买卖合同；备案有误的，由开发企业和买受人变更备案后再办理。`,
} as const;

const T = FILING_SLOT_TEXT;

/** The unit's active filing from the filing system, and for a transfer the check of the case against it. */
export function renderFilingSlot(slot: FilingSlot | null, check: FilingCheck | null = null, id = 'filing-slot'): Html {
  if (!slot) return html`<p class="note" id="${id}" data-filed="false">${T.none}</p>`;
  return html`<div class="card" id="${id}" data-filed="true"><p><b>${T.filed(slot.contractNumber, slot.filedOn, slot.developerName)}</b></p>
<p>${T.buyers}：${slot.buyers.map((b) => `${b.name}（${b.idNumber}）`).join('、')}；${T.price}：${formatYuanText(slot.totalFen)}</p>
${slot.preMortgage ? html`<p>${T.preMortgage(slot.preMortgage.bankName, formatYuanText(slot.preMortgage.loanFen))}</p>` : ''}${slot.cancellationPending ? html`<p class="tag warn">${T.cancellationPending}</p>` : ''}
${check === null ? '' : check.outcome === 'matches' ? html`<p class="okbox" id="${id}-check" data-outcome="matches">${T.matches}</p>` : html`<p class="flag" id="${id}-check" data-outcome="buyers-differ">${T.buyersDiffer(check.caseOnly, check.filingOnly)}</p>`}</div>`;
}
