import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, startTripDay } from './harness.ts';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';

/**
 * Wrong passwords on the lock screen slow down (domain/staff/login-backoff.ts): five are free, then the screen
 * says how long to wait and takes no password, not even the right one, until then; a reload keeps the count.
 */
describe('unlocking after wrong passwords, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'zhangwei');
  }, 180_000);
  afterAll(async () => world?.cleanup());

  const wrong = async (button: '解锁' | '登录') => {
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: button }).click();
    await page.getByRole('alert').waitFor();
  };

  it('waits 30 s after the fifth wrong password, says so, and refuses even the right one meanwhile', async () => {
    await page.getByRole('button', { name: '锁屏' }).click();
    await page.getByRole('heading', { name: '屏幕已锁定' }).waitFor();
    for (let i = 1; i <= 4; i++) {
      await wrong('解锁');
      expect(await page.getByRole('alert').textContent()).toBe('密码错误，请重新输入。');
      expect(await page.getByTestId('login-attempts').textContent()).toContain(`再输错 ${5 - i} 次，须等待 30 秒`);
    }
    await wrong('解锁');
    const wait = page.getByTestId('login-wait');
    expect(await wait.textContent()).toMatch(/^已连续输错 5 次密码，为防他人猜测密码，请在 (30|29) 秒后再试。/);
    expect(await page.getByRole('button', { name: '解锁' }).isDisabled()).toBe(true);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByLabel('密码').press('Enter');
    expect(await page.getByRole('navigation', { name: '主菜单' }).isVisible()).toBe(false);
    expect(await page.getByRole('heading', { name: '屏幕已锁定' }).isVisible()).toBe(true);
  }, 120_000);

  it('keeps the wait across a reload, then takes the right password once it is over and starts the count again', async () => {
    await page.reload();
    await page.getByLabel('工号').fill('zhangwei');
    await page.getByTestId('login-wait').waitFor();
    expect(await page.getByRole('button', { name: '登录' }).isDisabled()).toBe(true);
    await page.clock.fastForward(31_000);
    await page.getByTestId('login-wait').waitFor({ state: 'detached' });
    expect(await page.getByTestId('login-attempts').textContent()).toContain('已连续输错 5 次；再输错一次，等待时间加倍');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('navigation', { name: '主菜单' }).waitFor();
    await page.getByRole('button', { name: '锁屏' }).click();
    await wrong('解锁');
    expect(await page.getByRole('alert').textContent()).toBe('密码错误，请重新输入。');
    expect(await page.getByTestId('login-attempts').textContent()).toContain('再输错 4 次');
  }, 120_000);
});
