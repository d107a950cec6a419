import { describe, expect, it } from 'vitest';
import { fixedClock } from '#domain/clock.ts';
import { createDocumentRenderer } from '#electron/documents/document-renderer.ts';
import { DEMO_OFFICE } from '#electron/documents/office-info.ts';
import { acceptanceInput, correctionInput, receiptInput } from '#fixtures/documents/notices.ts';
import { inkShare, pdfText } from './pdf-tools.ts';

const renderer = createDocumentRenderer({ office: DEMO_OFFICE, clock: fixedClock('2026-11-28T02:30:00Z') });
const squash = (s: string) => s.replace(/\s+/g, '');

describe('the acceptance notice (受理通知书)', () => {
  it('is a real-text PDF with the case, applicants, materials, fee and both completion dates', async () => {
    const { bytes, pages } = await renderer.acceptanceNotice(acceptanceInput);
    const text = squash(pdfText(bytes));
    expect(pages).toBe(1);
    for (const expected of ['不动产登记受理通知书', 'JMS2026112800001', '7315', '转移登记', '王淑兰', '230803001001GB00001F00010001',
      '存量房买卖合同', '契税完税凭证', '复印件', '￥80.00', '2026年12月07日', '2027年01月12日', '0454-8610000', '第十七条']) {
      expect(text).toContain(expected);
    }
  });

  it('prints a rare character in a name (生僻字) rather than dropping it', async () => {
    const text = squash(pdfText((await renderer.acceptanceNotice(acceptanceInput)).bytes));
    expect(text).toContain('李堃喆');
  });

  it('renders a visible page that stays small', async () => {
    const { bytes } = await renderer.acceptanceNotice(acceptanceInput);
    expect(inkShare(bytes)).toBeGreaterThan(0.01);
    expect(bytes.length).toBeLessThan(150 * 1024);
  });
});

describe('the one-time correction notice (补正材料通知书)', () => {
  it('lists every missing material at once, the legal basis and that the time limit restarts', async () => {
    const text = squash(pdfText((await renderer.correctionNotice(correctionInput)).bytes));
    for (const expected of ['补正材料通知书', '一次性告知', '契税完税凭证', '抵押权人同意转让的书面材料', '第十七条', '重新计算']) {
      expect(text).toContain(expected);
    }
  });
});

describe('the A5 receipt copy', () => {
  it('carries the number, items with their rule version and both forms of the amount', async () => {
    const text = squash(pdfText((await renderer.receiptCopy(receiptInput, { kind: 'none' })).bytes));
    for (const expected of ['23080126-0000100001', '不动产登记费（住宅）', 'gb-2016-2559@1', '￥90.00', '人民币玖拾元整', '现金']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('重打印');
  });

  it('marks a reprint and a voided copy visibly', async () => {
    expect(squash(pdfText((await renderer.receiptCopy(receiptInput, { kind: 'reprint' })).bytes))).toContain('【重打印】');
    const voided = squash(pdfText((await renderer.receiptCopy(receiptInput, { kind: 'voided', reason: '金额录入错误', by: '赵晓梅', at: '2026-11-28T03:00:00Z' })).bytes));
    expect(voided).toContain('【作废】');
    expect(voided).toContain('金额录入错误');
  });
});
