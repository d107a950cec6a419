import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, loginAs, pushAs, startOfficeWithPages, type Office } from './harness.ts';
import { freeUnit, Van, type VanCase } from './scenario.ts';

/**
 * The office's 承诺时限 beside the legal 30 working days (《不动产登记暂行条例》第二十条), over the real office
 * server on its own clock: the table the administration sets, the guide and new trips that publish it, and a
 * case's deadlines as they move on by the days paused (补正 during review, 公告: 实施细则 第十七条) and stop at
 * 登簿 (条例 第二十一条). Dates are fixed China dates in June 2026 (端午 on the 19th is a holiday).
 */
let office: Office;
let van: Van;
let now = new Date('2026-06-01T02:00:00Z');
/** Sets the office's clock to 10:00 China time of `date`. */
const at = (date: string) => {
  now = new Date(`${date}T02:00:00Z`);
};
// Sessions run on the office's clock: a fresh login each time the clock may have moved on.
const as = async (login: string) => loginAs(office, login);

type Status = { stage: string; clock: string | null; legalDays: number; promisedDays: number; legalDue: string; promisedDue: string; pausedWorkingDays: number; legalDaysLeft: number; promisedDaysLeft: number; isOverdue: boolean };
const statusOf = async (c: VanCase): Promise<Status> => (await api(office, await as('chenjing'), 'GET', `/office/cases/${c.caseId}`)).json['status'] as Status;
const act = async (login: string, c: VanCase, body: Record<string, unknown>) => {
  const res = await api(office, await as(login), 'POST', `/office/cases/${c.caseId}/actions`, body);
  expect(res.status, JSON.stringify(res.json)).toBe(201);
};
const overdue = async () => (await api(office, await as('admin'), 'GET', '/office/dashboard')).json['overdue'] as { caseId: string; daysOver: number }[];

beforeAll(async () => {
  office = await startOfficeWithPages({ clock: { now: () => now } });
  van = await Van.enroll(office);
});
afterAll(async () => {
  await office.close();
});

describe('the 承诺时限 table', () => {
  it('starts from the national defaults, set by nobody', async () => {
    const res = await api(office, await as('wangfang'), 'GET', '/office/promised-limits');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ legalDays: 30, set: null, limits: { transfer: 5, 'mortgage-first': 5, seizure: 1 } });
  });

  it('is set by the administration only, and a promise longer than the law is refused leaving the table as it was', async () => {
    expect((await api(office, await as('wangfang'), 'PUT', '/office/promised-limits', { limits: { transfer: 3 } })).status).toBe(403);
    const tooLong = await api(office, await as('admin'), 'PUT', '/office/promised-limits', { limits: { transfer: 31 } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json['message']).toBe('转移登记的承诺时限须为 1 到 30 之间的整数个工作日（不得超过法定时限）');
    const unknown = await api(office, await as('admin'), 'PUT', '/office/promised-limits', { limits: { transfer: 3, lottery: 2 } });
    expect(unknown.json['message']).toBe('承诺时限表中有未知的登记类型“lottery”');
    expect((await api(office, await as('admin'), 'GET', '/office/promised-limits')).json['set']).toBeNull();
  });

  it('keeps who set it and when, and shows it on its page', async () => {
    const res = await api(office, await as('admin'), 'PUT', '/office/promised-limits', { limits: { transfer: 3, 'mortgage-first': 4 } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ limits: { transfer: 3, 'mortgage-first': 4, change: 5 }, set: { setBy: 'staff-admin', setAt: '2026-06-01T02:00:00.000Z' } });
    const page = await fetch(`${office.url}/office/promised-limits`, { headers: { authorization: `Bearer ${await as('admin')}` } });
    const text = await page.text();
    expect(text).toContain('最近一次由 系统管理员 于 2026-06-01 10:00 设置。');
    expect(text).toContain('name="days.transfer" type="number" min="1" max="30" value="3"');
  });

  it('says the page’s form was saved after the office’s own redirect, like every other page', async () => {
    const token = await as('admin');
    const posted = await fetch(`${office.url}/office/promised-limits`, {
      method: 'POST', redirect: 'manual',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded', origin: office.url },
      body: new URLSearchParams({ 'days.transfer': '3', 'days.mortgage-first': '4' }).toString(),
    });
    expect(posted.status).toBe(302);
    const shown = await fetch(new URL(posted.headers.get('location') ?? '', office.url), { headers: { authorization: `Bearer ${token}`, 'sec-fetch-site': 'same-origin' } });
    expect(await shown.text()).toContain('<p class="okbox">已保存</p>');
  });

  it('is published in the service guide beside the legal 30 working days', async () => {
    const res = await api(office, null, 'GET', '/public/guide');
    const items = res.json['items'] as { code: string; legalDays: number; promisedDays: number }[];
    expect(items.find((i) => i.code === 'transfer')).toMatchObject({ legalDays: 30, promisedDays: 3 });
    expect(items.find((i) => i.code === 'mortgage-first')).toMatchObject({ legalDays: 30, promisedDays: 4 });
    const html = await (await fetch(`${office.url}/public/guide`)).text();
    expect(html).toContain('法定 30 个工作日（《不动产登记暂行条例》第二十条），承诺 <b>3</b> 个工作日');
  });

  it('goes with every trip planned from now on, for its notices', async () => {
    const res = await api(office, await as('admin'), 'POST', '/office/trips', { date: '2026-06-02', vanId: 'van-1', title: '向阳区上门登记' });
    expect(res.status).toBe(201);
    const trip = await office.storage.getDocument('trips', String(res.json['id']));
    expect(trip?.body['promisedLimits']).toMatchObject({ transfer: 3, 'mortgage-first': 4, seizure: 1 });
  });
});

describe("a case's time limits", () => {
  let paused: VanCase;
  let idle: VanCase;

  beforeAll(async () => {
    at('2026-06-01');
    // Intakes that did not record their promise are held to the office's table.
    paused = await van.acceptCase(1, await freeUnit(office, 0), { at: '2026-06-01T02:00:00.000Z' });
    idle = await van.acceptCase(2, await freeUnit(office, 1), { at: '2026-06-01T03:00:00.000Z' });
  });

  it('runs 30 legal and 3 promised working days from 受理', async () => {
    expect(await statusOf(paused)).toMatchObject({ clock: 'running', legalDays: 30, promisedDays: 3, legalDue: '2026-07-14', promisedDue: '2026-06-04', pausedWorkingDays: 0, isOverdue: false });
  });

  it('does not count the days a case waits for 补正 during review', async () => {
    at('2026-06-03');
    await act('wangfang', paused, { action: 'return-for-correction', reason: '申请书未签字', missing: ['application-form'] });
    at('2026-06-08');
    // Open pause: Thursday, Friday and Monday are not counted, and the promise is not yet broken.
    expect(await statusOf(paused)).toMatchObject({ stage: 'correction', clock: 'paused', pausedWorkingDays: 3, promisedDue: '2026-06-09', legalDue: '2026-07-17', isOverdue: false });
    // The one left waiting is past its promise (due 06-04) by two working days, within the legal limit.
    expect(await statusOf(idle)).toMatchObject({ clock: 'running', promisedDue: '2026-06-04', promisedDaysLeft: -2, isOverdue: true });
    expect((await overdue()).map((o) => [o.caseId, o.daysOver])).toEqual([[idle.caseId, 2]]);

    const supplied = van.event(paused.caseId, now.toISOString(), {
      kind: 'materials-received',
      payload: { complete: true, materials: [{ key: 'application-form', name: '不动产登记申请书', original: true, count: 1, pages: 2, scanIds: [] }] },
    });
    await pushAs(office, van.token, 'caseEvents', [{ ...supplied, _deleted: false }]);
    expect(await statusOf(paused)).toMatchObject({ stage: 'accepted', clock: 'running', pausedWorkingDays: 3, promisedDue: '2026-06-09', promisedDaysLeft: 1 });
  });

  it('does not count the 公告 (实施细则 第十七条), and stops at 登簿', async () => {
    await act('wangfang', paused, { action: 'pass', reason: '补正后材料齐全' });
    await act('liuyang', paused, { action: 'pass' });
    await act('chenjing', paused, { action: 'pass' });
    // A 公告 says what it is for: two characters are no 事由, and nothing is recorded.
    const short = await api(office, await as('chenjing'), 'POST', `/office/cases/${paused.caseId}/actions`, { action: 'start-publication', reason: '公告' });
    expect(short.json).toMatchObject({ code: 'reason-required', message: '公告须写明公告的事由（至少 4 个字），如“首次登记”' });
    expect(await statusOf(paused)).toMatchObject({ stage: 'approved' });
    await act('chenjing', paused, { action: 'start-publication', reason: '首次登记前公告' });
    at('2026-06-29');
    // 06-09 … 06-29 has 14 working days (06-19 is 端午): 3 + 14 not counted.
    expect(await statusOf(paused)).toMatchObject({ stage: 'publication', clock: 'paused', pausedWorkingDays: 17, promisedDue: '2026-06-30', legalDue: '2026-08-06', isOverdue: false });
    const refused = await api(office, await as('chenjing'), 'POST', `/office/cases/${paused.caseId}/actions`, { action: 'register' });
    expect(refused.json).toMatchObject({ code: 'refused', message: '案件当前所处环节不能办理此操作' });
    await act('chenjing', paused, { action: 'end-publication' });
    await act('chenjing', paused, { action: 'register' });
    expect(await statusOf(paused)).toMatchObject({ stage: 'registered', clock: 'done', promisedDaysLeft: 1, legalDaysLeft: 28, isOverdue: false });

    at('2026-09-01');
    // Two months on, the registered case is still as it stood at 登簿; only the idle one is overdue.
    expect(await statusOf(paused)).toMatchObject({ clock: 'done', pausedWorkingDays: 17, promisedDaysLeft: 1, legalDaysLeft: 28, isOverdue: false });
    expect((await overdue()).map((o) => [o.caseId, o.daysOver])).toEqual([[idle.caseId, 62]]);
    expect(await statusOf(idle)).toMatchObject({ legalDaysLeft: -35, promisedDaysLeft: -62 });
  });

  it('shows both limits, the days not counted and the clock on the case page', async () => {
    const page = await (await fetch(`${office.url}/office/cases/${paused.caseId}`, { headers: { authorization: `Bearer ${await as('chenjing')}` } })).text();
    expect(page).toContain('data-clock="done"');
    expect(page).toContain('法定 30 个工作日（《不动产登记暂行条例》第二十条），至 2026-08-06');
    expect(page).toContain('承诺 3 个工作日，至 2026-06-30');
    expect(page).toContain('已登簿，计时停止；已不计入 17 个工作日');
    const late = await (await fetch(`${office.url}/office/cases/${idle.caseId}`, { headers: { authorization: `Bearer ${await as('chenjing')}` } })).text();
    expect(late).toContain('<span class="tag bad">已超期</span>');
  });
});
