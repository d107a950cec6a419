import { fen, formatYuan, toChineseUppercase } from '#domain/money.ts';
import { paymentMethodText } from '#domain/receipts/payment.ts';
import { type ReceiptPrint } from '#electron/ipc/contract.ts';
import { type Block, type DocumentSpec } from '#documents/layout.ts';
import { NOTICE_TEXT as T } from './notice-text.ts';
import { beijingDateTime } from './notices.ts';
import { type OfficeInfo, officeDocument } from './office-info.ts';

export type ReceiptCopyMark = { kind: 'voided'; reason: string; by: string; at: string } | { kind: 'reprint' } | { kind: 'none' };

/**
 * The number as printed: a 财政票据 has a code and a number (23080126-0000100001); the van's own block numbers
 * already begin with their code (JMS2026-001001), which is not written twice.
 */
export function receiptNumberText(code: string, number: string): string {
  const bare = code.replace(/-+$/, '');
  return bare !== '' && number.startsWith(bare) ? number : `${bare}-${number}`;
}

/** The A5 copy of a receipt archived with the case; voided and reprinted copies say so visibly. */
export function receiptCopySpec(receipt: ReceiptPrint, office: OfficeInfo, mark: ReceiptCopyMark): DocumentSpec {
  const total = fen(receipt.totalFen);
  const markBlocks: Block[] =
    mark.kind === 'voided'
      ? [{ type: 'mark', text: `【${T.voidedMark}】` }, { type: 'paragraph', text: T.voidedLine(mark.reason, mark.by, beijingDateTime(mark.at)) }]
      : mark.kind === 'reprint'
        ? [{ type: 'mark', text: `【${T.reprintMark}】` }]
        : [];
  return officeDocument(office, T.receiptCopyTitle, 'A5', [
    ...markBlocks,
    {
      type: 'fields',
      rows: [
        [T.receiptNumber, receiptNumberText(receipt.receiptCode, receipt.receiptNumber)],
        [T.caseNumber, receipt.caseNumber],
        [T.payer, receipt.payer],
        [T.paymentMethod, paymentMethodText(receipt.paymentMethod)],
        ...(receipt.transactionRef ? [[T.transactionRef, receipt.transactionRef] as [string, string]] : []),
        [T.payee, receipt.payee],
        [T.staff, receipt.staffName],
        [T.issued(''), beijingDateTime(receipt.issuedAt)],
      ],
    },
    {
      type: 'table',
      columns: [
        { header: T.feeItems.name, width: 2.8 },
        { header: T.feeItems.rule, width: 2.8 },
        { header: T.feeItems.amount, width: 1.2, align: 'right' },
      ],
      rows: receipt.items.map((item) => [item.name, item.ruleVersion, formatYuan(fen(item.amountFen))]),
    },
    { type: 'fields', rows: [[T.totalFigures, `￥${formatYuan(total)}`], [T.totalUpper, toChineseUppercase(total)]] },
    { type: 'qr', data: receipt.statusUrl, caption: T.qrCaption(receipt.statusUrl) },
    { type: 'paragraph', text: T.notFiscalReceipt, size: 9 },
  ]);
}
