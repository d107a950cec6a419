import { expect } from 'vitest';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { api, loginAs, startOfficeWithPages, type Office } from './harness.ts';
import { freeUnit, Van, type VanCase } from './scenario.ts';

/** The demo trip and channel statements as the merchant platforms export them, for the tests of QR payments at reconciliation. */

/**
 * An office whose demo trip took two cases of 80 元, one in cash and one by WeChat Pay with reference `ref`, and whose
 * finance clerk (赵磊, signed in as `finance`) declared the 80 元 cash handed in.
 */
export async function qrTrip(ref: string): Promise<{ office: Office; finance: string; qr: VanCase }> {
  const office = await startOfficeWithPages();
  const van = await Van.enroll(office);
  await van.acceptCase(1, await freeUnit(office, 0), { appointmentId: 'appt-001' });
  const qr = await van.acceptCase(2, await freeUnit(office, 1), { appointmentId: 'appt-002', payment: { method: 'wechat', transactionRef: ref } });
  const finance = await loginAs(office, 'zhaolei');
  expect((await api(office, finance, 'POST', `/office/trips/${DEMO_TRIP_ID}/return`, { cash: '80.00', bankCard: '', unusedNumbers: 'JMS2026-001003-001200' })).status).toBe(200);
  return { office, finance, qr };
}

/** A WeChat Pay trade bill (交易账单) with one paid line, as the merchant platform exports it. */
export const wechatBill = (ref: string, yuan: string) => {
  const header = '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
  const row = ['2026-12-08 09:10:00', 'wx8d3f2a61c0b4e975', '1612345678', '0', 'JMS-VAN1', ref, 'JMS1', 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', 'NATIVE', 'SUCCESS', 'OTHERS', 'CNY', yuan, '0.00', '0', '0', '0.00', '0.00', '', '', '不动产登记费', '', '0.00000', '0.00%', yuan, '0.00', ''].map((c) => `\`${c}`).join(',');
  return `${header}\r\n${row}\r\n总交易单数,应结订单总金额\r\n\`1,\`${yuan}\r\n`;
};
