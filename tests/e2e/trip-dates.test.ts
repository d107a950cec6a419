import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { chinaDate } from '#domain/calendar/china-time.ts';
import { shiftedClock } from '#domain/clock.ts';
import { startLocalOffice } from '#scripts/local-office.ts';
import { caseDeadlines } from '#domain/calendar/deadlines.ts';
import { workingDaysBetween } from '#domain/calendar/working-days.ts';
import { type E2eWorld, TRIP_DAYS, createWorld, officeLogin, startTripDay } from './harness.ts';
import { chooseUnit, collectPayment, makeNotice, receiveMaterials, sign, startAppointment, typeApplicants, waitInSync } from './intake-driver.ts';
import { type PrinterEmulator, startPrinterEmulator } from '#fixtures/devices/printer-emulator.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';

/** 刘建国's unit (non-residential: ¥550.00). */
const UNIT = '230803003012GB00100F00010101';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

describe.each(TRIP_DAYS)('the demo trip $label, in Chromium against start:browser and the real office', ({ daysAhead }) => {
  let world: E2eWorld;
  let page: Page;
  let printer: PrinterEmulator;
  let today = '';

  beforeAll(async () => {
    world = await createWorld({ daysAhead });
    today = chinaDate(world.clock.now().toISOString());
    printer = await startPrinterEmulator({ baudRate: 115_200 });
    page = await startTripDay(world, 'zhangwei', { printerPort: printer.devicePath });
  }, 180_000);
  afterAll(async () => {
    await world?.cleanup();
    await printer?.close();
  });

  it('runs the page on the world clock and shows the trip dated that day', async () => {
    const pageNow = await page.evaluate(() => Date.now());
    expect(Math.abs(pageNow - world.clock.now().getTime())).toBeLessThan(60_000);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(today);
    expect(await page.getByTestId('appointment').count()).toBe(8);
  });

  it('takes 刘建国 through intake and payment: the unit snapshot is from the evening before, not refused', async () => {
    await startAppointment(page, '刘建国');
    await page.getByRole('button', { name: '下一步' }).click();
    await typeApplicants(page, { second: '赵大勇' });
    await page.getByLabel('单元号、证书号或地址').fill(UNIT);
    await page.getByRole('button', { name: '查找' }).click();
    const result = page.getByTestId('unit-result');
    expect(await result.getByRole('alert').count()).toBe(0);
    // Taken at 18:00 the evening before, Beijing time: under a day old on the trip day.
    expect(await result.textContent()).toMatch(/状态取自办公室，(刚刚|\d+ (分钟|小时)前)/);
    await chooseUnit(page, UNIT);
    await receiveMaterials(page);
    expect(await page.getByTestId('fee-total').textContent()).toBe('￥550.00');
    await page.getByRole('button', { name: '下一步' }).click();
    expect(await collectPayment(page)).toBe('JMS2026-001001');
    await makeNotice(page);
    await sign(page);
    await page.locator('[data-testid="case"][data-stage="accepted"]').waitFor();
  }, 120_000);

  it('reaches the office, accepted on the world date and queued for 初审 within its time limit', async () => {
    await waitInSync(page);
    const office = world.office!.url.replace(/\/$/, '');
    const token = await officeLogin(office, 'wangfang');
    const res = await fetch(`${office}/api/v1/office/queues/1`, { headers: { authorization: `Bearer ${token}` } });
    const queue = (await res.json()) as { cases: { caseNumber: string; acceptedAt: string; isOverdue: boolean; legalDaysLeft: number }[] };
    expect(queue.cases).toHaveLength(1);
    const [row] = queue.cases;
    expect(chinaDate(row!.acceptedAt)).toBe(today);
    expect(Math.abs(Date.parse(row!.acceptedAt) - world.clock.now().getTime())).toBeLessThan(HOUR_MS);
    expect(row!.caseNumber.startsWith(today.replaceAll('-', ''))).toBe(true);
    expect(row!.isOverdue).toBe(false);
    expect(row!.legalDaysLeft).toBe(workingDaysBetween(today, caseDeadlines('transfer', row!.acceptedAt).legal.date));
  }, 120_000);
});

describe.each(TRIP_DAYS)('拉取行程 $label, from an office seeded eight days earlier', ({ daysAhead }) => {
  let world: E2eWorld;
  let page: Page;

  beforeAll(async () => {
    world = await createWorld({ daysAhead });
    // The office took its snapshots eight days ago (past the van's 7-day limit) and has run since.
    const seeded = await startLocalOffice({ dataDir: world.officeDir, clock: shiftedClock(world.clock, -8 * DAY_MS), passwordIterations: TEST_PASSWORD_ITERATIONS });
    await seeded.close();
    page = await startTripDay(world, 'zhangwei');
  }, 180_000);
  afterAll(async () => world?.cleanup());

  it('brings fresh unit snapshots: the unit is minutes old, not refused as out of date', async () => {
    expect(await page.getByRole('status').textContent()).toMatch(/^行程已拉取（\d\d:\d\d），不动产状态取自 \d\d:\d\d$/);
    await startAppointment(page, '刘建国');
    await page.getByRole('button', { name: '下一步' }).click();
    await typeApplicants(page, { second: '赵大勇' });
    await page.getByLabel('单元号、证书号或地址').fill(UNIT);
    await page.getByRole('button', { name: '查找' }).click();
    const result = page.getByTestId('unit-result');
    expect(await result.textContent()).toMatch(/状态取自办公室，(刚刚|\d+ 分钟前)/);
    expect(await result.getByRole('alert').count()).toBe(0);
  }, 120_000);
});
