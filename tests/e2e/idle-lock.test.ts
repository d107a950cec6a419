import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, logIn, openApp, startTripDay } from './harness.ts';
import { residentId } from './sample-files.ts';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';

const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;

describe('the automatic idle lock, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  const holderId = residentId('230803', '19500101', '123');

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    world = await createWorld();
    // The trip is pulled on a page with the normal ten-minute lock, then that page is closed.
    const first = await startTripDay(world, 'zhangwei');
    await first.close();
    page = await openApp(world, { search: '?idleLockSeconds=5' });
    await page.getByText(/本机已有 \d+ 名员工/).waitFor({ timeout: 60_000 });
    await logIn(page, 'zhangwei');
  }, 180_000);
  afterAll(async () => world?.cleanup());

  it('locks by itself when nobody touches the screen, keeping the intake in progress out of sight', async () => {
    await page.getByTestId('appointment').filter({ hasText: '刘建国' }).getByRole('button', { name: '开始受理' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('公民身份号码').first().fill(holderId);
    await page.getByText('号码有效').waitFor();
    // No input from here on: the lock comes from the idle timer alone (the page's clock is moved past its 5 seconds).
    await page.clock.fastForward(6_000);
    await page.getByRole('heading', { name: '屏幕已锁定' }).waitFor({ timeout: 30_000 });
    expect(await page.getByText(/，请输入密码解锁$/).isVisible()).toBe(true);
    expect(await page.getByRole('navigation', { name: '主菜单' }).isVisible()).toBe(false);
    expect(await page.getByText(holderId).count()).toBe(0);
    expect(await page.getByLabel('工号').inputValue()).toBe('zhangwei');
    await page.screenshot({ path: `${SHOTS}lock.png` });
  }, 120_000);

  it('refuses a wrong password with a Chinese message and stays locked', async () => {
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '解锁' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('密码错误，请重新输入。');
    expect(await page.getByRole('navigation', { name: '主菜单' }).isVisible()).toBe(false);
  }, 120_000);

  it('unlocks with the password back to the same step with the draft as it was', async () => {
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '解锁' }).click();
    await page.getByRole('navigation', { name: '主菜单' }).waitFor();
    expect(await page.locator('.steps .current').textContent()).toBe('2. 申请人');
    expect(await page.getByLabel('公民身份号码').first().inputValue()).toBe(holderId);
    expect(await page.getByLabel('姓名').first().inputValue()).toBe('刘建国');
  }, 120_000);
});
