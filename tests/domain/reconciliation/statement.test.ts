import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type QrReceipt, matchStatement, readStatement } from '#domain/reconciliation/statement.ts';
import { statementRows } from '#server/office/statement-file.ts';

const fixture = (name: string) => statementRows(readFileSync(new URL(`../../../fixtures/statements/${name}`, import.meta.url)));

describe('reading a channel’s statement (fixtures/statements)', () => {
  it('reads WeChat Pay’s trade bill: backquoted cells, payments and a refund, the summary left out', () => {
    const s = readStatement('wechat', fixture('wechat-trade-bill.csv'));
    expect(s.problems).toEqual([]);
    expect(s.lines.map((l) => [l.row, l.ref, l.amountFen, l.isPayment])).toEqual([
      [2, '4200002951202612041873546210', 55_000, true],
      [3, '4200002963202612042290117345', 8_000, true],
      [4, '4200002970202612043318852076', 9_000, true],
      [5, '4200002963202612042290117345', 8_000, false],
    ]);
    expect(s.lines[0]?.at).toBe('2026-12-04 09:41:17');
  });

  it('reads Alipay’s GBK export with its # comment lines and tab-padded cells', () => {
    const s = readStatement('alipay', fixture('alipay-trade-details.csv'));
    expect(s.problems).toEqual([]);
    expect(s.lines.map((l) => [l.row, l.ref, l.amountFen, l.isPayment, l.at])).toEqual([
      [6, '2026120422001417351408826954', 8_000, true, '2026-12-04 10:12:09'],
      [7, '2026120422001432790015573108', 55_000, true, '2026-12-04 13:40:55'],
    ]);
  });

  it('reads UnionPay’s settlement file with a BOM and stops at 合计', () => {
    const s = readStatement('unionpay', fixture('unionpay-settlement.csv'));
    expect(s.problems).toEqual([]);
    expect(s.lines.map((l) => [l.ref, l.amountFen])).toEqual([['512604121035208841739', 55_000], ['512604121622083377015', 8_000]]);
  });

  it('says in Chinese when the file is another channel’s, or a line cannot be read', () => {
    expect(readStatement('alipay', fixture('wechat-trade-bill.csv')).problems).toEqual([{ row: 0, message: expect.stringContaining('找不到支付宝对账单的表头') as string }]);
    const bad = readStatement('unionpay', [['交易时间', '交易类型', '交易金额', '查询流水号'], ['2026-12-04 09:00:00', '消费', '5O.00', '512604121035208841739'], ['2026-12-04 09:00:00', '消费', '50.00', '']]);
    expect(bad.problems).toEqual([{ row: 2, message: '金额“5O.00”不是有效的元金额，未能核对' }, { row: 3, message: '该行没有交易单号，未能核对' }]);
  });
});

describe('matching a statement to the receipts', () => {
  const r = (number: string, ref: string | null, amountFen: number, more: Partial<QrReceipt> = {}): QrReceipt =>
    ({ number, caseNumber: null, tripId: 'trip-1', method: 'wechat', transactionRef: ref, amountFen, voided: false, ...more });

  it('finds each line’s receipt by reference and amount, the receipts with no line, and the lines with no receipt', () => {
    const s = readStatement('wechat', fixture('wechat-trade-bill.csv'));
    const m = matchStatement(s, 'trip-1', [
      r('JMS2026-001001', '4200002951202612041873546210', 55_000),
      r('JMS2026-001004', '4200002963202612042290117345', 5_000),
      r('JMS2026-001005', '4200002999202612040000000001', 8_000),
      r('JMS2026-001007', '2026120422001417351408826954', 8_000, { method: 'alipay' }),
      r('JMS2026-001008', '4200002988202612040000000002', 8_000, { voided: true }),
    ]);
    expect(m.matched).toEqual([{ ref: '4200002951202612041873546210', number: 'JMS2026-001001', amountFen: 55_000 }]);
    expect(m.amountDiffers).toEqual([{ ref: '4200002963202612042290117345', number: 'JMS2026-001004', receiptFen: 5_000, statementFen: 8_000, row: 3 }]);
    expect(m.missing).toEqual([{ ref: '4200002999202612040000000001', number: 'JMS2026-001005', amountFen: 8_000 }]);
    expect(m.unknown).toEqual([{ ref: '4200002970202612043318852076', amountFen: 9_000, at: '2026-12-04 14:08:30', row: 4, voidedReceipt: null }]);
    expect([m.otherTrips, m.notPayments]).toEqual([0, 1]);
  });

  it('counts other trips’ lines without judging them, and says when a paid line’s receipt was voided', () => {
    const s = readStatement('wechat', fixture('wechat-trade-bill.csv'));
    const m = matchStatement(s, 'trip-1', [
      r('JMS2026-001001', '4200002951202612041873546210', 55_000, { tripId: 'trip-0' }),
      r('JMS2026-001004', '4200002963202612042290117345', 8_000, { voided: true }),
      r('JMS2026-001009', '4200002970202612043318852076', 9_000),
    ]);
    expect(m.matched.map((x) => x.number)).toEqual(['JMS2026-001009']);
    expect(m.otherTrips).toBe(1);
    expect(m.unknown.map((u) => [u.ref, u.voidedReceipt])).toEqual([['4200002963202612042290117345', 'JMS2026-001004']]);
    expect(m.missing).toEqual([]);
  });
});
