import { type Clock } from '#domain/clock.ts';
import { createFontSource } from '#documents/font-source.ts';
import { type DocumentSpec } from '#documents/layout.ts';
import { type RenderedPdf, renderPdf } from '#documents/render-pdf.ts';
import { stampPdf } from '#documents/stamp-pdf.ts';
import { createWorkerRenderer } from '#documents/render-worker.ts';
import {
  type AcceptanceNoticeInput, type CorrectionNoticeInput, type InspectionRecordInput, type InterviewRecordInput, type ReceiptPrint, type RefundReceiptInput, type RefusalNoticeInput,
} from '#electron/ipc/contract.ts';
import { acceptanceNoticeSpec, beijingDateTime, correctionNoticeSpec, refusalNoticeSpec } from './notices.ts';
import { NOTICE_TEXT } from './notice-text.ts';
import { inspectionRecordSpec, interviewRecordSpec, refundReceiptSpec } from './records.ts';
import { type OfficeInfo } from './office-info.ts';
import { type ReceiptCopyMark, receiptCopySpec } from './receipt-copy.ts';

/** Where documents are drawn: on the calling thread, or on a worker thread (the app's main process). */
export type PdfBackend = {
  render(spec: DocumentSpec, now: Date): Promise<RenderedPdf>;
  stamp(pdf: Uint8Array, text: string, now: Date): Promise<RenderedPdf>;
  /** Loads what the first render needs (the worker's font and harfbuzz) ahead of it. */
  warm?(): Promise<void>;
  close(): Promise<void>;
};

/** Draws on the calling thread; one font source, so the font file is read once. For the CLI, tests and benches. */
function inProcessBackend(): PdfBackend {
  const fonts = createFontSource();
  return { render: (spec, now) => renderPdf(spec, fonts, now), stamp: (pdf, text, now) => stampPdf(pdf, text, fonts, now), close: () => Promise.resolve() };
}

/** Draws on a worker thread (documents/render-worker.ts), so rendering never stalls the main process's event loop. */
export const workerBackend = (): PdfBackend => createWorkerRenderer();

/** Renders the van's documents. */
export function createDocumentRenderer(opts: { office: OfficeInfo; clock: Clock; backend?: PdfBackend }) {
  const backend = opts.backend ?? inProcessBackend();
  const render = (spec: DocumentSpec): Promise<RenderedPdf> => backend.render(spec, opts.clock.now());
  return {
    render,
    acceptanceNotice: (input: AcceptanceNoticeInput) => render(acceptanceNoticeSpec(input, opts.office)),
    correctionNotice: (input: CorrectionNoticeInput) => render(correctionNoticeSpec(input, opts.office)),
    refusalNotice: (input: RefusalNoticeInput) => render(refusalNoticeSpec(input, opts.office)),
    interviewRecord: (input: InterviewRecordInput) => render(interviewRecordSpec(input, opts.office)),
    inspectionRecord: (input: InspectionRecordInput) => render(inspectionRecordSpec(input, opts.office)),
    refundReceipt: (input: RefundReceiptInput) => render(refundReceiptSpec(input, opts.office)),
    receiptCopy: (receipt: ReceiptPrint, mark: ReceiptCopyMark) => render(receiptCopySpec(receipt, opts.office, mark)),
    /** A notice printed again from 案件: the archived file as handed over, marked 重印 with the time of this printing. */
    reprintCopy: (pdf: Uint8Array) => {
      const now = opts.clock.now();
      return backend.stamp(pdf, NOTICE_TEXT.reprintNoticeMark(beijingDateTime(now.toISOString())), now);
    },
    close: () => backend.close(),
  };
}

export type DocumentRendererService = ReturnType<typeof createDocumentRenderer>;
