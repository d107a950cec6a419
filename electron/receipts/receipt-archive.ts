import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { type DocumentRendererService } from '#electron/documents/document-renderer.ts';
import { type ReceiptCopyMark } from '#electron/documents/receipt-copy.ts';
import { type ReceiptPrint } from '#electron/ipc/contract.ts';

const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);

/**
 * Renders the A5 PDF copy of a receipt and archives it with its case: `<dataDir>/documents/<caseId>/receipt-…pdf`.
 * Written to a temporary file, fsynced, then renamed, so a crash leaves either the whole copy or none. The name
 * says which copy it is (original, reprint n, voided), so no copy overwrites another.
 */
export async function archiveReceiptCopy(opts: { dataDir: string; renderer: Pick<DocumentRendererService, 'receiptCopy'>; receipt: ReceiptPrint; mark: ReceiptCopyMark; reprintNo?: number }): Promise<{ path: string; bytes: number }> {
  const { receipt, mark } = opts;
  const pdf = (await opts.renderer.receiptCopy(receipt, mark)).bytes;
  const suffix = mark.kind === 'voided' ? '-voided' : mark.kind === 'reprint' ? `-reprint-${opts.reprintNo ?? 1}` : '';
  const dir = join(opts.dataDir, 'documents', safe(receipt.caseId));
  await mkdir(dir, { recursive: true });
  const path = join(dir, `receipt-${safe(receipt.receiptCode)}-${safe(receipt.receiptNumber)}${suffix}.pdf`);
  const tmp = `${path}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(pdf);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  return { path, bytes: pdf.byteLength };
}
