import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, openApp, startHost, startOffice, stopOffice } from './harness.ts';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';

describe('a van whose office went away before it pulled the staff list, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  beforeAll(async () => {
    world = await createWorld();
    await startOffice(world);
    await startHost(world);
    // The host enrolled the van at start; the office goes away before the page pulls anything.
    await stopOffice(world);
    page = await openApp(world);
  }, 180_000);
  afterAll(async () => world?.cleanup());

  it('says the staff list is missing and why, not 工号或密码错误, for a correct password', async () => {
    await page.getByTestId('no-staff').waitFor({ timeout: 60_000 });
    await page.getByLabel('工号').fill('zhangwei');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('员工名单还没有从办公室拉取到本机，暂时不能登录。请连接办公室网络，等上方显示员工人数后再登录。');
    expect(await page.getByRole('navigation', { name: '主菜单' }).count()).toBe(0);
  }, 60_000);
});
