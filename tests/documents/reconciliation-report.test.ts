import { describe, expect, it } from 'vitest';
import { type Discrepancy } from '#domain/reconciliation/discrepancy.ts';
import { reconciliationPdf } from '#server/office/reconciliation-pdf.ts';
import { type TripReconciliation } from '#server/office/reconciliation-service.ts';
import { pdfText } from './pdf-tools.ts';

const missing = (n: number): Discrepancy => ({
  code: 'receipt-number-missing', severity: 'error', subject: `JMS2026-00${1000 + n}`, caseId: null, detail: `号码 JMS2026-00${1000 + n} 既未开具也未交回`,
});
const mismatch = (caseId: string): Discrepancy => ({ code: 'receipt-amount-mismatch', severity: 'error', subject: caseId, caseId, detail: '票据合计 40.00 元，按规则应收 80.00 元' });
const CASE_ID = '5f0c2a9e-1b7d-4c3e-9a51-2d8e6f4b7c10';

const trip: TripReconciliation = {
  trip: {
    id: 'trip-1', date: '2026-11-30', vanId: 'van-01', title: '郊区乡镇上门服务', staffIds: [], appointmentIds: [], unitIds: [],
    receiptBlock: null, updatedAt: '2026-11-30T10:00:00Z', _deleted: false,
  },
  returned: null,
  outcomes: [],
  appointments: [],
  staffNames: {},
  cases: [{ caseId: CASE_ID, caseNumber: 'JMS-2026-1130-0001', applicants: '王淑兰、李建国', business: '转移登记', acceptedAt: '2026-11-30T01:16:00Z', awaitsNotice: false }],
  receipts: [{ number: 'JMS2026-001001', caseId: CASE_ID, caseNumber: 'JMS-2026-1130-0001', payer: '王淑兰', amountFen: 4000, method: 'cash', voided: false }],
  names: { [CASE_ID]: 'JMS-2026-1130-0001（王淑兰、李建国）' },
  statements: [],
  result: {
    tripId: 'trip-1',
    cases: { taken: 3, received: 3 },
    receiptNumbers: { total: 200, issued: 3, voided: 0, unused: 0, notGranted: 0 },
    money: { expectedFen: 20000, chargedFen: 16000, refundedFen: 0, byMethod: [{ method: 'cash', receiptsFen: 16000, refundsFen: 0, declaredFen: null }], refunds: [] },
    scans: { expected: 9, verified: 9 },
    chains: { devices: 1, intact: 1 },
    // Every other number: no two are consecutive, so each is its own finding.
    discrepancies: Array.from({ length: 120 }, (_, i) => missing(2 * (i + 1))),
    isClean: false,
  },
};

describe('the office reconciliation report, drawn with the shared documents toolkit', () => {
  it('runs a long list of findings over numbered pages and keeps every finding and the summary', async () => {
    const text = pdfText(await reconciliationPdf(trip, null, new Date('2026-11-30T10:00:00Z'))).replace(/\s+/g, '');
    const pages = /第1页共(\d+)页/.exec(text);
    expect(Number(pages?.[1])).toBeGreaterThan(3);
    expect(text).toContain(`第${pages?.[1]}页共${pages?.[1]}页`);
    expect(text).toContain('出车对账·2026-11-30·van-01');
    expect(text).toContain('160.00元/200.00元');
    expect(text).toContain('发现120项差错');
    for (const n of [2, 120, 240]) expect(text).toContain(`JMS2026-00${1000 + n}`);
    expect(text).toContain('报告哈希');
  });

  it('groups a run of missing numbers into one range, names cases instead of ids, and lists the cases and receipts', async () => {
    const run = Array.from({ length: 198 }, (_, i) => missing(i + 3));
    const grouped: TripReconciliation = { ...trip, result: { ...trip.result, discrepancies: [mismatch(CASE_ID), ...run] } };
    const text = pdfText(await reconciliationPdf(grouped, null, new Date('2026-11-30T10:00:00Z'))).replace(/\s+/g, '');
    expect(text).toContain('差错与处理办法（2）');
    expect(text).toContain('JMS2026-001003-001200');
    expect(text).toContain('共198个号码既未开具、未作废，也未登记为未使用');
    expect(text.match(/票据号码无下落/g)?.length).toBe(1);
    expect(text).toContain('—JMS-2026-1130-0001（王淑兰、李建国）');
    expect(text).not.toContain(CASE_ID);
    expect(text).toContain('本次出车的案件（1）');
    expect(text).toContain('JMS-2026-1130-0001王淑兰、李建国转移登记2026-11-3009:16');
    expect(text).toContain('本次出车的收费票据（1）');
    expect(text).toContain('JMS2026-001001JMS-2026-1130-0001王淑兰40.00元现金有效');
  });
});
