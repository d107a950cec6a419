import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaDate } from '#domain/calendar/china-time.ts';
import { periodEnd } from '#domain/register/periods.ts';
import { type RegisterView } from '#domain/register/project.ts';
import { todayInOffice } from '#server/office/today.ts';
import { api, loginAs, type Office } from '../office/harness.ts';
import { freeUnit, Van, type VanCase } from '../office/scenario.ts';
import { eventually, startArchiveOffice, unitDoc } from './harness.ts';

let office: Office;
let approver: string;
let reviewerA: string;
let reviewerB: string;
let van: Van;

const today = todayInOffice();
const beijing = (date: string, time = '10:00') => `${date}T${time}:00+08:00`;
/** A delivery some minutes before now: after the van's acceptance (hours ago), never in the future, at any hour. */
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

type CaseEvents = { events: { kind: string; payload: Record<string, unknown>; actor: string }[] };
const caseOf = async (c: VanCase) => (await api(office, approver, 'GET', `/office/cases/${c.caseId}`)).json as unknown as CaseEvents;
const registerOf = async (unit: string, asOf?: string) => (await api(office, approver, 'GET', `/office/archive/units/${unit}${asOf ? `?asOf=${asOf}` : ''}`)).json as unknown as RegisterView;

const seize = (court: string, n: number, at: string, period: Record<string, unknown>) => ({
  act: 'seize', court, noticeNumber: `(2026)黑08执协${n}号`, rulingNumber: `(2026)黑08执${n}号`, deliveredAt: at, respondent: '申请人1', ...period,
});

async function passThreeLevels(c: VanCase): Promise<void> {
  for (const token of [reviewerA, reviewerB, approver]) {
    const r = await api(office, token, 'POST', `/office/cases/${c.caseId}/actions`, { action: 'pass', reason: '材料齐全，符合登记条件' });
    expect(r.status).toBe(201);
  }
}

beforeAll(async () => {
  office = await startArchiveOffice();
  approver = await loginAs(office, 'chenjing');
  reviewerA = await loginAs(office, 'wangfang');
  reviewerB = await loginAs(office, 'liuyang');
  van = await Van.enroll(office);
}, 120_000);
afterAll(async () => {
  await office?.close();
});

describe('a court seizure recorded at the office (查封规定 第二十三条、第二十六条)', () => {
  let accepted: VanCase;
  let unit: string;

  it('flags the open case on the unit, marks its snapshot seized and stops 登簿', async () => {
    const free = await freeUnit(office, 0);
    unit = free.unitNumber;
    accepted = await van.acceptCase(1, free);
    await eventually(() => api(office, approver, 'GET', `/office/archive/units/${unit}`), () => true, 'register');
    const r = await api(office, approver, 'POST', `/office/archive/units/${unit}/court-acts`, seize('佳木斯市向阳区人民法院', 1, minutesAgo(50), { from: today, to: addDays(periodEnd(today, 36), -1) }));
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ standing: 'effective', rank: 1 });

    const flagged = await eventually(() => caseOf(accepted), (c) => c.events.some((e) => e.kind === 'flagged'), 'the flag');
    expect(flagged.events.find((e) => e.kind === 'flagged')?.payload).toMatchObject({ code: 'seized-after-acceptance' });
    expect((await unitDoc(office, unit)).flags.seized).toBe(true);

    await passThreeLevels(accepted);
    const stopped = await api(office, approver, 'POST', `/office/cases/${accepted.caseId}/actions`, { action: 'register' });
    // The flag stops it first (domain/case/lifecycle.ts); the unit's re-check before 登簿 would stop it too.
    expect(stopped.status).toBe(403);
    expect(String(stopped.json['message'])).toContain('异常标记');
    expect((await caseOf(accepted)).events.some((e) => e.kind === 'registered')).toBe(false);
  });

  it('queues a second court’s seizure as 轮候 and moves it up when the first is lifted', async () => {
    const second = await api(office, approver, 'POST', `/office/archive/units/${unit}/court-acts`, seize('佳木斯市中级人民法院', 2, minutesAgo(40), { termMonths: 24 }));
    expect(second.json).toMatchObject({ standing: 'waiting', rank: 2, message: '已记录：第 2 位轮候查封。' });
    const first = (await registerOf(unit)).seizures.effective;
    const liftedAt = minutesAgo(30);
    const lift = await api(office, approver, 'POST', `/office/archive/units/${unit}/court-acts`, {
      act: 'lift', seizureId: first?.seizureId, court: '佳木斯市向阳区人民法院', noticeNumber: '(2026)黑0803执协9号', rulingNumber: '(2026)黑0803执9号', deliveredAt: liftedAt, reason: '债务已经清偿',
    });
    expect(lift.status).toBe(201);
    const v = await registerOf(unit);
    // The 轮候 takes effect on the lift's delivery day (China time), for the 24 months its ruling set.
    const liftDay = chinaDate(liftedAt);
    expect(v.seizures.effective).toMatchObject({ document: { court: '佳木斯市中级人民法院' }, rank: 1, from: liftDay, to: periodEnd(liftDay, 24) });
    expect(v.seizures.waiting).toEqual([]);
    expect(v.seizures.ended.map((s) => [s.document.court, s.standing, s.lift?.reason])).toEqual([['佳木斯市向阳区人民法院', 'lifted', '债务已经清偿']]);
    // Still seized by the second court: the case keeps its flag.
    expect((await caseOf(accepted)).events.some((e) => e.kind === 'flag-cleared')).toBe(false);
  });

  it('clears the flag with who and why once the unit is free, and then lets 登簿 enter the transfer in the register', async () => {
    const effective = (await registerOf(unit)).seizures.effective;
    const lift = await api(office, approver, 'POST', `/office/archive/units/${unit}/court-acts`, {
      act: 'lift', seizureId: effective?.seizureId, court: '佳木斯市中级人民法院', noticeNumber: '(2026)黑08执协19号', rulingNumber: '(2026)黑08执19号', deliveredAt: minutesAgo(20), reason: '申请执行人撤回执行申请',
    });
    expect(lift.status).toBe(201);
    const cleared = await eventually(() => caseOf(accepted), (c) => c.events.some((e) => e.kind === 'flag-cleared'), 'the flag cleared');
    const event = cleared.events.find((e) => e.kind === 'flag-cleared');
    expect(event?.actor).toBe('staff-chenjing');
    expect(String(event?.payload['reason'])).toBe('佳木斯市中级人民法院 (2026)黑08执协19号 解除查封（申请执行人撤回执行申请），由 陈静 记录；该单元已无查封。');
    await eventually(() => unitDoc(office, unit), (u) => !u.flags.seized, 'the snapshot freed');

    const registered = await api(office, approver, 'POST', `/office/cases/${accepted.caseId}/actions`, { action: 'register' });
    expect(registered.status).toBe(201);
    const v = await eventually(() => registerOf(unit), (r) => r.ownership?.holders[0]?.name === '申请人1', 'the transfer in the register');
    expect(v.ownership?.source).toMatchObject({ kind: 'case', caseId: accepted.caseId, caseNumber: accepted.caseNumber });
    expect(v.history.at(-1)).toMatchObject({ kind: 'ownership-registered', cause: 'transfer', certificateNumber: null });
  });

  it('refuses a court act from anyone but the 登簿 staff, and a period over three years in words', async () => {
    const other = (await freeUnit(office, 3)).unitNumber;
    expect((await api(office, reviewerA, 'POST', `/office/archive/units/${other}/court-acts`, seize('法院', 5, minutesAgo(15), { from: today, to: today }))).status).toBe(403);
    const long = await api(office, approver, 'POST', `/office/archive/units/${other}/court-acts`, seize('佳木斯市郊区人民法院', 6, minutesAgo(15), { from: today, to: addDays(periodEnd(today, 36), 1) }));
    expect(long.status).toBe(409);
    expect(long.json).toMatchObject({ code: 'period-too-long' });
    expect(String(long.json['message'])).toContain('不得超过三年');
  });
});

describe('a seizure whose period has ended', () => {
  it('no longer stops the unit, shows as lapsed, cannot be renewed, and still shows on an earlier day', async () => {
    const unit = (await freeUnit(office, 2)).unitNumber;
    const from = addDays(today, -400);
    const to = addDays(today, -1);
    const r = await api(office, approver, 'POST', `/office/archive/units/${unit}/court-acts`, seize('佳木斯市东风区人民法院', 7, beijing(from), { from, to }));
    expect(r.status).toBe(201);
    const now = await registerOf(unit);
    expect(now.seizures.effective).toBeNull();
    expect(now.seizures.ended.map((s) => [s.standing, s.endedOn])).toEqual([['lapsed', today]]);
    expect((await registerOf(unit, addDays(today, -2))).seizures.effective).toMatchObject({ to });
    await eventually(() => unitDoc(office, unit), (u) => !u.flags.seized, 'an unseized snapshot');
    const renew = await api(office, approver, 'POST', `/office/archive/units/${unit}/court-acts`, {
      act: 'renew', seizureId: now.seizures.ended[0]?.seizureId, court: '佳木斯市东风区人民法院', noticeNumber: '(2026)黑0805执协8号', rulingNumber: '(2026)黑0805执8号', deliveredAt: minutesAgo(5), to: addDays(today, 300),
    });
    expect(renew.json).toMatchObject({ code: 'lapsed' });
  });
});

describe('续封 of the seizure in effect (民诉法解释 第四百八十五条)', () => {
  it('extends the period when delivered before it ends: the register and its page show the new end date, and the unit stays seized', async () => {
    const unit = (await freeUnit(office, 5)).unitNumber;
    const to = addDays(today, 30);
    expect((await api(office, approver, 'POST', `/office/archive/units/${unit}/court-acts`, seize('佳木斯市前进区人民法院', 11, minutesAgo(12), { from: today, to }))).status).toBe(201);
    const seizureId = (await registerOf(unit)).seizures.effective?.seizureId;
    const renewal = (n: number, newTo: string) => ({
      act: 'renew', seizureId, court: '佳木斯市前进区人民法院', noticeNumber: `(2026)黑0804执协${n}号`, rulingNumber: `(2026)黑0804执${n}号`, deliveredAt: minutesAgo(10), to: newTo,
    });
    const newTo = addDays(periodEnd(to, 36), -1);
    const renewed = await api(office, approver, 'POST', `/office/archive/units/${unit}/court-acts`, renewal(12, newTo));
    expect(renewed.status).toBe(201);
    expect(renewed.json).toMatchObject({ standing: 'effective', rank: 1, message: `已记录续封：查封期限延至 ${newTo}。` });

    const v = await registerOf(unit);
    expect(v.seizures.effective).toMatchObject({ seizureId, from: today, to: newTo, renewals: [{ document: { noticeNumber: '(2026)黑0804执协12号' }, to: newTo }] });
    // The day after the first period's end it is still in effect, and the snapshot vans pull stays seized.
    expect((await registerOf(unit, addDays(to, 1))).seizures.effective).toMatchObject({ seizureId, to: newTo });
    const page = await (await fetch(`${office.url}/office/archive/units/${unit}`, { headers: { authorization: `Bearer ${approver}` } })).text();
    expect(page).toContain(`${today} 至 ${newTo}`);
    expect(page).toContain('续封 1 次');
    await eventually(() => unitDoc(office, unit), (u) => u.flags.seized && (u.register?.seizures.some((s) => s.to === newTo) ?? false), 'the renewed snapshot');

    // A 续封 must move the end date on, by at most three years from the current end (第四百八十五条).
    const again = await api(office, approver, 'POST', `/office/archive/units/${unit}/court-acts`, { ...renewal(13, newTo), deliveredAt: minutesAgo(8) });
    expect(again.json).toMatchObject({ code: 'renewal-not-later' });
  });
});

describe('finding the unit to record a court act on (电子档案 search)', () => {
  it('finds it by unit number, by certificate number and by the start of its address', async () => {
    const unit = await freeUnit(office, 4);
    const search = async (by: string, value: string) =>
      ((await api(office, approver, 'GET', `/office/archive/search?by=${by}&value=${encodeURIComponent(value)}`)).json['units'] as { unitNumber: string }[]).map((u) => u.unitNumber);
    expect(await search('unit-number', unit.unitNumber.toLowerCase())).toEqual([unit.unitNumber]);
    expect(await search('certificate', unit.certificateNumber)).toEqual([unit.unitNumber]);
    expect(await search('address', unit.address.slice(0, -2))).toContain(unit.unitNumber);
    expect(await search('certificate', `${unit.certificateNumber}X`)).toEqual([]);
  });
});
