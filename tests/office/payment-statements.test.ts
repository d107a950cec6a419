import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { type StatementReport } from '#server/office/statement-service.ts';
import { csrfIn, getPage, pageLogin } from '../security/attacker-kit.ts';
import { api, loginAs, startOfficeWithPages, type Office } from './harness.ts';
import { freeUnit, Van } from './scenario.ts';

/**
 * A QR channel's statement imported at the office and matched, line by line, against the van's receipts by
 * transaction reference and amount (domain/reconciliation/statement.ts), over the real office server.
 */
const REF = { matched: '4200002951202612041873546210', differs: '4200002963202612042290117345', missing: '4200002999202612040000000001', unknown: '4200002970202612043318852076' };
const wechatBill = (lines: readonly [string, string, string][]) => {
  const header = '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
  const row = ([ref, state, yuan]: [string, string, string], i: number) =>
    [`2026-12-04 09:${String(10 + i)}:00`, 'wx8d3f2a61c0b4e975', '1612345678', '0', 'JMS-VAN1', ref, `JMS${i}`, 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', 'NATIVE', state, 'OTHERS', 'CNY', yuan, '0.00', '0', '0', '0.00', '0.00', '', '', '不动产登记费', '', '0.00000', '0.00%', yuan, '0.00', ''].map((c) => `\`${c}`).join(',');
  return `${header}\r\n${lines.map(row).join('\r\n')}\r\n总交易单数,应结订单总金额\r\n\`${lines.length},\`0.00\r\n`;
};

let office: Office;
let finance: string;

async function importApi(channel: string, text: string | Buffer): Promise<{ status: number; json: Record<string, unknown> }> {
  return api(office, finance, 'POST', `/office/trips/${DEMO_TRIP_ID}/statements`, { channel, fileName: 'bill.csv', contentBase64: Buffer.from(text).toString('base64') });
}
const statements = async () => (await api(office, finance, 'GET', `/office/trips/${DEMO_TRIP_ID}/reconciliation`)).json['statements'] as StatementReport[];

beforeAll(async () => {
  office = await startOfficeWithPages();
  finance = await loginAs(office, 'zhaolei');
  const van = await Van.enroll(office);
  await van.acceptCase(1, await freeUnit(office, 0), { amountFen: 8000, payment: { method: 'wechat', transactionRef: REF.matched } });
  await van.acceptCase(2, await freeUnit(office, 1), { amountFen: 5000, payment: { method: 'wechat', transactionRef: REF.differs } });
  await van.acceptCase(3, await freeUnit(office, 2), { amountFen: 8000, payment: { method: 'wechat', transactionRef: REF.missing } });
  await van.acceptCase(4, await freeUnit(office, 3), { amountFen: 8000, payment: { method: 'alipay', transactionRef: '2026120422001417351408826954' } });
  await van.acceptCase(5, await freeUnit(office, 4), { amountFen: 8000 });
}, 60_000);
afterAll(async () => {
  await office?.close();
});

describe('a QR channel’s statement at reconciliation', () => {
  it('refuses a file that is not that channel’s statement in Chinese, and keeps nothing', async () => {
    const wrong = await importApi('wechat', readFileSync(new URL('../../fixtures/statements/alipay-trade-details.csv', import.meta.url)));
    expect(wrong.status).toBe(400);
    expect(wrong.json['message']).toBe('文件中找不到微信支付对账单的表头（应含“微信订单号”列）：请确认选择的支付渠道与文件一致，并上传渠道导出的原始 CSV 文件。');
    expect((await importApi('paypal', wechatBill([]))).status).toBe(400);
    expect(await statements()).toEqual([]);
  });

  it('matches each line by reference and amount: matched, amount differs, missing on the statement, unknown on it', async () => {
    const bill = wechatBill([[REF.matched, 'SUCCESS', '80.00'], [REF.differs, 'SUCCESS', '80.00'], [REF.unknown, 'SUCCESS', '90.00'], [REF.matched, 'REFUND', '80.00']]);
    const res = await importApi('wechat', bill);
    expect(res.status).toBe(201);
    const m = (res.json as unknown as StatementReport).match;
    expect(m.matched).toEqual([{ ref: REF.matched, number: 'JMS2026-001001', amountFen: 8000 }]);
    expect(m.amountDiffers).toEqual([{ ref: REF.differs, number: 'JMS2026-001002', receiptFen: 5000, statementFen: 8000, row: 3 }]);
    expect(m.missing).toEqual([{ ref: REF.missing, number: 'JMS2026-001003', amountFen: 8000 }]);
    expect(m.unknown.map((u) => [u.ref, u.amountFen])).toEqual([[REF.unknown, 9000]]);
    expect([m.otherTrips, m.notPayments]).toEqual([0, 1]);
    expect((await statements()).map((s) => s.channel)).toEqual(['wechat']);
  });

  it('shows the result on the reconciliation page in Chinese, and takes a new file from the page’s upload form', async () => {
    const { cookie } = await pageLogin(office.url, 'zhaolei');
    const path = `/office/trips/${encodeURIComponent(DEMO_TRIP_ID)}/reconciliation`;
    const shown = await getPage(office.url, path, cookie);
    expect(shown.html).toContain('相符 1 笔；金额不符 1 笔；对账单上没有 1 笔；对账单上多出 1 笔');
    expect(shown.html).toContain('金额不符：票据 JMS2026-001002 收费 50.00 元，对账单 80.00 元。');
    expect(shown.html).toContain('对账单上没有：票据 JMS2026-001003 记为扫码收款');
    expect(shown.html).toContain('对账单有收款，但没有任何票据记有此交易单号');
    // Finance reads the page, not the repository: no path of its documentation.
    expect(shown.html).not.toContain('docs/');

    const form = new FormData();
    form.set('channel', 'wechat');
    form.set('file', new Blob([wechatBill([[REF.matched, 'SUCCESS', '80.00'], [REF.differs, 'SUCCESS', '50.00'], [REF.missing, 'SUCCESS', '80.00']])]), 'wechat-20261204.csv');
    const posted = await fetch(`${office.url}/office/trips/${encodeURIComponent(DEMO_TRIP_ID)}/statements`, {
      method: 'POST', redirect: 'manual', body: form, headers: { cookie: cookie ?? '', origin: office.url, 'x-csrf-token': csrfIn(shown.html) ?? '' },
    });
    expect(posted.status).toBe(303);
    expect(decodeURIComponent(posted.headers.get('location') ?? '')).toContain('已导入微信支付对账单');
    const after = await getPage(office.url, path, cookie);
    expect(after.html).toContain('相符 3 笔；金额不符 0 笔；对账单上没有 0 笔；对账单上多出 0 笔');
    expect(after.html).toContain('wechat-20261204.csv');
  });
});
