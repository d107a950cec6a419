import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Locator, type Page } from 'playwright-core';
import { type E2eWorld, createWorld, logIn, startTripDay } from './harness.ts';
import { startAppointment, takeShortIntake, typeApplicants } from './intake-driver.ts';

const CORRECTION_UNIT = '230803003012GB00105F00050303';

const VIEWPORT = { width: 1024, height: 600 };

/** Wholly inside the window as it stands (no scrolling): a finger can hit it. */
async function onScreen(target: Locator): Promise<void> {
  const box = await target.boundingBox();
  expect(box).not.toBeNull();
  const { x, y, width, height } = box!;
  expect(x).toBeGreaterThanOrEqual(0);
  expect(y).toBeGreaterThanOrEqual(0);
  expect(x + width).toBeLessThanOrEqual(VIEWPORT.width);
  expect(y + height).toBeLessThanOrEqual(VIEWPORT.height);
}

/** The van's smallest screens (1024×600 netbooks): the unlock card keeps its buttons on screen after a wrong password, 案件 its targets tappable. */
describe('the lock screen and 案件 on a 1024×600 screen, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'zhangwei');
    await page.setViewportSize(VIEWPORT);
  }, 240_000);
  afterAll(async () => world?.cleanup());

  it('shows 解锁 and 换人登录 without scrolling after a wrong password', async () => {
    await page.getByRole('button', { name: '锁屏' }).click();
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '解锁' }).click();
    await page.getByTestId('login-attempts').waitFor();
    await onScreen(page.getByRole('button', { name: '解锁' }));
    await onScreen(page.getByRole('button', { name: '换人登录' }));
    await onScreen(page.getByLabel('密码'));
  }, 60_000);

  it('keeps a case number on one line on 案件, and its 记录 expander tall enough to tap', async () => {
    await page.getByRole('button', { name: '换人登录' }).click();
    await logIn(page, 'zhangwei');
    await takeShortIntake(page, CORRECTION_UNIT);
    const number = page.getByTestId('case-number').first();
    await number.waitFor();
    const lineHeight = await number.evaluate((el) => parseFloat(getComputedStyle(el).fontSize) * 1.6);
    expect((await number.boundingBox())!.height).toBeLessThan(lineHeight);
    const history = page.getByTestId('case').first().locator('summary');
    expect((await history.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  }, 120_000);

  it('opens each intake step at its top: the step tabs and its heading, not where the step before was scrolled to', async () => {
    await startAppointment(page, '刘建国');
    await page.getByRole('button', { name: '下一步' }).click();
    // Two applicants: the applicants step is taller than the screen and is scrolled down to its last fields.
    await typeApplicants(page, { second: '张国强' });
    await page.locator('[data-testid="unit-step"][data-ready="true"]').waitFor();
    await onScreen(page.getByRole('group', { name: /^步骤/ }));
    await onScreen(page.getByRole('heading', { name: '查找不动产单元' }));
  }, 60_000);

  it('shows why a scan was refused on screen when it was picked on the last material, below the message\'s place', async () => {
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByTestId('materials-summary').waitFor();
    const last = page.locator('[data-testid^="material-"]').last();
    await last.scrollIntoViewIfNeeded();
    await last.locator('input[type=file]').setInputFiles({ name: '扫描件.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all') });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await page.waitForFunction(() => {
      const r = document.querySelector('[role="alert"]')?.getBoundingClientRect();
      return !!r && r.top >= 60 && r.bottom <= 600;
    }, undefined, { timeout: 5_000 });
    expect(await alert.textContent()).toContain('扫描件.pdf');
  }, 60_000);
});
