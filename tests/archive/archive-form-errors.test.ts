import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUILDING } from '#server/office/archive/seed-register.ts';
import { csrfIn, getPage, pageLogin, postForm } from '../security/attacker-kit.ts';
import { api, loginAs, type Office } from '../office/harness.ts';
import { startArchiveOffice } from './harness.ts';

/**
 * The archive's search and court-act forms and API refuse bad input in Chinese, each field by its label on the
 * archive's pages (zod's own wording, `by Invalid option: expected one of …`, reached staff), and record nothing.
 */
const UNIT = `${DEMO_BUILDING.key}0704`;
const SEIZE = { act: 'seize', court: '佳木斯市向阳区人民法院', noticeNumber: '(2026)黑08执协901号', rulingNumber: '(2026)黑08执901号', deliveredAt: '2026-06-01T10:30', respondent: '张国强', termMonths: '36' };

let office: Office;
let token: string;
let cookie: string;
let csrf: string;

beforeAll(async () => {
  office = await startArchiveOffice();
  token = await loginAs(office, 'chenjing');
  cookie = (await pageLogin(office.url, 'chenjing')).cookie ?? '';
  csrf = csrfIn((await getPage(office.url, `/office/archive/units/${UNIT}`, cookie)).html) ?? '';
  expect(csrf).not.toBe('');
}, 120_000);
afterAll(() => office?.close());

/** Chinese through and through: no zod wording, no field's code name, no Latin letter at all. */
const expectChinese = (message: string) => expect(message).not.toMatch(/[A-Za-z]/);
const historyLength = async () => ((await api(office, token, 'GET', `/office/archive/units/${UNIT}`)).json['history'] as unknown[]).length;

describe('the register search', () => {
  it('the API: a way of searching not offered, nothing to search for, too long a text', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ by: 'owner', value: '张国强' }, '请求不合格：查找方式：格式不对'],
      [{ by: 'address', value: ' ' }, '请求不合格：查找内容：请填写'],
      [{ by: 'address', value: '佳'.repeat(301) }, '请求不合格：查找内容：太长'],
      [{ value: '佳木斯市' }, '请求不合格：查找方式：请填写'],
    ];
    for (const [fields, message] of cases) {
      const query = new URLSearchParams(fields).toString();
      const r = await api(office, token, 'GET', `/office/archive/search?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.json, query).toEqual({ code: 'malformed', message });
      expectChinese(r.json['message'] as string);
    }
  });

  it('the register page shown as of a day that is no day says so and shows today, never “以下为 2026-13-45 的登记状态”', async () => {
    const today = (await getPage(office.url, `/office/archive/units/${UNIT}`, cookie)).html;
    const todayLine = /以下为 (\d{4}-\d{2}-\d{2}) 的登记状态/.exec(today)?.[1];
    expect(todayLine).toBeTruthy();
    for (const asOf of ['2026-13-45', '2026-02-30', 'abc']) {
      const shown = await getPage(office.url, `/office/archive/units/${UNIT}?asOf=${asOf}`, cookie);
      expect(shown.status, asOf).toBe(200);
      expect(shown.html, asOf).toContain('<p class="flag">查看日期不对：请按“年-月-日”填写一个真实的日期（如 2026-12-01）。以下为今天的登记状态。</p>');
      expect(shown.html, asOf).toContain(`以下为 ${todayLine} 的登记状态`);
      expect(shown.html, asOf).not.toContain(`以下为 ${asOf}`);
    }
    // A real day is no error.
    expect((await getPage(office.url, `/office/archive/units/${UNIT}?asOf=2026-01-31`, cookie)).html).not.toContain('查看日期不对');
  });

  it('the page says what is wrong with a search, and nothing when it is opened without one', async () => {
    const bad = await getPage(office.url, `/office/archive?by=owner&value=${encodeURIComponent('张国强')}`, cookie);
    expect(bad.status).toBe(200);
    expect(/<p class="flag" id="search-refused">([^<]*)<\/p>/.exec(bad.html)?.[1]).toBe('查找方式：格式不对');
    const fresh = await getPage(office.url, '/office/archive', cookie);
    expect(fresh.html).not.toContain('search-refused');
  });
});

describe('a court act', () => {
  it('the API names each field that is wrong and records nothing', async () => {
    const before = await historyLength();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...SEIZE, noticeNumber: ' ' }, '协助执行通知书文号：请填写'],
      [{ ...SEIZE, deliveredAt: '六月一日' }, '送达时间：请按“年-月-日 时:分”填写'],
      [{ ...SEIZE, termMonths: '三年' }, '查封期限：格式不对'],
      [{ ...SEIZE, from: '2026-6-1' }, '查封起始日期：请按“年-月-日”填写日期'],
      [{ ...SEIZE, court: 7 }, '法院：格式不对'],
      [{ ...SEIZE, act: 'freeze' }, '文书类型：格式不对'],
      [{ act: 'lift', court: SEIZE.court, noticeNumber: SEIZE.noticeNumber, rulingNumber: SEIZE.rulingNumber, deliveredAt: SEIZE.deliveredAt, seizureId: 's-1', reason: '佳'.repeat(501) }, '解封原因：太长'],
      [{ act: 'renew', court: SEIZE.court, noticeNumber: SEIZE.noticeNumber, rulingNumber: SEIZE.rulingNumber, deliveredAt: SEIZE.deliveredAt }, '针对的查封：请填写；查封截止日期：请填写'],
    ];
    for (const [body, message] of cases) {
      const r = await api(office, token, 'POST', `/office/archive/units/${UNIT}/court-acts`, body);
      expect(r.status, message).toBe(400);
      expect(r.json, message).toEqual({ code: 'malformed', message });
      expectChinese(message);
    }
    expect(await historyLength()).toBe(before);
  });

  it('the form sends the officer back to the register with what is wrong', async () => {
    const before = await historyLength();
    const { rulingNumber: _, ...noRuling } = SEIZE;
    const r = await postForm(office.url, `/office/archive/units/${UNIT}/court`, cookie, { _csrf: csrf, ...noRuling, from: '2026-06-31x' }, { origin: office.url });
    expect(r.status).toBe(302);
    const err = new URL(r.location, office.url).searchParams.get('err') ?? '';
    expect(err).toBe('裁定书文号：请填写；查封起始日期：请按“年-月-日”填写日期');
    expect(await historyLength()).toBe(before);
  });
});
