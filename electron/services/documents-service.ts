/**
 * Notices and voided-receipt copies as PDFs. Rendering is the documents helper's code
 * (`ctx.deps.documents`, which draws on a worker thread in the app: see wiring.ts); this module archives
 * each PDF with its case on disk by content hash and returns it to the screen. Nothing here parses the
 * PDF again: the renderer says how many pages it drew.
 */
import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { archiveCaseDocument, readCaseDocument, safeSegment } from '#electron/documents/case-archive.ts';
import { type RenderedDocument } from '#electron/ipc/contract.ts';
import { ServiceError } from '#electron/ipc/handle.ts';
import { type DocumentRenderer, type ServiceContext, type ServiceModule } from './context.ts';
import { text } from './service-text.ts';

type Areas =
  | 'documents:acceptanceNotice' | 'documents:correctionNotice' | 'documents:refusalNotice' | 'documents:interviewRecord' | 'documents:inspectionRecord'
  | 'documents:refundReceipt' | 'receipts:void' | 'documents:caseNotice' | 'documents:reprintNotice';

export function enableDocuments(ctx: ServiceContext): ServiceModule<Areas> {
  const need = (): DocumentRenderer => {
    if (!ctx.deps.documents) throw new ServiceError('unavailable', text.documentsMissing);
    return ctx.deps.documents;
  };

  async function archive(caseId: string, kind: string, rendered: { bytes: Uint8Array; pages: number }): Promise<RenderedDocument> {
    const { bytes: pdf, pages } = rendered;
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    await archiveCaseDocument(ctx.dataDir, caseId, `${kind}-${sha256}.pdf`, pdf);
    return { sha256, bytes: pdf.byteLength, pages, pdf };
  }

  /** A notice archived with the case. The name carries the hash: a file altered since is not the notice handed over. */
  async function archivedNotice(caseId: string, notice: string, sha256: string): Promise<Buffer> {
    const pdf = await readCaseDocument(ctx.dataDir, caseId, `${notice}-${sha256}.pdf`);
    if (!pdf || createHash('sha256').update(pdf).digest('hex') !== sha256) throw new ServiceError('not-found', text.noticeMissing);
    return pdf;
  }

  return {
    handlers: {
      'documents:acceptanceNotice': async (input) => archive(input.caseId, 'acceptance', await need().acceptanceNotice(input)),
      'documents:correctionNotice': async (input) => archive(input.caseId, 'correction', await need().correctionNotice(input)),
      'documents:refusalNotice': async (input) => archive(input.caseId, 'refusal', await need().refusalNotice(input)),
      'documents:interviewRecord': async (input) => archive(input.caseId, 'interview', await need().interviewRecord(input)),
      'documents:inspectionRecord': async (input) => archive(input.caseId, 'inspection', await need().inspectionRecord(input)),
      'documents:refundReceipt': async (input) => archive(input.caseId, `refund-${safeSegment(input.refundNumber)}`, await need().refundReceipt(input)),
      'documents:caseNotice': async ({ caseId, notice, sha256 }) => {
        const pdf = await archivedNotice(caseId, notice, sha256);
        const pages = (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
        return { sha256, bytes: pdf.byteLength, pages, pdf };
      },
      // Archived as `reprint-<kind>-…`, apart from the notices themselves: the one handed over stays the notice.
      'documents:reprintNotice': async ({ caseId, notice, sha256 }) =>
        archive(caseId, `reprint-${notice}`, await need().reprintCopy(await archivedNotice(caseId, notice, sha256))),
      'receipts:void': async (input) => archive(input.receipt.caseId, `void-${safeSegment(input.receipt.receiptNumber)}`, await need().voidedReceiptCopy(input)),
    },
  };
}
