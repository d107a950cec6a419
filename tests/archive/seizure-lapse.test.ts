import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '#domain/calendar/china-time.ts';
import { type Clock } from '#domain/clock.ts';
import { type RegisterView } from '#domain/register/project.ts';
import { sql } from '#office/platform/db/sql.ts';
import { todayInOffice } from '#server/office/today.ts';
import { api, loginAs, type Office } from '../office/harness.ts';
import { freeUnit, Van, type VanCase } from '../office/scenario.ts';
import { eventually, startArchiveOffice, unitDoc } from './harness.ts';

const DAY_MS = 24 * 3_600_000;
/** The office's time: the system clock, moved on a day by the first test to let a period run out. */
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

let office: Office;
let approver: string;
let van: Van;

type CaseEvents = { events: { kind: string; payload: Record<string, unknown>; actor: string }[] };
const caseOf = async (c: VanCase) => (await api(office, approver, 'GET', `/office/cases/${c.caseId}`)).json as unknown as CaseEvents;
const seize = (n: number, deliveredAt: string, from: string, to: string) => ({
  act: 'seize', court: '佳木斯市向阳区人民法院', noticeNumber: `(2026)黑0803执协${n}号`, rulingNumber: `(2026)黑0803执${n}号`, deliveredAt, respondent: '申请人1', from, to,
});
/** Waits until the archive has done every piece of work its court acts and sweeps queued. */
const outboxDone = () => eventually(async () => (await office.storage.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM archive_outbox`))?.n ?? 0, (n) => n === 0, 'the archive outbox', 15);

beforeAll(async () => {
  office = await startArchiveOffice({ clock });
  approver = await loginAs(office, 'chenjing');
  van = await Van.enroll(office);
}, 120_000);
afterAll(async () => {
  await office?.close();
});

describe('a seizure whose period ends without 续封 (查封规定 第二十七条)', () => {
  it('clears the flag it set on an open case the day after its period, as the system, though its recorder has since lost the 登簿 role; 登簿 then goes ahead', async () => {
    const free = await freeUnit(office, 0);
    const accepted = await van.acceptCase(1, free);
    await eventually(() => api(office, approver, 'GET', `/office/archive/units/${free.unitNumber}`), (r) => r.status === 200, 'the register');
    // 孙丽 records the seizure as 登簿 staff, then moves to review: she may no longer clear a flag herself.
    const admin = await loginAs(office, 'admin');
    const staffAs = (roles: string[]) => api(office, admin, 'POST', '/admin/staff', { login: 'sunli', name: '孙丽', roles, password: 'jms-demo-2026' });
    expect((await staffAs(['approver'])).status).toBe(200);
    const recorder = await loginAs(office, 'sunli');
    const today = todayInOffice(clock);
    const r = await api(office, recorder, 'POST', `/office/archive/units/${free.unitNumber}/court-acts`, seize(41, new Date(clock.now().getTime() - 30 * 60_000).toISOString(), today, today));
    expect(r.status).toBe(201);
    await eventually(() => caseOf(accepted), (c) => c.events.some((e) => e.kind === 'flagged'), 'the flag');
    expect((await staffAs(['reviewer'])).status).toBe(200);
    for (const login of ['wangfang', 'liuyang', 'chenjing']) {
      const pass = await api(office, await loginAs(office, login), 'POST', `/office/cases/${accepted.caseId}/actions`, { action: 'pass', reason: '材料齐全，符合登记条件' });
      expect(pass.status).toBe(201);
    }
    expect((await api(office, approver, 'POST', `/office/cases/${accepted.caseId}/actions`, { action: 'register' })).status).toBe(403);

    // The next day the period has run out: the archive's first round of the day lets it lapse.
    offsetMs = DAY_MS;
    // A day on, yesterday's sign-in has expired.
    approver = await loginAs(office, 'chenjing');
    const cleared = await eventually(() => caseOf(accepted), (c) => c.events.some((e) => e.kind === 'flag-cleared'), 'the flag cleared by the lapse', 15);
    const event = cleared.events.find((e) => e.kind === 'flag-cleared');
    expect(event?.payload).toMatchObject({ code: 'seized-after-acceptance' });
    expect(String(event?.payload['reason'])).toBe(
      `佳木斯市向阳区人民法院 (2026)黑0803执协41号 查封期限至 ${today} 届满，未续封，依法失效（《最高人民法院关于人民法院民事执行中查封、扣押、冻结财产的规定》第二十七条）；该单元已无查封。`,
    );
    // Nobody decided it: the law did (查封规定 第二十七条), and the case's history names the system, not 孙丽.
    expect(event?.actor).toBe('system-seizure-lapse');
    const page = await (await fetch(`${office.url}/office/cases/${accepted.caseId}`, { headers: { authorization: `Bearer ${approver}` } })).text();
    expect(page).toContain('系统（查封期限届满）');
    await eventually(() => unitDoc(office, free.unitNumber), (u) => !u.flags.seized, 'the snapshot freed');
    expect((await api(office, approver, 'POST', `/office/cases/${accepted.caseId}/actions`, { action: 'register' })).status).toBe(201);
  });

  it('flags the open case again for a 续封 delivered before the period ended but recorded only after the lapse cleared the flag', async () => {
    const free = await freeUnit(office, 2);
    const accepted = await van.acceptCase(3, free);
    await eventually(() => api(office, approver, 'GET', `/office/archive/units/${free.unitNumber}`), (r) => r.status === 200, 'the register');
    const lastDay = todayInOffice(clock);
    const r = await api(office, approver, 'POST', `/office/archive/units/${free.unitNumber}/court-acts`, seize(43, new Date(clock.now().getTime() - 30 * 60_000).toISOString(), lastDay, lastDay));
    expect(r.status).toBe(201);
    await eventually(() => caseOf(accepted), (c) => c.events.some((e) => e.kind === 'flagged'), 'the flag');
    const seizureId = ((await api(office, approver, 'GET', `/office/archive/units/${free.unitNumber}`)).json as unknown as RegisterView).seizures.effective?.seizureId;

    offsetMs += DAY_MS;
    approver = await loginAs(office, 'chenjing');
    await eventually(() => caseOf(accepted), (c) => c.events.some((e) => e.kind === 'flag-cleared'), 'the flag cleared by the lapse', 15);
    // The 续封 reached the office on the period's last day (a day ago), and is recorded only now: the seizure never lapsed.
    const renewedTo = addDays(lastDay, 100);
    const renew = await api(office, approver, 'POST', `/office/archive/units/${free.unitNumber}/court-acts`, {
      act: 'renew', seizureId, court: '佳木斯市向阳区人民法院', noticeNumber: '(2026)黑0803执协44号', rulingNumber: '(2026)黑0803执44号', deliveredAt: new Date(clock.now().getTime() - DAY_MS - 20 * 60_000).toISOString(), to: renewedTo,
    });
    expect(renew.status).toBe(201);
    const again = await eventually(() => caseOf(accepted), (c) => c.events.filter((e) => e.kind === 'flagged').length === 2, 'the flag set again', 15);
    expect(again.events.at(-1)?.kind).toBe('flagged');
    await eventually(() => unitDoc(office, free.unitNumber), (u) => u.flags.seized, 'the snapshot seized again');
    expect((await api(office, approver, 'POST', `/office/cases/${accepted.caseId}/actions`, { action: 'register' })).status).toBe(403);
  });

  it('does not flag an open case for a seizure recorded after its period had already ended', async () => {
    const free = await freeUnit(office, 1);
    const accepted = await van.acceptCase(2, free);
    await eventually(() => api(office, approver, 'GET', `/office/archive/units/${free.unitNumber}`), (r) => r.status === 200, 'the register');
    const today = todayInOffice(clock);
    const from = addDays(today, -400);
    const r = await api(office, approver, 'POST', `/office/archive/units/${free.unitNumber}/court-acts`, seize(42, `${from}T10:00:00+08:00`, from, addDays(today, -1)));
    expect(r.status).toBe(201);
    await outboxDone();
    expect((await caseOf(accepted)).events.some((e) => e.kind === 'flagged')).toBe(false);
    expect((await unitDoc(office, free.unitNumber)).flags.seized).toBe(false);
  });
});
