import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import { type FontSource } from './font-source.ts';
import { type RenderedPdf } from './render-pdf.ts';

/** Red, as a 重印 or 作废 mark is written by hand on paper; the body stays as it was printed. */
const STAMP = rgb(0.75, 0.05, 0.05);
const SIZE = 10;
/** In the top margin, clear of the body (render-pdf.ts starts drawing 36 pt below the top edge). */
const FROM_TOP = 24;
const FROM_RIGHT = 36;

/**
 * A copy of a finished PDF with one line of text in the top margin of every page (a reprint's mark with its
 * time). The document is not drawn again: its pages, signatures and fonts are those of the file archived when
 * it was handed over; only the line is added, with its own font subset.
 */
export async function stampPdf(pdf: Uint8Array, text: string, fonts: FontSource, now: Date): Promise<RenderedPdf> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  doc.registerFontkit(fontkit);
  doc.setModificationDate(now);
  const font = await doc.embedFont(await fonts.subsetFor(text), { subset: false });
  const pages = doc.getPages();
  for (const page of pages) {
    const { width, height } = page.getSize();
    page.drawText(text, { x: width - FROM_RIGHT - font.widthOfTextAtSize(text, SIZE), y: height - FROM_TOP, size: SIZE, font, color: STAMP });
  }
  return { bytes: await doc.save({ useObjectStreams: true }), pages: pages.length };
}
