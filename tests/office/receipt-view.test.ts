import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AcceptedPayload } from '#domain/case/events.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { API_BASE } from '#protocol/version.ts';
import { protocolHeaders } from '../sync/helpers.ts';
import { api, loginAs, startOfficeWithPages, type Office } from './harness.ts';
import { Van } from './scenario.ts';

let office: Office;
let older: Van;
let newer: Van;
let finance: string;

const at = () => new Date(Date.now() - 30 * 60_000).toISOString();
const applicants = [{ name: '王秀英', idType: 'resident-id' as const, idNumber: '230803195001011234', side: 'holder' as const }];
const intake = (caseNumber: string): AcceptedPayload => ({
  caseNumber, queryCode: 'Q700700', businessKind: 'transfer', use: 'residential', applicants,
  units: [{ unitNumber: '0101', address: '前进区长安路1号', snapshotAt: '2026-11-29T08:00:00+08:00' }],
  materials: [{ key: 'application-form', name: '不动产登记申请书', original: true, count: 1, pages: 1, scanIds: [] }],
  certificates: 1,
});
const feePayload = (receiptNumber: string, tripId?: string) => ({
  receiptCode: 'JMS2026-', receiptNumber, payer: '王秀英', items: [{ name: '登记费（住宅）', amountFen: 8000 }, { name: '证书工本费', amountFen: 1000 }],
  totalFen: 9000, rules: 'gb-2016-2559@1', method: 'wechat' as const, transactionRef: '4200001234202611300123456789', ...(tripId ? { tripId } : {}),
});
const caseDoc = (van: Van, caseId: string, when: string) => ({ id: caseId, tripId: DEMO_TRIP_ID, appointmentId: null, deviceId: van.deviceId, businessKind: 'transfer', unitIds: ['unit-0101'], applicants, createdAt: when, createdBy: 'staff-zhangwei', _deleted: false });

/** A van of protocol 16 and before: one push per collection, the receipt as a document of its own. */
async function push(van: Van, collection: string, docs: readonly object[]): Promise<unknown> {
  const res = await fetch(`${office.url}${API_BASE}/sync/${collection}/push`, { method: 'POST', headers: protocolHeaders(van.token), body: JSON.stringify(docs.map((d) => ({ newDocumentState: { ...d, _deleted: false } }))) });
  return res.json();
}
/** A van of protocol 17: its outbox, in write order, with no receipt document. */
async function outbox(van: Van, rows: readonly { collection: string; doc: object }[]): Promise<{ id: string; status: string; receiptRefused?: object }[]> {
  const res = await fetch(`${office.url}${API_BASE}/sync/outbox`, { method: 'POST', headers: protocolHeaders(van.token), body: JSON.stringify({ rows: rows.map((r) => ({ ...r, doc: { ...r.doc, _deleted: false } })) }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: { id: string; status: string; receiptRefused?: object }[] }).results;
}
const receiptsOf = async (caseId: string) => (await office.storage.listDocuments('receipts')).filter((d) => d.body['caseId'] === caseId).map((d) => d.body);

beforeAll(async () => {
  office = await startOfficeWithPages();
  older = await Van.enroll(office, 'van-older'); // run 1001–1050
  newer = await Van.enroll(office, 'van-newer'); // run 1051–1100
  finance = await loginAs(office, 'zhaolei');
});
afterAll(async () => office.close());

describe('a receipt stored at the office as a view of its 收费 event (protocol 17), beside older vans’ receipt documents', () => {
  const oldCase = 'case-older-1';
  const newCase = 'case-newer-1';

  it('takes an older van’s receipt document and its event as before: one receipt row', async () => {
    const when = at();
    expect(await push(older, 'cases', [caseDoc(older, oldCase, when)])).toEqual([]);
    expect(await push(older, 'caseEvents', [older.event(oldCase, when, { kind: 'accepted', payload: intake('JMS-2026-00701') }), older.event(oldCase, when, { kind: 'fee-charged', payload: feePayload('JMS2026-001001') })])).toEqual([]);
    const receipt = { id: `${DEMO_TRIP_ID}:${older.deviceId}:JMS2026-001001`, tripId: DEMO_TRIP_ID, caseId: oldCase, deviceId: older.deviceId, number: 'JMS2026-001001', amountFen: 9000,
      items: [{ code: 'item-1', label: '登记费（住宅）', amountFen: 8000 }, { code: 'item-2', label: '证书工本费', amountFen: 1000 }], payer: '王秀英', issuedAt: when, issuedBy: 'staff-zhangwei',
      method: 'wechat', rules: 'gb-2016-2559@1', transactionRef: '4200001234202611300123456789' };
    expect(await push(older, 'receipts', [receipt])).toEqual([]);
    expect(await receiptsOf(oldCase)).toEqual([{ ...receipt, _deleted: false }]);
  });

  it('stores the receipt of a newer van’s 收费 event with the event, the same row an older van writes', async () => {
    const when = at();
    const fee = newer.event(newCase, when, { kind: 'fee-charged', payload: feePayload('JMS2026-001051', DEMO_TRIP_ID) });
    const results = await outbox(newer, [
      { collection: 'cases', doc: caseDoc(newer, newCase, when) },
      { collection: 'caseEvents', doc: newer.event(newCase, when, { kind: 'accepted', payload: intake('JMS-2026-00702') }) },
      { collection: 'caseEvents', doc: fee },
    ]);
    expect(results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored']);
    expect(await receiptsOf(newCase)).toEqual([{
      id: `${DEMO_TRIP_ID}:${newer.deviceId}:JMS2026-001051`, tripId: DEMO_TRIP_ID, caseId: newCase, deviceId: newer.deviceId, number: 'JMS2026-001051', amountFen: 9000,
      items: [{ code: 'item-1', label: '登记费（住宅）', amountFen: 8000 }, { code: 'item-2', label: '证书工本费', amountFen: 1000 }], payer: '王秀英', issuedAt: when, issuedBy: 'staff-zhangwei',
      method: 'wechat', rules: 'gb-2016-2559@1', transactionRef: '4200001234202611300123456789', _deleted: false,
    }]);
    // Sent again (a lost answer), and with the receipt document an older build of the van would add: nothing doubles.
    expect((await outbox(newer, [{ collection: 'caseEvents', doc: fee }])).map((r) => r.status)).toEqual(['duplicate']);
    const view = (await receiptsOf(newCase))[0]!;
    expect((await outbox(newer, [{ collection: 'receipts', doc: view }])).map((r) => r.status)).toEqual(['duplicate']);
    expect(await receiptsOf(newCase)).toHaveLength(1);
  });

  it('keeps a 收费 whose number is outside the device’s run and stores no receipt for it, as for an older van', async () => {
    const when = at();
    const caseId = 'case-newer-2';
    const results = await outbox(newer, [
      { collection: 'cases', doc: caseDoc(newer, caseId, when) },
      { collection: 'caseEvents', doc: newer.event(caseId, when, { kind: 'fee-charged', payload: feePayload('JMS2026-001002', DEMO_TRIP_ID) }) },
    ]);
    expect(results.map((r) => r.status)).toEqual(['stored', 'stored']);
    // The van is told, so it shows the receipt as refused while the charge stands (protocol 20).
    expect(results[1]).toMatchObject({ receiptRefused: { id: `${DEMO_TRIP_ID}:${newer.deviceId}:JMS2026-001002`, code: 'receipt-outside-grant', reason: '票据号 JMS2026-001002 不在办公室分配给本机的号段内' } });
    expect(await receiptsOf(caseId)).toEqual([]);
    expect((await office.storage.listIncidents(10)).find((i) => i.docId === `${DEMO_TRIP_ID}:${newer.deviceId}:JMS2026-001002`)).toMatchObject({ collection: 'receipts', code: 'receipt-outside-grant' });
  });

  it('reconciles the mixed trip counting each charge once', async () => {
    const res = await api(office, finance, 'GET', `/office/trips/${DEMO_TRIP_ID}/reconciliation`);
    expect(res.status).toBe(200);
    const money = res.json['money'] as { chargedFen: number; byMethod: { method: string; receiptsFen: number }[] };
    expect(money.chargedFen).toBe(27_000);
    expect(money.byMethod.map((m) => [m.method, m.receiptsFen])).toEqual([['wechat', 27_000]]);
    expect(res.json['receiptNumbers']).toEqual({ total: 200, issued: 3, voided: 0, unused: 0, notGranted: 100 });
    // The two charges are the same (90.00 against the rules' 80.00): the view and the older van's document reconcile alike.
    const findings = res.json['discrepancies'] as { code: string; caseId: string | null; detail: string }[];
    const of = (caseId: string) => findings.filter((f) => f.caseId === caseId && f.code !== 'qr-payment-unconfirmed').map((f) => [f.code, f.detail]);
    expect(of(newCase)).toEqual(of(oldCase));
    expect(of(newCase)).toEqual([['case-not-on-trip', '案件没有关联预约。'], ['receipt-amount-mismatch', '票据合计 90.00 元，按发改价格规〔2016〕2559号收费表第1版应收 80.00 元，差额 10.00 元。']]);
    // Each of the three WeChat charges waits alike for the channel's statement (none imported here).
    expect(findings.filter((f) => f.code === 'qr-payment-unconfirmed').map((f) => f.caseId).sort()).toEqual(['case-newer-1', 'case-newer-2', 'case-older-1']);
  });
});

describe('a 收费 sent again whose receipt view the office refused', () => {
  const caseId = 'case-newer-3';
  const viewId = () => `${DEMO_TRIP_ID}:${newer.deviceId}:JMS2026-001101`;
  let fee: object;

  it('answers the refusal again on a resend, so a van whose first answer was lost still learns of it', async () => {
    const when = at();
    fee = newer.event(caseId, when, { kind: 'fee-charged', payload: feePayload('JMS2026-001101', DEMO_TRIP_ID) });
    const first = await outbox(newer, [{ collection: 'cases', doc: caseDoc(newer, caseId, when) }, { collection: 'caseEvents', doc: fee }]);
    const refusal = { id: viewId(), code: 'receipt-outside-grant', reason: '票据号 JMS2026-001101 不在办公室分配给本机的号段内' };
    expect(first[1]).toMatchObject({ status: 'stored', receiptRefused: refusal });
    // The first answer never reached the van: it sends the same event again.
    const again = await outbox(newer, [{ collection: 'caseEvents', doc: fee }]);
    expect(again).toEqual([{ collection: 'caseEvents', id: (fee as { id: string }).id, status: 'duplicate', receiptRefused: refusal }]);
    expect(await receiptsOf(caseId)).toEqual([]);
  });

  it('stores the receipt once the cause is fixed at the office (the number granted to the device), and only once', async () => {
    const grant = await fetch(`${office.url}${API_BASE}/devices/me/receipt-grants`, { method: 'POST', headers: protocolHeaders(newer.token), body: JSON.stringify({ tripId: DEMO_TRIP_ID }) });
    expect(grant.status).toBe(201);
    expect(await grant.json()).toMatchObject({ first: 1101, last: 1150 });
    const retried = await outbox(newer, [{ collection: 'caseEvents', doc: fee }]);
    expect(retried).toEqual([{ collection: 'caseEvents', id: (fee as { id: string }).id, status: 'duplicate' }]);
    expect((await receiptsOf(caseId)).map((r) => r['id'])).toEqual([viewId()]);
    expect(await outbox(newer, [{ collection: 'caseEvents', doc: fee }])).toEqual(retried);
    expect(await receiptsOf(caseId)).toHaveLength(1);
  });
});
