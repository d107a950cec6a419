/**
 * Draws one office reconciliation report into the file named by its argument, in a process of its own, so that the
 * report's font is the one OFFICE_CJK_FONT names when the process starts (tests/documents/report-font.test.ts).
 */
import { writeFileSync } from 'node:fs';
import { reconciliationPdf } from '#server/office/reconciliation-pdf.ts';
import type { TripReconciliation } from '#server/office/reconciliation-service.ts';

const trip: TripReconciliation = {
  trip: { id: 'trip-1', date: '2026-11-30', vanId: 'van-01', title: '郊区乡镇上门服务', staffIds: [], appointmentIds: [], unitIds: [], receiptBlock: null, updatedAt: '2026-11-30T10:00:00Z', _deleted: false },
  returned: null, outcomes: [], appointments: [], staffNames: {}, cases: [], receipts: [], names: {}, statements: [],
  result: {
    tripId: 'trip-1', cases: { taken: 0, received: 0 }, receiptNumbers: { total: 0, issued: 0, voided: 0, unused: 0, notGranted: 0 },
    money: { expectedFen: 0, chargedFen: 0, refundedFen: 0, byMethod: [], refunds: [] }, scans: { expected: 0, verified: 0 }, chains: { devices: 0, intact: 0 },
    discrepancies: [], isClean: true,
  },
};
const out = process.argv[2];
if (!out) throw new Error('usage: report-font-entry.ts <out.pdf>');
writeFileSync(out, await reconciliationPdf(trip, null, new Date('2026-11-30T10:00:00Z')));
