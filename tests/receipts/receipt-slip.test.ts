import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { receiptSlip } from '#electron/receipts/receipt-slip.ts';
import { receiptInput } from '#fixtures/documents/notices.ts';

const pinned = (name: string) =>
  Uint8Array.from(
    readFileSync(new URL(`../../fixtures/receipts/${name}.hex`, import.meta.url), 'utf8')
      .split('\n').filter((l) => !l.startsWith('#')).join(' ').trim().split(/\s+/).map((b) => parseInt(b, 16)),
  );

// The slip's text as the printer's GB18030 font shows it; command bytes decode to control characters around it.
const printed = (bytes: Uint8Array) => iconv.decode(Buffer.from(bytes), 'gb18030');

describe('the thermal receipt slip', () => {
  it('is pinned byte for byte on 80 mm paper', () => {
    expect(Buffer.from(receiptSlip({ ...receiptInput, paperWidth: '80' }, 'original').bytes).equals(Buffer.from(pinned('receipt-80-original')))).toBe(true);
  });

  it('is pinned byte for byte as a 58 mm reprint', () => {
    expect(Buffer.from(receiptSlip({ ...receiptInput, paperWidth: '58' }, 'reprint').bytes).equals(Buffer.from(pinned('receipt-58-reprint')))).toBe(true);
  });

  it('carries number, payer, items with the rule version, both amounts, method, payee, staff and case', () => {
    const text = printed(receiptSlip(receiptInput, 'original').bytes);
    for (const expected of ['不动产登记缴费凭条', '票据代码：23080126', '票据号码：0000100001', '受理编号：JMS2026112800001', '交款人：王淑兰',
      '不动产登记费（住宅）', '80.00', '证书工本费', '收费标准：gb-2016-2559@1', '合计：￥90.00', '大写：人民币玖拾元整', '缴费方式：现金',
      '收款单位：佳木斯市不动产登记中心', '收款人：赵晓梅', '时间：2026年11月28日 10:35', '财政票据另行开具']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('重打印');
  });

  it('marks a reprint visibly with the same number', () => {
    const text = printed(receiptSlip(receiptInput, 'reprint').bytes);
    expect(text).toContain('【重打印】');
    expect(text).toContain('票据号码：0000100001');
  });

  it('holds the status page address in its QR code and ends with a cut', () => {
    const bytes = receiptSlip(receiptInput, 'original').bytes;
    expect(printed(bytes)).toContain(receiptInput.statusUrl);
    expect([...bytes.slice(-4)].slice(0, 3)).toEqual([0x1d, 0x56, 0x42]);
  });

  it('reports characters the printer cannot print instead of dropping them', () => {
    const { unprintable } = receiptSlip({ ...receiptInput, payer: '王𠮷' }, 'original');
    expect(unprintable.length).toBeGreaterThan(0);
  });
});
