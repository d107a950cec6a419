import { fen, formatYuan, toChineseUppercase } from '#domain/money.ts';
import { paymentMethodText } from '#domain/receipts/payment.ts';
import { EscPosBuilder, PAPER_COLUMNS, type PaperWidth } from '#electron/devices/printer/escpos.ts';
import { beijingDateTime } from '#electron/documents/notices.ts';
import { type ReceiptPrint } from '#electron/ipc/contract.ts';
import { SLIP_TEXT as T } from './receipt-slip-text.ts';

export type SlipCopy = 'original' | 'reprint';

/**
 * The receipt slip for a 58 mm or 80 mm ESC/POS printer: number, payer, items with their fee rule version,
 * amounts in figures and uppercase, payment method, payee, staff, time, case number and a QR code to the
 * public status page. A reprint carries the same number and a visible 重打印 mark.
 */
export function receiptSlip(receipt: ReceiptPrint, copy: SlipCopy): { bytes: Uint8Array; unprintable: readonly unknown[] } {
  const width: PaperWidth = receipt.paperWidth === '58' ? 58 : 80;
  const b = new EscPosBuilder({ width });
  const total = fen(receipt.totalFen);
  const amountWidth = 10;
  const cols = PAPER_COLUMNS[width];
  // Nine double-width characters need 36 columns: on 58 mm (32) the title is only made taller.
  b.init().chinese().align('center').bold().size(width === 58 ? 1 : 2, 2).line(T.title).size(1, 1).bold(false);
  if (copy === 'reprint') b.bold().line(T.reprint).bold(false);
  b.align('left').rule();
  for (const l of T.receipt(receipt.receiptCode, receipt.receiptNumber).split('\n')) b.line(l);
  b.line(T.caseNumber(receipt.caseNumber)).line(T.payer(receipt.payer)).rule();
  b.columns([{ text: T.itemHeader.name, width: cols - amountWidth }, { text: T.itemHeader.amount, width: amountWidth, align: 'right' }]);
  for (const item of receipt.items) {
    b.columns([{ text: item.name, width: cols - amountWidth }, { text: formatYuan(fen(item.amountFen)), width: amountWidth, align: 'right' }]);
  }
  const versions = [...new Set(receipt.items.map((i) => i.ruleVersion))].join('、');
  b.paragraph(T.rules(versions)).rule();
  b.bold().line(T.total(formatYuan(total))).bold(false);
  b.paragraph(T.upper(toChineseUppercase(total)));
  b.line(T.method(paymentMethodText(receipt.paymentMethod)));
  if (receipt.transactionRef) b.paragraph(T.transactionRef(receipt.transactionRef));
  b.paragraph(T.payee(receipt.payee)).line(T.staff(receipt.staffName)).line(T.time(beijingDateTime(receipt.issuedAt))).rule();
  b.align('center').qr(receipt.statusUrl, { moduleSize: width === 58 ? 4 : 6, level: 'M' }).line(T.scan);
  b.paragraph(T.notFiscal).paragraph(T.noExtraFee).align('left').cut('partial', 3);
  return { bytes: b.bytes(), unprintable: b.unprintable() };
}
