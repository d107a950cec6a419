import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, startTripDay, stopOffice } from './harness.ts';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';

describe('a van that has not reached its office for too long locks itself, in Chromium', () => {
  let world: E2eWorld;
  let page: Page;

  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'zhangwei');
    // The trip pull was the last contact with the office; then the link is gone.
    await page.locator('[data-testid="online-badge"][data-status="in-sync"]').waitFor({ timeout: 60_000 });
    await stopOffice(world);
  }, 240_000);
  afterAll(async () => {
    await world?.cleanup();
  });

  async function unlockAt(daysLater: number): Promise<void> {
    await page.clock.setFixedTime(new Date(Date.now() + daysLater * 86_400_000));
    await page.getByRole('button', { name: '锁屏' }).click();
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '解锁' }).click();
  }

  it('still opens 13 days later, and shows the limit on 设备', async () => {
    await unlockAt(13);
    await page.getByRole('navigation', { name: '主菜单' }).waitFor();
    await page.getByRole('button', { name: '设备' }).click();
    expect(await page.getByTestId('offline-lock').textContent()).toBe('连续 14 天未连接办公室后，本机锁定，同步后恢复');
  });

  it('refuses every login 14 days later, saying why and what to do', async () => {
    await unlockAt(14);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('本机已有 14 天未连接办公室，已按规定自动锁定。请连接办公室网络，同步成功后即可登录。');
    expect(await page.getByRole('navigation', { name: '主菜单' }).count()).toBe(0);
  });
});
