import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '#domain/calendar/china-time.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { DEMO_BUYERS, demoUnitNumber } from '#server/office/market/seed-market.ts';
import { todayInOffice } from '#server/office/today.ts';
import { csrfIn, getPage, portalLogin, postForm } from '../security/attacker-kit.ts';
import { startMarketOffice } from '../e2e-office/market-office.ts';
import { type Office } from './harness.ts';

/**
 * A contract form the draft page would not have sent (a field too long, sent twice, the unit left out) is refused
 * with each field by its label on the page and what is wrong, in Chinese. Before, the page named the first field by
 * its code (`“b0_name”格式不对`), which the developer's staff never see on the form. The form comes back as it was
 * typed, the refusal above it: before, the page held only the sentence and what was typed was lost.
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
async function post(fields: [string, string][], path = '/portal/developer/drafts'): Promise<{ status: number; refused: string | undefined; html: string }> {
  const res = await fetch(`${office.url}${path}`, {
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
    // Without the unit there is no form to show again: the page says to go back.
    const noUnit = new Set(['房屋：请填写', '房屋：格式不对']);
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
      expect(r.refused, issues).toBe(noUnit.has(issues) ? `草稿未保存：${issues}。请返回上一页修改后重新提交。` : `草稿未保存：${issues}。请在下方修改后重新提交。`);
      // No field's code, no zod wording: nothing Latin at all.
      expect(r.refused, issues).not.toMatch(/[A-Za-z]/);
    }
    expect((await dbMarketStores(office.storage.db).filings.draftsOf('dev-jiangjing', 'draft', 500)).length).toBe(draftsBefore);
  });

  it('shows the form again as it was typed, the refusal above it, and saves nothing', async () => {
    const buyer = DEMO_BUYERS[0]!;
    const draftsBefore = (await dbMarketStores(office.storage.db).filings.draftsOf('dev-jiangjing', 'draft', 500)).length;
    const typed: Record<string, string> = { unitNumber: unit, basis: 'per-set', total: '1234567.89', method: 'loan', downPayment: '400000', lender: '工商银行佳木斯分行', deliveryOn: '2027-06-30', b0_name: buyer.name, b0_idNumber: buyer.idNumber, b0_phone: '13800000000' };
    const r = await post([['_csrf', csrf], ...Object.entries(typed), ['b1_name', '佳'.repeat(201)], ['action', 'save']]);
    expect(r.status).toBe(400);
    expect(r.refused).toBe('草稿未保存：买受人 2 姓名：太长。请在下方修改后重新提交。');
    expect(r.html).toContain('data-testid="draft-form"');
    expect(r.html).toContain('action="/portal/developer/drafts"');
    for (const [name, value] of Object.entries(typed).filter(([k]) => k !== 'basis' && k !== 'method')) expect(r.html, name).toContain(`name="${name}" value="${value}"`);
    expect(r.html).toContain(`name="b1_name" value="${'佳'.repeat(201)}"`);
    // The choices made stay made.
    expect(r.html).toMatch(/<option value="per-set" selected>/);
    expect(r.html).toMatch(/<option value="loan" selected>/);
    expect((await dbMarketStores(office.storage.db).filings.draftsOf('dev-jiangjing', 'draft', 500)).length).toBe(draftsBefore);
  });

  it('shows a saved draft again as typed, keeping what it holds until saved', async () => {
    const buyer = DEMO_BUYERS[0]!;
    const fields = { _csrf: csrf, unitNumber: unit, method: 'lump-sum', total: '800000', dueOn: addDays(todayInOffice(), 30), signedOn: todayInOffice(), deliveryOn: '2027-06-30', b0_name: buyer.name, b0_idNumber: buyer.idNumber };
    const saved = await postForm(office.url, '/portal/developer/drafts', sales, { ...fields, action: 'save' }, { origin: office.url });
    expect(saved.status).toBe(302);
    const draftPath = saved.location.split('?')[0]!;
    const id = draftPath.split('/').pop()!;
    const r = await post([...Object.entries({ ...fields, total: '812345.67' }), ['lender', '工行'], ['lender', '建行'], ['action', 'save']], draftPath);
    expect(r.status).toBe(400);
    expect(r.refused).toBe('草稿未保存：贷款机构：格式不对。请在下方修改后重新提交。');
    expect(r.html).toContain(`action="${draftPath}"`);
    expect(r.html).toContain('name="total" value="812345.67"');
    expect(r.html).toContain(`name="b0_name" value="${buyer.name}"`);
    const row = await dbMarketStores(office.storage.db).filings.draft(id);
    expect(row?.draft.pricing.totalFen).toBe(80_000_000);
    expect(row?.draft.buyers.map((b) => b.name)).toEqual([buyer.name]);
  });
});
