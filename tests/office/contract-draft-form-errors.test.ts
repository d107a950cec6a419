import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '#domain/calendar/china-time.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { DEMO_BUYERS, demoUnitNumber } from '#server/office/market/seed-market.ts';
import { todayInOffice } from '#server/office/today.ts';
import { csrfIn, getPage, portalLogin } from '../security/attacker-kit.ts';
import { startMarketOffice } from '../e2e-office/market-office.ts';
import { type Office } from './harness.ts';

/**
 * A contract form the draft page would not have sent (a field too long, sent twice, the unit left out) is refused
 * with each field by its label on the page and what is wrong, in Chinese. Before, the page named the first field by
 * its code (`“b0_name”格式不对`), which the developer's staff never see on the form.
 */
let office: Office;
let sales: string;
let csrf: string;
const unit = demoUnitNumber(1, 4, 1);
beforeAll(async () => {
  office = await startMarketOffice();
  sales = await portalLogin(office.url, 'jj-sales');
  csrf = csrfIn((await getPage(office.url, `/portal/developer/drafts/new?unit=${unit}`, sales)).html) ?? '';
  expect(csrf).not.toBe('');
}, 120_000);
afterAll(async () => {
  await office.close();
});

/** Posts the form as a browser would, a field given twice where the list says so. */
async function post(fields: [string, string][]): Promise<{ status: number; refused: string | undefined; html: string }> {
  const res = await fetch(`${office.url}/portal/developer/drafts`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: sales, origin: office.url },
    body: new URLSearchParams(fields).toString(),
  });
  const html = await res.text();
  return { status: res.status, refused: /<p class="flag"[^>]*>([^<]*)<\/p>/.exec(html)?.[1], html };
}

describe('a contract form the page would not have sent', () => {
  it('names each wrong field by its label on the page, in Chinese, and keeps no draft', async () => {
    const buyer = DEMO_BUYERS[0]!;
    const good: Record<string, string> = { _csrf: csrf, unitNumber: unit, method: 'lump-sum', dueOn: addDays(todayInOffice(), 30), signedOn: todayInOffice(), deliveryOn: '2027-06-30', b0_name: buyer.name, b0_idNumber: buyer.idNumber, action: 'save' };
    const with_ = (changes: Record<string, string | string[] | null>): [string, string][] =>
      Object.entries({ ...good, ...changes }).flatMap(([k, v]) => (v === null ? [] : Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v]]));
    const cases: [Record<string, string | string[] | null>, string][] = [
      [{ b1_name: '佳'.repeat(201) }, '买受人 2 姓名：太长'],
      [{ b0_share: ['1/2', '1/3'] }, '买受人 1 份额：格式不对'],
      [{ fenPerM2: '9'.repeat(201) }, '单价：太长'],
      [{ instalments: '2026-07-01,1\n'.repeat(200) }, '分期：太长'],
      [{ lender: ['工行', '建行'], deliveryOn: '2'.repeat(201) }, '贷款机构：格式不对；交付日期：太长'],
      [{ unitNumber: null }, '房屋：请填写'],
      [{ unitNumber: '230803' }, '房屋：格式不对'],
      [{ action: 'save'.repeat(11) }, '提交的操作：太长'],
      [{ station: ['r1', 'r2'] }, '读卡终端：格式不对'],
    ];
    const draftsBefore = (await dbMarketStores(office.storage.db).filings.draftsOf('dev-jiangjing', 'draft', 500)).length;
    for (const [changes, issues] of cases) {
      const r = await post(with_(changes));
      expect(r.status, issues).toBe(400);
      expect(r.refused, issues).toBe(`草稿未保存：${issues}。请返回上一页修改后重新提交。`);
      // No field's code, no zod wording: nothing Latin at all.
      expect(r.refused, issues).not.toMatch(/[A-Za-z]/);
    }
    expect((await dbMarketStores(office.storage.db).filings.draftsOf('dev-jiangjing', 'draft', 500)).length).toBe(draftsBefore);
  });
});
