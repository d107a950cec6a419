import { describe, expect, it } from 'vitest';
import { type Discrepancy } from '#domain/reconciliation/discrepancy.ts';
import { reconciliationPdf } from '#server/office/reconciliation-pdf.ts';
import { type TripReconciliation } from '#server/office/reconciliation-service.ts';
import { pdfText } from './pdf-tools.ts';

const missing = (n: number): Discrepancy => ({
  code: 'receipt-number-missing', severity: 'error', subject: `JMS2026-00${1000 + n}`, caseId: null, detail: `号码 JMS2026-00${1000 + n} 既未开具也未交回`,
});

const trip: TripReconciliation = {
  trip: {
    id: 'trip-1', date: '2026-11-30', vanId: 'van-01', title: '郊区乡镇上门服务', staffIds: [], appointmentIds: [], unitIds: [],
    receiptBlock: null, updatedAt: '2026-11-30T10:00:00Z', _deleted: false,
  },
  returned: null,
  outcomes: [],
  result: {
    tripId: 'trip-1',
    cases: { taken: 3, received: 3 },
    receiptNumbers: { total: 200, issued: 3, voided: 0, unused: 0 },
    money: { expectedFen: 20000, chargedFen: 16000, byMethod: [{ method: 'cash', receiptsFen: 16000, declaredFen: null }] },
    scans: { expected: 9, verified: 9 },
    chains: { devices: 1, intact: 1 },
    discrepancies: Array.from({ length: 120 }, (_, i) => missing(i + 1)),
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
    for (const n of [1, 60, 120]) expect(text).toContain(`JMS2026-00${1000 + n}既未开具也未交回`);
    expect(text).toContain('报告哈希');
  });
});
