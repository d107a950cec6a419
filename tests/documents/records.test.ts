import { describe, expect, it } from 'vitest';
import { fixedClock } from '#domain/clock.ts';
import { createDocumentRenderer } from '#electron/documents/document-renderer.ts';
import { DEMO_OFFICE } from '#electron/documents/office-info.ts';
import { inkShare, pdfText } from './pdf-tools.ts';
import { signaturePng } from './signature-png.ts';

const renderer = createDocumentRenderer({ office: DEMO_OFFICE, clock: fixedClock('2026-11-28T02:30:00Z') });
const squash = (s: string) => s.replace(/\s+/g, '');

const base = {
  caseId: 'case-0001', caseNumber: '20261128-ABCDEF12', businessName: '转移登记',
  units: [{ unitNumber: '230803001001GB00001F00010001', address: '佳木斯市向阳区长安路1号1单元101室' }],
  staffName: '赵晓梅', issuedAt: '2026-11-28T02:30:00.000Z', signaturePng: signaturePng(),
};

describe('the 询问记录, signed on the touch screen', () => {
  it('prints every question and answer and the drawn signature', async () => {
    const { bytes, pages } = await renderer.interviewRecord({ ...base, interviewee: '王淑兰', answers: [
      { question: '申请登记事项是否为您的真实意思表示？', answer: '是' },
      { question: '该不动产是否为共有？', answer: '否，单独所有' },
    ] });
    const text = squash(pdfText(bytes));
    expect(pages).toBe(1);
    for (const expected of ['不动产登记询问记录', '问1：申请登记事项是否为您的真实意思表示？', '答：否，单独所有', '王淑兰在触摸屏上的签名', '20261128-ABCDEF12']) expect(text).toContain(expected);
    expect(inkShare(bytes)).toBeGreaterThan(0.01);
  });
});

describe('the 实地查看记录 (条例 第十九条)', () => {
  it('prints the ground, what was seen, whether it matches, and the signature', async () => {
    const text = squash(pdfText((await renderer.inspectionRecord({ ...base, ground: '因不动产灭失导致的注销登记', findings: '房屋已于2026年10月拆除，现为空地', matchesApplication: true, present: '王淑兰' })).bytes));
    for (const expected of ['不动产登记实地查看记录', '第十九条', '房屋已于2026年10月拆除', '一致', '王淑兰在触摸屏上的签名']) expect(text).toContain(expected);
  });
});

describe('the 退费凭证', () => {
  it('names the receipt refunded, the amount in both forms, the ground and its article', async () => {
    const text = squash(pdfText((await renderer.refundReceipt({
      caseId: 'case-0001', caseNumber: '20261128-ABCDEF12', refundNumber: 'TF0000100001', receiptNumber: '0000100001', payee: '王淑兰',
      amountFen: 16000, method: 'cash', ground: 'withdrawn', reason: '申请人书面申请撤回', staffName: '赵晓梅', refundedAt: '2026-11-30T02:00:00.000Z',
    })).bytes));
    for (const expected of ['不动产登记费退费凭证', 'TF0000100001', '0000100001', '￥160.00', '人民币壹佰陆拾元整', '第十五条第二款', '领取人（签名）']) expect(text).toContain(expected);
  });
});
