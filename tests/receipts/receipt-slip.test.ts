import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { receiptSlip } from '#electron/receipts/receipt-slip.ts';
import { receiptInput } from '#fixtures/documents/notices.ts';
import { decodeEscPos } from './escpos-decode.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/receipts/${name}.hex`, import.meta.url));
const hexLines = (b: Uint8Array) => (Buffer.from(b).toString('hex').match(/.{1,32}/g) ?? []).map((l) => (l.match(/../g) ?? []).join(' '));
const HEADER = (what: string) => [`# receiptSlip(fixtures/documents/notices.ts receiptInput, ${what})`, '# regenerate only when the slip layout changes on purpose (UPDATE_RECEIPT_FIXTURES=1); review the decoded text in the test'];

/** Pinned byte for byte; after an intended layout change, regenerate with UPDATE_RECEIPT_FIXTURES=1. */
function expectPinned(bytes: Uint8Array, name: string, what: string): void {
  if (process.env.UPDATE_RECEIPT_FIXTURES === '1') writeFileSync(fixture(name), [...HEADER(what), ...hexLines(bytes), ''].join('\n'));
  const pinned = readFileSync(fixture(name), 'utf8').split('\n').filter((l) => !l.startsWith('#')).join(' ').trim().split(/\s+/).map((b) => parseInt(b, 16));
  expect([...bytes]).toEqual(pinned);
}

describe('the thermal receipt slip (缴费凭条)', () => {
  it('is pinned byte for byte on 80 mm and on 58 mm (reprint)', () => {
    expectPinned(receiptSlip({ ...receiptInput, paperWidth: '80' }, 'original').bytes, 'receipt-80-original', 'paperWidth 80, original');
    expectPinned(receiptSlip({ ...receiptInput, paperWidth: '58' }, 'reprint').bytes, 'receipt-58-reprint', 'paperWidth 58, reprint');
  });

  it('decodes to the receipt number, payer, items with rule version, both amounts, method, payee, staff, time, case and QR', () => {
    const { bytes, unprintable } = receiptSlip(receiptInput, 'original');
    const { lines, qr, cuts } = decodeEscPos(bytes);
    const text = lines.join('\n').replace(/ /g, '');
    expect(unprintable).toEqual([]);
    for (const expected of ['不动产登记缴费凭条', '票据代码：23080126', '票据号码：0000100001', '受理编号：JMS2026112800001', '交款人：王淑兰',
      '不动产登记费（住宅）', '80.00', '证书工本费', '收费依据：发改价格规〔2016〕2559号', '合计：￥90.00', '大写：人民币玖拾元整', '缴费方式：现金',
      '收款单位：佳木斯市不动产登记中心', '收款人：赵晓梅', '时间：2026年11月28日10:35', '财政票据另行开具']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('¥');
    expect(text).not.toContain('重打印');
    expect(qr).toEqual([receiptInput.statusUrl]);
    expect(cuts).toBe(1);
  });

  it('fits 58 mm paper: no line wider than 32 columns, and a reprint says 重打印 under the same number', () => {
    const { bytes } = receiptSlip({ ...receiptInput, paperWidth: '58', paymentMethod: 'bank-card' }, 'reprint');
    const { lines } = decodeEscPos(bytes);
    const width = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x7f ? 2 : 1), 0);
    expect(lines.filter((l) => width(l) > 32)).toEqual([]);
    const text = lines.join('\n');
    expect(text).toContain('【重打印】');
    expect(text).toContain('票据号码：0000100001');
    expect(text).toContain('缴费方式：银行卡');
  });

  it('names a QR payment’s channel and prints its transaction reference whole, within 58 mm', () => {
    const ref = '4200002951202612041873546210';
    const { bytes, unprintable } = receiptSlip({ ...receiptInput, paperWidth: '58', paymentMethod: 'wechat', transactionRef: ref }, 'original');
    const { lines } = decodeEscPos(bytes);
    const width = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x7f ? 2 : 1), 0);
    expect(unprintable).toEqual([]);
    expect(lines.filter((l) => width(l) > 32)).toEqual([]);
    const text = lines.join('').replace(/ /g, '');
    expect(text).toContain('缴费方式：微信扫码');
    expect(text).toContain(`交易单号：${ref}`);
    expect(decodeEscPos(receiptSlip({ ...receiptInput, paymentMethod: 'unionpay', transactionRef: '512604121035208841739' }, 'original').bytes).lines.join('')).toContain('缴费方式：云闪付扫码');
  });

  it('reports characters the printer cannot print instead of dropping them', () => {
    const { unprintable } = receiptSlip({ ...receiptInput, payer: '王𠮷' }, 'original');
    expect(unprintable.length).toBeGreaterThan(0);
  });
});
