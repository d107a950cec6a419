import { archiveCaseDocument, safeSegment } from '#electron/documents/case-archive.ts';
import { type DocumentRendererService } from '#electron/documents/document-renderer.ts';
import { type ReceiptCopyMark } from '#electron/documents/receipt-copy.ts';
import { type ReceiptPrint } from '#electron/ipc/contract.ts';

/**
 * Renders the A5 PDF copy of a receipt and archives it with its case: `<dataDir>/documents/<caseId>/receipt-…pdf`.
 * Archived whole or not at all (case-archive.ts). The name says which copy it is (original, reprint n,
 * voided), so no copy overwrites another.
 */
export async function archiveReceiptCopy(opts: { dataDir: string; renderer: Pick<DocumentRendererService, 'receiptCopy'>; receipt: ReceiptPrint; mark: ReceiptCopyMark; reprintNo?: number }): Promise<{ path: string; bytes: number }> {
  const { receipt, mark } = opts;
  const pdf = (await opts.renderer.receiptCopy(receipt, mark)).bytes;
  const suffix = mark.kind === 'voided' ? '-voided' : mark.kind === 'reprint' ? `-reprint-${opts.reprintNo ?? 1}` : '';
  const path = await archiveCaseDocument(opts.dataDir, receipt.caseId, `receipt-${safeSegment(receipt.receiptCode)}-${safeSegment(receipt.receiptNumber)}${suffix}.pdf`, pdf);
  return { path, bytes: pdf.byteLength };
}
