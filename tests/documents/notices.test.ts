import { describe, expect, it } from 'vitest';
import { fixedClock } from '#domain/clock.ts';
import { createDocumentRenderer } from '#electron/documents/document-renderer.ts';
import { DEMO_OFFICE } from '#electron/documents/office-info.ts';
import { acceptanceInput, correctionInput, receiptInput, refusalInput } from '#fixtures/documents/notices.ts';
import { statusLinkOf } from '#domain/case/status-link.ts';
import { inkShare, pdfImageCount, pdfQrCodes, pdfText } from './pdf-tools.ts';
import { signaturePng } from './signature-png.ts';

const renderer = createDocumentRenderer({ office: DEMO_OFFICE, clock: fixedClock('2026-11-28T02:30:00Z') });
const squash = (s: string) => s.replace(/\s+/g, '');

describe('the acceptance notice (受理通知书)', () => {
  it('is a real-text PDF with the case, applicants, materials, fee and both completion dates', async () => {
    const { bytes, pages } = await renderer.acceptanceNotice(acceptanceInput);
    const text = squash(pdfText(bytes));
    expect(pages).toBe(1);
    for (const expected of ['不动产登记受理通知书', 'JMS2026112800001', '7315', '转移登记', '王淑兰', '230803001001GB00001F00010001',
      '存量房买卖合同', '契税完税凭证', '复印件', '￥80.00', '2026年12月07日（5个工作日）', '2027年01月12日（30个工作日，暂定）', '0454-8610000', '第十七条',
      '三十个工作日', '第二十条', '公告所需时间', '尚未公布放假安排']) {
      expect(text).toContain(expected);
    }
  });

  it('names how the fee was paid: the QR channel with its transaction reference', async () => {
    const text = squash(pdfText((await renderer.acceptanceNotice({ ...acceptanceInput, payment: { method: 'alipay', transactionRef: '2026120422001417351408826954' } })).bytes));
    expect(text).toContain('缴费方式支付宝扫码（交易单号2026120422001417351408826954）');
    const cash = squash(pdfText((await renderer.acceptanceNotice({ ...acceptanceInput, payment: { method: 'cash' } })).bytes));
    expect(cash).toContain('缴费方式现金');
    expect(cash).not.toContain('交易单号');
  });

  it('prints the materials as received, with their copies, and names every unit of the case', async () => {
    const text = squash(pdfText((await renderer.acceptanceNotice({ ...acceptanceInput, units: refusalInput.units })).bytes));
    expect(text).toContain('申请人身份证明复印件22'); // copy, 2 copies, 2 pages
    expect(text).toContain('申请登记的不动产');
    for (const u of refusalInput.units) expect(text).toContain(u.unitNumber);
  });

  it('prints no 暂定 caveat when both dates fall in years whose holiday notice is out', async () => {
    const text = squash(pdfText((await renderer.acceptanceNotice({ ...acceptanceInput, legal: { ...acceptanceInput.legal, provisional: false } })).bytes));
    expect(text).not.toContain('暂定');
  });

  it('names the guardian acting for the applicant', async () => {
    const text = squash(pdfText((await renderer.acceptanceNotice({ ...acceptanceInput, applicants: [{ name: '王淑兰', idNumber: '', representative: { kind: 'guardian', name: '李建国' } }] })).bytes));
    expect(text).toContain('王淑兰（监护人李建国代为申请）');
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

describe('the applicants\' signatures on a joint application (条例 第十四条)', () => {
  it('gives each applicant a signature line of their own, named', async () => {
    const { bytes } = await renderer.acceptanceNotice(acceptanceInput);
    const text = squash(pdfText(bytes));
    expect(text).toContain('申请人（签名）：王淑兰__________');
    expect(text).toContain('申请人（签名）：李堃喆__________');
    expect(text).toContain('受理人：__________');
    expect(pdfImageCount(bytes)).toBe(0);
  });

  it('draws each signature taken on the van on its applicant\'s line of the signed copy', async () => {
    const signatures = acceptanceInput.applicants.map((a) => ({ name: a.name, png: signaturePng() }));
    const { bytes, pages } = await renderer.acceptanceNotice({ ...acceptanceInput, signatures });
    const text = squash(pdfText(bytes));
    expect(pages).toBe(1);
    expect(pdfImageCount(bytes)).toBe(2);
    expect(text).toContain('申请人（签名）：王淑兰');
    expect(text).toContain('申请人（签名）：李堃喆');
    expect(text).not.toContain('王淑兰__________');
    // Only the one who signed: the other still has an empty line.
    const one = await renderer.acceptanceNotice({ ...acceptanceInput, signatures: signatures.slice(0, 1) });
    expect(pdfImageCount(one.bytes)).toBe(1);
    expect(squash(pdfText(one.bytes))).toContain('申请人（签名）：李堃喆__________');
  });

  it('has each applicant sign for a refusal as received (签收)', async () => {
    const text = squash(pdfText((await renderer.refusalNotice(refusalInput)).bytes));
    expect(text).toContain('申请人（签收）：王淑兰__________');
    expect(text).toContain('申请人（签收）：李堃喆__________');
    expect(text).toContain('经办人：__________');
  });
});

describe('the written refusal with the one-time correction list (条例 第十七条第一款第（三）项)', () => {
  it('says 不予受理, lists every shortfall with its basis, and carries no 受理编号 or 受理人', async () => {
    const text = squash(pdfText((await renderer.correctionNotice(correctionInput)).bytes));
    for (const expected of ['不予受理告知书', '一次性补正告知', '本机构不予受理', '契税完税或减免税凭证', '《中华人民共和国契税法》', '须提交原件，仅收到复印件', '第十六条',
      '申请编号', '经办人', '第十七条第一款第（三）项', '予以受理', '行政复议',
      '请于2026年12月18日（15个工作日）前补齐上述全部材料', '交至佳木斯市不动产登记中心受理窗口（佳木斯市向阳区）', '预约便民服务直通车上门时交给工作人员', '逾期未补齐的']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('受理编号');
    expect(text).not.toContain('受理人');
  });
});

describe('the 不予受理告知书 for a seized unit', () => {
  it('gives the reason, the law (城市房地产管理法 第38条, 民法典 第399条), both units, and the remedies', async () => {
    const { bytes, pages } = await renderer.refusalNotice(refusalInput);
    const text = squash(pdfText(bytes));
    expect(pages).toBe(1);
    for (const expected of ['不动产登记不予受理告知书', '本机构决定不予受理', '已被依法查封', '《中华人民共和国城市房地产管理法》第三十八条第（二）项',
      '《中华人民共和国民法典》第三百九十九条第（五）项', '230803001001GB00001F00020001', '六十日内', '行政诉讼', '申请人（签收）']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('受理编号');
  });

  it('names the county office for a unit outside the city districts (条例 第七条)', async () => {
    const text = squash(pdfText((await renderer.refusalNotice({ ...refusalInput, reasons: ['该不动产位于行政区划 230882，不属于本机构的登记范围'], basis: '《不动产登记暂行条例》第七条', referTo: '富锦市不动产登记机构' })).bytes));
    expect(text).toContain('请向富锦市不动产登记机构申请办理');
  });
});

describe('the A5 receipt copy', () => {
  it('carries the number, items with the fee notice they are charged under and both forms of the amount', async () => {
    const text = squash(pdfText((await renderer.receiptCopy(receiptInput, { kind: 'none' })).bytes));
    for (const expected of ['23080126-0000100001', '不动产登记费（住宅）', '发改价格规〔2016〕2559号', '￥90.00', '人民币玖拾元整', '现金']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('重打印');
  });

  it('prints a van block number, which begins with its code, once: JMS2026-001001, not JMS2026--JMS2026-001001', async () => {
    const text = squash(pdfText((await renderer.receiptCopy({ ...receiptInput, receiptCode: 'JMS2026-', receiptNumber: 'JMS2026-001001' }, { kind: 'none' })).bytes));
    expect(text).toContain('票据号码JMS2026-001001');
    expect(text).not.toContain('JMS2026--');
  });

  it('marks a reprint and a voided copy visibly', async () => {
    expect(squash(pdfText((await renderer.receiptCopy(receiptInput, { kind: 'reprint' })).bytes))).toContain('【重打印】');
    const qr = squash(pdfText((await renderer.receiptCopy({ ...receiptInput, paymentMethod: 'wechat', transactionRef: '4200002951202612041873546210' }, { kind: 'none' })).bytes));
    expect(qr).toContain('缴费方式微信扫码');
    expect(qr).toContain('交易单号4200002951202612041873546210');
    const voided = squash(pdfText((await renderer.receiptCopy(receiptInput, { kind: 'voided', reason: '金额录入错误', by: '赵晓梅', at: '2026-11-28T03:00:00Z' })).bytes));
    expect(voided).toContain('【作废】');
    expect(voided).toContain('金额录入错误');
  });
});

describe('the status link on paper', () => {
  const statusUrl = statusLinkOf('https://bdc.jms.gov.cn/', { caseNumber: 'JMS2026112800001', queryCode: '7315' });

  it('is a QR code a phone reads as the case’s status link, on every notice and on the receipt copy', async () => {
    const printed = {
      acceptance: await renderer.acceptanceNotice({ ...acceptanceInput, statusUrl }),
      correction: await renderer.correctionNotice({ ...correctionInput, statusUrl }),
      refusal: await renderer.refusalNotice({ ...refusalInput, statusUrl }),
      receipt: await renderer.receiptCopy({ ...receiptInput, statusUrl }, { kind: 'none' }),
    };
    for (const [kind, { bytes }] of Object.entries(printed)) expect(await pdfQrCodes(bytes), kind).toEqual([statusUrl]);
  }, 60_000);
});
