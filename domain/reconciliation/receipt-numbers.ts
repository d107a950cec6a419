import { discrepancy, type Discrepancy } from './discrepancy.ts';

/**
 * Where every number of the trip's receipt block went, as accounted by domain/receipts: each number
 * is issued, voided, or declared unused when the van hands the rest of the block back; anything else
 * is missing. Numbers used twice and numbers from outside the block are listed apart.
 */
export type ReceiptNumberAccount = {
  total: number;
  issued: readonly string[];
  voided: readonly string[];
  unused: readonly string[];
  /** Numbers the office never granted to a device of the trip: nobody could print them. */
  notGranted?: readonly string[];
  missing: readonly string[];
  duplicates: readonly { number: string; receiptIds: readonly string[] }[];
  outsideBlock: readonly { number: string; receiptId: string }[];
};

export function reconcileReceiptNumbers(account: ReceiptNumberAccount): {
  counts: { total: number; issued: number; voided: number; unused: number; notGranted: number };
  findings: Discrepancy[];
} {
  const findings: Discrepancy[] = [
    ...account.missing.map((n) => discrepancy('receipt-number-missing', n, `号码 ${n} 在号段内，但既未开具、未作废，也未登记为未使用。`)),
    ...account.duplicates.map((d) =>
      discrepancy('receipt-number-duplicate', d.number, `号码 ${d.number} 出现在 ${d.receiptIds.length} 张票据上：${d.receiptIds.join('、')}。`),
    ),
    ...account.outsideBlock.map((o) =>
      discrepancy('receipt-number-outside-block', o.number, `票据 ${o.receiptId} 的号码 ${o.number} 不在领用号段内。`),
    ),
  ];
  return {
    counts: { total: account.total, issued: account.issued.length, voided: account.voided.length, unused: account.unused.length, notGranted: account.notGranted?.length ?? 0 },
    findings,
  };
}
