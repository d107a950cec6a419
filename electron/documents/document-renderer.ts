import { type AcceptanceNoticeInput, type CorrectionNoticeInput, type ReceiptPrint } from '#electron/ipc/contract.ts';
import { type Clock } from '#domain/clock.ts';
import { type FontSource, createFontSource } from '#documents/font-source.ts';
import { type DocumentSpec } from '#documents/layout.ts';
import { acceptanceNoticeSpec, correctionNoticeSpec } from './notices.ts';
import { type OfficeInfo } from './office-info.ts';
import { type ReceiptCopyMark, receiptCopySpec } from './receipt-copy.ts';
import { renderPdf } from '#documents/render-pdf.ts';

export type RenderedPdf = { bytes: Uint8Array; pages: number };

/** Renders the van's documents; one font source is shared so the font file is read once per process. */
export function createDocumentRenderer(opts: { office: OfficeInfo; clock: Clock; fonts?: FontSource }) {
  const fonts = opts.fonts ?? createFontSource();
  const render = (spec: DocumentSpec): Promise<RenderedPdf> => renderPdf(spec, fonts, opts.clock.now());
  return {
    render,
    acceptanceNotice: (input: AcceptanceNoticeInput) => render(acceptanceNoticeSpec(input, opts.office)),
    correctionNotice: (input: CorrectionNoticeInput) => render(correctionNoticeSpec(input, opts.office)),
    receiptCopy: (receipt: ReceiptPrint, mark: ReceiptCopyMark) => render(receiptCopySpec(receipt, opts.office, mark)),
  };
}

export type DocumentRendererService = ReturnType<typeof createDocumentRenderer>;
