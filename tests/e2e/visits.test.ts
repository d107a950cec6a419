import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Locator, type Page } from 'playwright-core';
import { addDays, chinaDate } from '#domain/calendar/china-time.ts';
import { DEMO_PASSWORD, DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { type E2eWorld, TRIP_DAYS, createWorld, officeLogin, startTripDay } from './harness.ts';
import { chooseUnit, makeNotice, receiveMaterials, sign, startAppointment, typeApplicants, waitInSync } from './intake-driver.ts';

type Finding = { code: string; subject: string };

const appointment = (page: Page, applicant: string): Locator => page.getByTestId('appointment').filter({ hasText: applicant });

async function counts(page: Page): Promise<Record<string, number>> {
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('button', { name: '今日行程' }).click();
  const out: Record<string, number> = {};
  for (const tag of await page.getByTestId('state-count').all()) out[(await tag.getAttribute('data-state')) ?? ''] = Number(await tag.getAttribute('data-count'));
  return out;
}

describe.each(TRIP_DAYS)('appointment outcomes and the day overview ($label), in Chromium against start:browser and the real office', ({ daysAhead }) => {
  let world: E2eWorld;
  let page: Page;
  let today = '';

  beforeAll(async () => {
    world = await createWorld({ daysAhead });
    today = chinaDate(world.clock.now().toISOString());
    page = await startTripDay(world, 'zhangwei');
  }, 180_000);
  afterAll(async () => world?.cleanup());

  it('shows every appointment of the day as 待办 before anything happens', async () => {
    expect(await counts(page)).toEqual({ pending: 8, accepted: 0, 'not-home': 0, rescheduled: 0, cancelled: 0 });
    expect(await page.getByTestId('overview-row').count()).toBe(8);
  });

  it('records 未遇 with what happened, and the appointment can still be taken later', async () => {
    const card = appointment(page, '马秀英');
    await card.getByRole('button', { name: '未遇', exact: true }).click();
    await card.getByLabel('情况说明（选填）').fill('敲门无人应答，邻居说去医院了');
    await card.getByRole('button', { name: '确认记录' }).click();
    await page.locator('[data-testid="appointment"][data-state="not-home"]').filter({ hasText: '马秀英' }).waitFor();
    expect(await card.getByTestId('visit-summary').textContent()).toContain('未遇（敲门无人应答，邻居说去医院了）');
    expect(await card.getByRole('button', { name: '开始受理' }).count()).toBe(1);
  });

  it('refuses a 改约 without a reason, a day or a time, or to a day not after the trip, saying what to fill in', async () => {
    const card = appointment(page, '孙长海');
    await card.getByRole('button', { name: '改约', exact: true }).click();
    await card.getByRole('button', { name: '确认记录' }).click();
    expect(await card.getByRole('alert').textContent()).toBe('请写明原因（至少 2 个字）');
    await card.getByLabel('改约原因（必填）').fill('申请人住院，出院后再约');
    await card.getByRole('button', { name: '确认记录' }).click();
    expect(await card.getByRole('alert').textContent()).toBe('请选择改约后的日期');
    await card.getByLabel('改约日期').fill(today);
    await card.getByRole('button', { name: '确认记录' }).click();
    expect(await card.getByRole('alert').textContent()).toBe('改约日期须在本次出车日期之后');
    await card.getByLabel('改约日期').fill(addDays(today, 3));
    await card.getByRole('button', { name: '确认记录' }).click();
    expect(await card.getByRole('alert').textContent()).toBe('请填写改约的时间（如 09:30）');
    expect(await card.getAttribute('data-state')).toBe('pending');
  });

  it('records 改约 with the new day, time and reason', async () => {
    const card = appointment(page, '孙长海');
    await card.getByLabel('改约时间').fill('09:30');
    await card.getByRole('button', { name: '确认记录' }).click();
    await page.locator('[data-testid="appointment"][data-state="rescheduled"]').filter({ hasText: '孙长海' }).waitFor();
    expect(await card.getByTestId('visit-summary').textContent()).toContain(`改约至 ${addDays(today, 3)} 09:30（申请人住院，出院后再约）`);
  });

  it('records 放弃 with the reason', async () => {
    const card = appointment(page, '黄玉兰');
    await card.getByRole('button', { name: '放弃', exact: true }).click();
    await card.getByLabel('放弃原因（必填）').fill('已委托亲属到大厅办理');
    await card.getByRole('button', { name: '确认记录' }).click();
    await page.locator('[data-testid="appointment"][data-state="cancelled"]').filter({ hasText: '黄玉兰' }).waitFor();
  });

  it('counts an accepted appointment as 已受理 and offers it no outcome', async () => {
    await startAppointment(page, '马桂兰');
    await page.getByRole('button', { name: '下一步' }).click();
    await typeApplicants(page);
    await chooseUnit(page, '230811003012GB00102F00030101');
    await receiveMaterials(page);
    await page.getByRole('button', { name: '下一步' }).click();
    await makeNotice(page);
    await sign(page);
    expect(await counts(page)).toEqual({ pending: 4, accepted: 1, 'not-home': 1, rescheduled: 1, cancelled: 1 });
    const states = await page.getByTestId('overview-row').evaluateAll((rows) => rows.map((r) => `${r.children[1]?.textContent ?? ''}:${r.getAttribute('data-state') ?? ''}`));
    expect(states).toEqual(expect.arrayContaining(['马秀英:not-home', '马桂兰:accepted', '孙长海:rescheduled', '黄玉兰:cancelled', '刘建国:pending']));
    expect(await appointment(page, '马桂兰').getByTestId('visit-outcome').count()).toBe(0);
  }, 120_000);

  it('syncs the outcomes to the office: reconciliation reports only the appointments with neither a case nor an outcome', async () => {
    await waitInSync(page);
    const office = world.office!.url.replace(/\/$/, '');
    const token = await officeLogin(office, 'zhaolei');
    const res = await fetch(`${office}/api/v1/office/trips/${DEMO_TRIP_ID}/reconciliation`, { headers: { authorization: `Bearer ${token}` } });
    const report = (await res.json()) as { discrepancies: Finding[] };
    const open = report.discrepancies.filter((d) => d.code === 'appointment-without-outcome').map((d) => d.subject);
    expect(open).toEqual(['appt-001', 'appt-006', 'appt-007', 'appt-008']);
  }, 120_000);

  it("shows each appointment's state on the office's trip page, with the van's outcome, who recorded it and when", async () => {
    const office = world.office!.url.replace(/\/$/, '');
    const officePage = await world.browser!.newPage();
    await officePage.goto(`${office}/office/login`);
    await officePage.fill('#login', 'zhaolei');
    await officePage.fill('#password', DEMO_PASSWORD);
    await Promise.all([officePage.waitForURL(/\/office\//), officePage.click('button[type=submit]')]);
    await officePage.goto(`${office}/office/trips/${DEMO_TRIP_ID}/reconciliation`);
    const row = (id: string) => officePage.locator(`#trip-appointments tr[data-appointment="${id}"]`);
    expect(await row('appt-003').getAttribute('data-state')).toBe('not-home');
    expect(await row('appt-004').getAttribute('data-state')).toBe('rescheduled');
    expect(await row('appt-004').textContent()).toContain(`改约至 ${addDays(today, 3)} 09:30（申请人住院，出院后再约）`);
    expect(await row('appt-004').textContent()).toContain('服务车 张伟');
    expect(await row('appt-005').textContent()).toContain('放弃（已委托亲属到大厅办理）');
    expect(await row('appt-002').getAttribute('data-state')).toBe('accepted');
    expect(await row('appt-001').textContent()).toContain('没有案件，也没有登记结果');
    expect(await officePage.textContent('#appointment-counts')).toBe('待办 4 · 已受理 1 · 未遇 1 · 改约 1 · 放弃 1');
    expect(await officePage.locator('#findings tr[data-code="appointment-without-outcome"]').count()).toBe(4);
    await officePage.close();
  }, 60_000);
});
