import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingTime } from '#server/office/format.ts';
import { loginAs, pushAs, startOfficeWithPages, type Office } from './harness.ts';
import { freeUnit, Van } from './scenario.ts';

/**
 * The case page's receipts say each time the van printed a receipt again (重打印): when, by whom and why. The
 * van records a reprint as an event of the case; the page showed the receipt as if printed once.
 */
let office: Office;
let reviewer: string;

beforeAll(async () => {
  office = await startOfficeWithPages();
  reviewer = await loginAs(office, 'wangfang');
});
afterAll(async () => {
  await office.close();
});

async function receiptRow(caseId: string, receiptNumber: string): Promise<string> {
  const res = await fetch(`${office.url}/office/cases/${encodeURIComponent(caseId)}`, { headers: { authorization: `Bearer ${reviewer}` } });
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain('<th>重打印</th>');
  return new RegExp(`<tr data-receipt="${receiptNumber}">[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';
}

describe('receipt reprints on the case page', () => {
  it('lists each reprint of a receipt with its time, the clerk and the reason given, and says when there was none', async () => {
    const van = await Van.enroll(office);
    const taken = await van.acceptCase(1, await freeUnit(office, 0));
    expect(await receiptRow(taken.caseId, taken.receiptNumber)).toContain('<td class="reprints">未重打印</td>');

    // After the acceptance (minutes ago), as the van prints again.
    const first = new Date(Date.now() - 60_000).toISOString();
    const second = new Date().toISOString();
    const reprints = [
      van.event(taken.caseId, first, { kind: 'receipt-reprinted', payload: { receiptNumber: taken.receiptNumber, reason: '打印机卡纸' } }),
      van.event(taken.caseId, second, { kind: 'receipt-reprinted', payload: { receiptNumber: taken.receiptNumber } }),
    ];
    await pushAs(office, van.token, 'caseEvents', reprints.map((e) => ({ ...e, _deleted: false })));
    const row = await receiptRow(taken.caseId, taken.receiptNumber);
    expect(row).toContain(`<td class="reprints">第 1 次：${beijingTime(first)} 张伟（打印机卡纸）<br>第 2 次：${beijingTime(second)} 张伟</td>`);
  });
});
