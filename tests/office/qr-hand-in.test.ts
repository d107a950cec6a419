import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { api, type Office } from './harness.ts';
import { type VanCase } from './scenario.ts';
import { qrTrip, wechatBill } from './statement-bills.ts';

/**
 * A trip with a QR payment at reconciliation: its money went from the applicant's phone straight into the office's
 * merchant account, so the van hands none of it in; the channel's statement is what shows it arrived.
 */
let office: Office;
let finance: string;
let qr: VanCase;
const path = `/office/trips/${DEMO_TRIP_ID}`;
const REF = '4200001234202612081234567890';

type Finding = { code: string; subject: string; caseId: string | null; detail: string };
type MethodTotal = { method: string; receiptsFen: number; declaredFen: number | null };

const importBill = (text: string) => api(office, finance, 'POST', `${path}/statements`, { channel: 'wechat', fileName: 'bill.csv', contentBase64: Buffer.from(text).toString('base64') });
const reconciliation = async () => (await api(office, finance, 'GET', `${path}/reconciliation`)).json;
const findings = async (code: string) => ((await reconciliation())['discrepancies'] as Finding[]).filter((f) => f.code === code);

beforeAll(async () => {
  ({ office, finance, qr } = await qrTrip(REF));
});
afterAll(async () => {
  await office.close();
});

describe('what the van hands in after a trip with a QR payment', () => {
  it('compares only cash and bank card with the hand-in, not the QR payment as 交回 0 元', async () => {
    const money = (await reconciliation())['money'] as { byMethod: MethodTotal[] };
    expect(money.byMethod).toEqual([
      expect.objectContaining({ method: 'cash', receiptsFen: 8000, declaredFen: 8000 }),
      expect.objectContaining({ method: 'wechat', receiptsFen: 8000, declaredFen: null }),
    ]);
    expect(await findings('payment-total-mismatch')).toEqual([]);
    // The page says where the QR money is checked instead of showing 0 元 handed in.
    const html = await (await fetch(`${office.url}${path}/reconciliation`, { headers: { authorization: `Bearer ${finance}` } })).text();
    expect(html).toContain('<tr><td>微信</td><td>80.00 元</td><td>0.00 元</td><td>按支付渠道对账单核对（见下方扫码收款对账）</td></tr>');
  });

  it('holds the QR payment as an error until the channel\'s statement shows it paid in full', async () => {
    expect(await findings('qr-payment-unconfirmed')).toEqual([
      expect.objectContaining({ subject: qr.receiptNumber, caseId: qr.caseId, detail: `票据 ${qr.receiptNumber} 记为微信扫码收款 80.00 元：尚未上传该渠道的对账单。` }),
    ]);
    // Signed off without a word on it, it is refused like any error.
    expect((await api(office, finance, 'POST', `${path}/sign-off`, { note: '' })).status).toBe(409);
    // A statement whose line says 50 元 does not confirm it.
    expect((await importBill(wechatBill(REF, '50.00'))).status).toBe(201);
    expect((await findings('qr-payment-unconfirmed')).map((f) => f.detail)).toEqual([`票据 ${qr.receiptNumber} 记为微信扫码收款 80.00 元：已上传的对账单上没有该笔收款，或金额不符。`]);
    // The right one does.
    expect((await importBill(wechatBill(REF, '80.00'))).status).toBe(201);
    expect(await findings('qr-payment-unconfirmed')).toEqual([]);
  });
});
