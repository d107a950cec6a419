import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AcceptedPayload } from '#domain/case/events.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { API_BASE } from '#protocol/version.ts';
import { protocolHeaders } from '../sync/helpers.ts';
import { pdfText } from '../documents/pdf-tools.ts';
import { api, loginAs, startOfficeWithPages, type Office } from './harness.ts';
import { Van } from './scenario.ts';

let office: Office;
let van: Van;
let finance: string;
const path = `/office/trips/${DEMO_TRIP_ID}`;

/** Pushes as the van does and returns the office's answer per document (an empty list: every document taken). */
async function push(collection: string, docs: readonly object[]): Promise<unknown> {
  const res = await fetch(`${office.url}${API_BASE}/sync/${collection}/push`, {
    method: 'POST', headers: protocolHeaders(van.token), body: JSON.stringify(docs.map((d) => ({ newDocumentState: { ...d, _deleted: false } }))),
  });
  expect(res.status).toBe(200);
  return res.json();
}

beforeAll(async () => {
  office = await startOfficeWithPages();
  van = await Van.enroll(office, 'van-older');
  finance = await loginAs(office, 'zhaolei');
});
afterAll(async () => office.close());

// Vans of this version charge nothing for a business the rules do not charge and use no number for it; a van of an
// older version printed a ¥0.00 receipt (抵押权注销) and then voided it. The office must take both as they come.
describe('a ¥0.00 receipt an older van printed for 抵押权注销, then voided', () => {
  let caseId = '';
  const receiptNumber = 'JMS2026-001001';
  /** What a person reads on the reconciliation page, without markup. */
  const pageText = async () =>
    (await (await fetch(`${office.url}${path}/reconciliation`, { headers: { authorization: `Bearer ${finance}` } })).text())
      .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
  /** Words of a raw error or a value not turned into Chinese (a zod or JavaScript message, an enum key). */
  const RAW = /\b(Error|Invalid|invalid|expected|received|undefined|null|NaN|cash|voided|mortgage-cancel)\b/;

  it('is taken from the older van as it was sent: the case, the ¥0 fee, the receipt and its 作废', async () => {
    // 马桂兰's appointment: 抵押权注销 of her mortgaged flat, which the fee rules do not charge.
    const appointment = (await office.storage.getDocument('appointments', 'appt-002'))!.body as unknown as { unitIds: string[] };
    const unit = (await office.storage.getDocument('units', appointment.unitIds[0]!))!.body as unknown as { id: string; unitNumber: string; address: string; snapshotAt: string };
    caseId = `${van.deviceId}-case-zero`;
    const at = new Date(Date.now() - 30 * 60_000).toISOString();
    const applicants = [{ name: '马桂兰', idType: 'resident-id' as const, idNumber: '230803195001011234', side: 'holder' as const }];
    const intake: AcceptedPayload = {
      caseNumber: 'JMS-2026-00900-ZERO', queryCode: 'Q900900', businessKind: 'mortgage-cancel', use: 'residential', applicants,
      units: [{ unitNumber: unit.unitNumber, address: unit.address, snapshotAt: unit.snapshotAt }],
      materials: [{ key: 'application-form', name: '不动产登记申请书', original: true, count: 1, pages: 1, scanIds: [] }],
      certificates: 1,
    };
    // Every document is taken: the office answers with no conflicts.
    expect(await push('cases', [{ id: caseId, tripId: DEMO_TRIP_ID, appointmentId: 'appt-002', deviceId: van.deviceId, businessKind: 'mortgage-cancel', unitIds: [unit.id], applicants, createdAt: at, createdBy: 'staff-zhangwei' }])).toEqual([]);
    expect(await push('caseEvents', [
      van.event(caseId, at, { kind: 'accepted', payload: intake }),
      van.event(caseId, at, { kind: 'fee-charged', payload: { receiptCode: 'FS', receiptNumber, payer: '马桂兰', items: [{ name: '登记费', amountFen: 0 }], totalFen: 0, rules: 'gb-2016-2559@2', method: 'cash' } }),
    ])).toEqual([]);
    expect(await push('receipts', [{ id: `${caseId}-r1`, tripId: DEMO_TRIP_ID, caseId, deviceId: van.deviceId, number: receiptNumber, amountFen: 0, items: [{ code: 'item-1', label: '登记费', amountFen: 0 }], payer: '马桂兰', issuedAt: at, issuedBy: 'staff-zhangwei', method: 'cash' }])).toEqual([]);
    expect(await push('caseEvents', [van.event(caseId, new Date(Date.now() - 20 * 60_000).toISOString(), { kind: 'receipt-voided', payload: { receiptNumber, reason: '不收费业务误开票据' } })])).toEqual([]);
  });

  it('reconciles: the number counted as voided, nothing expected or taken for the case, no finding against it, and no raw English', async () => {
    const res = await api(office, finance, 'GET', `${path}/reconciliation`);
    expect(res.status).toBe(200);
    expect(res.json['receiptNumbers']).toEqual({ total: 200, issued: 0, voided: 1, unused: 0, notGranted: 150 });
    expect(res.json['money']).toEqual({ expectedFen: 0, chargedFen: 0, refundedFen: 0, byMethod: [], refunds: [] });
    expect(res.json['cases']).toEqual({ taken: 1, received: 1 });
    const findings = res.json['discrepancies'] as { code: string; caseId: string | null; subject: string; detail: string }[];
    expect(findings.filter((f) => f.caseId === caseId || f.subject === receiptNumber)).toEqual([]);
    for (const f of findings) expect(f.detail).not.toMatch(RAW);

    // With the rest of the device's run handed back unused and no cash (nothing was taken), nothing is left to explain.
    expect((await api(office, finance, 'POST', `${path}/return`, { cash: '0.00', bankCard: '', unusedNumbers: 'JMS2026-001002-001200' })).status).toBe(200);
    const after = await api(office, finance, 'GET', `${path}/reconciliation`);
    expect(after.json['receiptNumbers']).toEqual({ total: 200, issued: 0, voided: 1, unused: 199, notGranted: 0 });
    expect((after.json['discrepancies'] as { severity: string }[]).filter((f) => f.severity === 'error')).toEqual([]);

    const text = await pageText();
    expect(text).not.toMatch(RAW);
    const pdf = pdfText(new Uint8Array(await (await fetch(`${office.url}${path}/reconciliation.pdf`, { headers: { authorization: `Bearer ${finance}` } })).arrayBuffer()));
    expect(pdf).not.toMatch(RAW);
    // The receipt is listed as voided, at ¥0.00, paid in cash as the older van recorded it; nothing is left to explain.
    expect(text).toContain('JMS2026-001001 JMS-2026-00900-ZERO 马桂兰 0.00 元 现金 已作废');
    expect(text).toContain('号段共 200 个号码：已开具 0，已作废 1，交回未使用 199，未分配给设备 0。');
    expect(text).toContain('无差错，可以签认');
    expect(pdf.replace(/\s+/g, ' ')).toContain('JMS2026-001001 JMS-2026-00900-ZERO 马桂兰 0.00 元 现金 已作废');
  });
});
