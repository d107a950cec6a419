import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CJK_FONT_PATH } from '#documents/font-source.ts';
import { wrapText } from '#documents/render-pdf.ts';

let font: PDFFont;
const SIZE = 10;
/** The width of `n` CJK characters at the size used here (every one of them is one em wide). */
const chars = (n: number) => font.widthOfTextAtSize('字'.repeat(n), SIZE) + 0.01;

beforeAll(async () => {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  font = await doc.embedFont(readFileSync(DEFAULT_CJK_FONT_PATH), { subset: true });
});

describe('breaking text into lines', () => {
  it('breaks CJK text between any two characters where it fills the line', () => {
    expect(wrapText('登记费元整数', font, SIZE, chars(4))).toEqual(['登记费元', '整数']);
  });

  it('does not begin a line with a closing bracket or a comma: the character before it goes down with it', () => {
    expect(wrapText('登记费（元）', font, SIZE, chars(5))).toEqual(['登记费（', '元）']);
    expect(wrapText('甲乙丙丁，戊己', font, SIZE, chars(4))).toEqual(['甲乙丙', '丁，戊己']);
  });

  it('keeps a mark on a line of its own only where the line holds a single character', () => {
    expect(wrapText('甲）', font, SIZE, chars(1))).toEqual(['甲', '）']);
  });
});
