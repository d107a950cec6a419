import { checkTransferAgainstFiling } from '#domain/market/filing-slot.ts';
import { type CaseDoc } from '#protocol/documents/van.ts';
import { html, type Html } from '#server/office/html.ts';
import { type FilingSlots } from './filing-slots.ts';
import { renderFilingSlot } from './filing-slot-view.ts';

/**
 * The case page's 合同备案 section: each unit's active filing from the filing system, and for a 转移登记 the check
 * of the case's 权利人 against the filed buyers. Empty for a case on units with no filing, unless it is a transfer
 * (the reviewer is told there is none).
 */
export async function renderCaseFiling(caseDoc: Pick<CaseDoc, 'businessKind' | 'unitIds' | 'applicants'>, slots: FilingSlots): Promise<Html> {
  const found = await slots(caseDoc.unitIds);
  const transfer = caseDoc.businessKind === 'transfer';
  if (found.size === 0 && !transfer) return html``;
  return html`<h2>合同备案</h2>${caseDoc.unitIds.map((u, i) => {
    const slot = found.get(u) ?? null;
    return renderFilingSlot(slot, transfer && slot ? checkTransferAgainstFiling(caseDoc.applicants, slot) : null, `case-filing-${i}`);
  })}`;
}
