import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { api, loginAs, startOfficeWithPages, type Office } from './harness.ts';
import { freeUnit, Van } from './scenario.ts';

let office: Office;
let finance: string;
const path = `/office/trips/${DEMO_TRIP_ID}`;

type Finding = { code: string; subject: string; detail: string };
type MethodTotal = { method: string; receiptsFen: number; declaredFen: number | null };

beforeAll(async () => {
  office = await startOfficeWithPages();
  const van = await Van.enroll(office);
  await van.acceptCase(1, await freeUnit(office, 0), { appointmentId: 'appt-001' });
  // Paid by WeChat on the applicant's phone: the money went straight into the office's merchant account.
  await van.acceptCase(2, await freeUnit(office, 1), { appointmentId: 'appt-002', payment: { method: 'wechat', transactionRef: '4200001234202612081234567890' } });
  finance = await loginAs(office, 'zhaolei');
});
afterAll(async () => {
  await office.close();
});

describe('what the van hands in after a trip with a QR payment', () => {
  it('compares only cash and bank card with the hand-in; a QR payment is matched on the channel\'s statement, not counted as money missing', async () => {
    const back = await api(office, finance, 'POST', `${path}/return`, { cash: '80.00', bankCard: '', unusedNumbers: 'JMS2026-001003-001200' });
    expect(back.status).toBe(200);
    const res = await api(office, finance, 'GET', `${path}/reconciliation`);
    const money = res.json['money'] as { byMethod: MethodTotal[] };
    expect(money.byMethod).toEqual([
      expect.objectContaining({ method: 'cash', receiptsFen: 8000, declaredFen: 8000 }),
      expect.objectContaining({ method: 'wechat', receiptsFen: 8000, declaredFen: null }),
    ]);
    expect((res.json['discrepancies'] as Finding[]).filter((f) => f.code === 'payment-total-mismatch')).toEqual([]);
    // The page says where the QR money is checked instead of showing 0 元 handed in.
    const html = await (await fetch(`${office.url}${path}/reconciliation`, { headers: { authorization: `Bearer ${finance}` } })).text();
    expect(html).toMatch(/<tr><td>微信<\/td><td>80\.00 元<\/td><td>0\.00 元<\/td><td>按支付渠道对账单核对（见下方扫码收款对账）<\/td><\/tr>/);
  });
});
