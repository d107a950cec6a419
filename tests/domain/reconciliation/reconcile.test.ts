import { describe, expect, it } from 'vitest';
import { reconcileTrip, type ReconciliationInput } from '#domain/reconciliation/reconcile.ts';
import { netTakenFen } from '#domain/reconciliation/money-checks.ts';
import { DISCREPANCY_TEXT } from '#domain/reconciliation/reconciliation-text.ts';
import { DISCREPANCY_CODES } from '#domain/reconciliation/discrepancy.ts';

/** A clean trip: two appointments served, two receipts, two verified scans, one intact chain. */
function cleanTrip(): ReconciliationInput {
  return {
    trip: { id: 'T1', appointmentIds: ['A1', 'A2'] },
    cases: [
      { id: 'C1', tripId: 'T1', appointmentId: 'A1' },
      { id: 'C2', tripId: 'T1', appointmentId: 'A2' },
    ],
    referencedCaseIds: new Set(['C1', 'C2']),
    receipts: [
      { id: 'R1', number: '0001', caseId: 'C1', state: 'issued', amountFen: 8000, paymentMethod: '现金' },
      { id: 'R2', number: '0002', caseId: 'C2', state: 'issued', amountFen: 55000, paymentMethod: '扫码' },
    ],
    receiptNumbers: { total: 3, issued: ['0001', '0002'], voided: [], unused: ['0003'], missing: [], duplicates: [], outsideBlock: [] },
    fees: [
      { caseId: 'C1', rulesLabel: '2016', expectedFen: 8000 },
      { caseId: 'C2', rulesLabel: '2016', expectedFen: 55000 },
    ],
    declaredByMethod: new Map([
      ['现金', 8000],
      ['扫码', 55000],
    ]),
    scans: {
      expected: [
        { sha256: 'a'.repeat(64), caseId: 'C1', material: '身份证明' },
        { sha256: 'b'.repeat(64), caseId: 'C2', material: '申请书' },
      ],
      uploaded: new Set(['a'.repeat(64), 'b'.repeat(64)]),
      verified: new Set(['a'.repeat(64), 'b'.repeat(64)]),
    },
    chains: [{ deviceId: 'D1', state: 'ok', detail: null }],
  };
}

describe('trip reconciliation', () => {
  it('finds nothing in a clean trip and counts everything', () => {
    const r = reconcileTrip(cleanTrip());
    expect(r.discrepancies).toEqual([]);
    expect(r.isClean).toBe(true);
    expect(r.cases).toEqual({ taken: 2, received: 2 });
    expect(r.money).toMatchObject({ expectedFen: 63000, chargedFen: 63000 });
    expect(r.scans).toEqual({ expected: 2, verified: 2 });
  });

  it('lists a case the van referenced that never arrived', () => {
    const input = cleanTrip();
    input.referencedCaseIds = new Set(['C1', 'C2', 'C3']);
    const r = reconcileTrip(input);
    expect(r.discrepancies.map((d) => [d.code, d.subject])).toEqual([['case-not-received', 'C3']]);
    expect(r.cases).toEqual({ taken: 3, received: 2 });
    expect(r.isClean).toBe(false);
  });

  it('flags a charged amount that differs from the fee recomputed from the rules', () => {
    const input = cleanTrip();
    input.receipts = input.receipts.map((r) => (r.id === 'R1' ? { ...r, amountFen: 4000 } : r));
    input.declaredByMethod = new Map([
      ['现金', 4000],
      ['扫码', 55000],
    ]);
    const r = reconcileTrip(input);
    expect(r.discrepancies).toHaveLength(1);
    expect(r.discrepancies[0]).toMatchObject({ code: 'receipt-amount-mismatch', caseId: 'C1', severity: 'error' });
    expect(r.discrepancies[0]!.detail).toContain('差额 -40.00 元');
  });

  it('ignores voided receipts when totalling and reports a case left unpaid', () => {
    const input = cleanTrip();
    input.receipts = input.receipts.map((r) => (r.id === 'R2' ? { ...r, state: 'voided' } : r));
    input.declaredByMethod = new Map([['现金', 8000]]);
    const r = reconcileTrip(input);
    expect(r.discrepancies.map((d) => d.code)).toEqual(['case-fee-unpaid']);
  });

  it('compares money handed in by payment method with the receipts', () => {
    const input = cleanTrip();
    input.declaredByMethod = new Map([
      ['现金', 7000],
      ['扫码', 55000],
    ]);
    const r = reconcileTrip(input);
    expect(r.discrepancies.map((d) => [d.code, d.subject])).toEqual([['payment-total-mismatch', '现金']]);
    expect(r.money.byMethod).toContainEqual({ method: '现金', receiptsFen: 8000, refundsFen: 0, declaredFen: 7000 });
  });

  it('compares with the hand-in only the money handed in: a QR payment went to the merchant account, and its statement checks it', () => {
    const input = cleanTrip();
    input.receipts = input.receipts.map((r) => ({ ...r, paymentMethod: r.id === 'R1' ? 'cash' : 'wechat' }));
    input.declaredByMethod = new Map([['cash', 8000]]);
    const r = reconcileTrip(input);
    expect(r.discrepancies).toEqual([]);
    expect(r.money.byMethod).toEqual([
      { method: 'cash', receiptsFen: 8000, refundsFen: 0, declaredFen: 8000 },
      { method: 'wechat', receiptsFen: 55000, refundsFen: 0, declaredFen: null },
    ]);
  });

  it('holds a QR payment as an error until its channel\'s statement shows it paid in full; a voided one needs none', () => {
    const input = cleanTrip();
    input.receipts = [
      ...input.receipts.map((r) => ({ ...r, paymentMethod: r.id === 'R1' ? 'cash' : 'wechat' })),
      { id: 'R3', number: '0003', caseId: 'C2', state: 'voided', amountFen: 55000, paymentMethod: 'wechat' },
    ];
    input.declaredByMethod = new Map([['cash', 8000]]);
    input.qrStatements = { channels: new Set(), confirmed: new Set() };
    expect(reconcileTrip(input).discrepancies).toEqual([
      { code: 'qr-payment-unconfirmed', severity: 'error', subject: '0002', caseId: 'C2', detail: '票据 0002 记为微信扫码收款 550.00 元：尚未上传该渠道的对账单。' },
    ]);
    input.qrStatements = { channels: new Set(['wechat']), confirmed: new Set() };
    expect(reconcileTrip(input).discrepancies.map((d) => d.detail)).toEqual(['票据 0002 记为微信扫码收款 550.00 元：已上传的对账单上没有该笔收款，或金额不符。']);
    input.qrStatements = { channels: new Set(['wechat']), confirmed: new Set(['0002']) };
    expect(reconcileTrip(input).isClean).toBe(true);
  });

  it('expects the refunds the trip paid out (退费 after 撤回 or 不予登记) to be missing from the money handed in', () => {
    const input = cleanTrip();
    input.refunds = [{ refundNumber: 'TF-0001', receiptNumber: '0001', caseId: 'C1', amountFen: 8000, method: '现金' }];
    input.declaredByMethod = new Map([
      ['现金', 0],
      ['扫码', 55000],
    ]);
    const r = reconcileTrip(input);
    expect(r.discrepancies).toEqual([]);
    expect(r.money).toMatchObject({ chargedFen: 63000, refundedFen: 8000, refunds: input.refunds });
    // Taken in, net: the receipts less the refunds paid, as the cash due back is.
    expect(netTakenFen(r.money)).toBe(55000);
    expect(netTakenFen(r.money)).toBe(r.money.byMethod.reduce((n, m) => n + m.receiptsFen - m.refundsFen, 0));
    expect(r.money.byMethod).toContainEqual({ method: '现金', receiptsFen: 8000, refundsFen: 8000, declaredFen: 0 });

    // Handing the refunded cash in as well is a difference to explain, and says what was due.
    input.declaredByMethod = new Map([
      ['现金', 8000],
      ['扫码', 55000],
    ]);
    const again = reconcileTrip(input);
    expect(again.discrepancies.map((d) => [d.code, d.subject, d.detail])).toEqual([['payment-total-mismatch', '现金', '票据合计 80.00 元，退费 80.00 元，应交回 0.00 元，交回 80.00 元。']]);
  });

  it('tells a missing scan from one that failed verification', () => {
    const input = cleanTrip();
    input.scans = { ...input.scans, uploaded: new Set(['b'.repeat(64)]), verified: new Set() };
    const r = reconcileTrip(input);
    expect(r.discrepancies.map((d) => [d.code, d.caseId])).toEqual([
      ['scan-missing', 'C1'],
      ['scan-unverified', 'C2'],
    ]);
  });

  it('counts one file scanned for two materials of a case once, and names both materials when it is missing', () => {
    const input = cleanTrip();
    const shared = 'c'.repeat(64);
    // The van records the file once per material it was scanned for; the bytes travel once.
    input.scans = {
      ...input.scans,
      expected: [...input.scans.expected, { sha256: shared, caseId: 'C1', material: '身份证明' }, { sha256: shared, caseId: 'C1', material: '户口簿' }],
    };
    const missing = reconcileTrip(input);
    expect(missing.scans).toEqual({ expected: 3, verified: 2 });
    expect(missing.discrepancies.map((d) => [d.code, d.caseId, d.detail])).toEqual([['scan-missing', 'C1', '材料「身份证明」「户口簿」的扫描件未上传。']]);

    input.scans = { ...input.scans, uploaded: new Set([...input.scans.uploaded, shared]), verified: new Set([...input.scans.verified, shared]) };
    const arrived = reconcileTrip(input);
    expect(arrived.discrepancies).toEqual([]);
    expect(arrived.scans).toEqual({ expected: 3, verified: 3 });
  });

  it('reports receipt numbers missing, used twice or outside the block', () => {
    const input = cleanTrip();
    input.receiptNumbers = {
      ...input.receiptNumbers,
      unused: [],
      missing: ['0003'],
      duplicates: [{ number: '0002', receiptIds: ['R2', 'R9'] }],
      outsideBlock: [{ number: '0099', receiptId: 'R8' }],
    };
    const codes = reconcileTrip(input).discrepancies.map((d) => [d.code, d.subject]);
    expect(codes).toEqual([
      ['receipt-number-missing', '0003'],
      ['receipt-number-duplicate', '0002'],
      ['receipt-number-outside-block', '0099'],
    ]);
  });

  it('stops sign-off on a broken chain and warns about an unserved appointment', () => {
    const input = cleanTrip();
    input.trip = { id: 'T1', appointmentIds: ['A1', 'A2', 'A3'] };
    input.chains = [{ deviceId: 'D1', state: 'broken', detail: '第 3 号事件的前序哈希与第 2 号事件不符' }];
    const r = reconcileTrip(input);
    expect(r.discrepancies.map((d) => [d.code, d.severity])).toEqual([
      ['appointment-without-outcome', 'warning'],
      ['chain-broken', 'error'],
    ]);
    expect(r.chains).toEqual({ devices: 1, intact: 0 });
  });

  it('has Chinese text and an action for every code', () => {
    for (const code of DISCREPANCY_CODES) {
      expect(DISCREPANCY_TEXT[code].title).toMatch(/\p{Script=Han}/u);
      expect(DISCREPANCY_TEXT[code].action.length).toBeGreaterThan(10);
    }
  });
});
