import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, logIn, openApp, startHost, startOffice } from './harness.ts';

const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;

describe('the van app in Chromium (start:browser against the real office)', () => {
  let world: E2eWorld;
  let page: Page;
  let officeUrl: string;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    world = await createWorld();
    officeUrl = (await startOffice(world)).url;
    await startHost(world);
    page = await openApp(world);
  }, 180_000);
  afterAll(async () => world?.cleanup());

  it('logs in offline with a password hash from the pulled staff list', async () => {
    await page.getByText(/本机已有 \d+ 名员工/).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: `${SHOTS}login.png` });
    await page.getByLabel('工号').fill('zhangwei');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toBe('密码错误，请重新输入。');
    await logIn(page, 'zhangwei');
    expect(await page.getByText('当前：张伟').isVisible()).toBe(true);
  });

  it('shows the devices screen with each device and its state', async () => {
    await page.getByRole('button', { name: '设备' }).click();
    await page.getByTestId('device-idReader').waitFor();
    expect(await page.getByTestId('device-printer').textContent()).toContain('票据打印机');
    // No public address configured (--public-url): the status links use the sync address, and 设备 says so.
    expect(await page.getByTestId('status-page').textContent()).toBe(new URL('public/status', officeUrl).href);
    expect(await page.getByRole('status').filter({ hasText: '未配置办公室公开地址' }).count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}devices.png` });
  });

  it('locks the screen on demand and unlocks only for the same staff member', async () => {
    await page.getByRole('button', { name: '锁屏' }).click();
    await page.getByRole('heading', { name: '屏幕已锁定' }).waitFor();
    expect(await page.getByLabel('工号').inputValue()).toBe('zhangwei');
    await page.getByLabel('密码').fill('jms-demo-2026');
    await page.getByRole('button', { name: '解锁' }).click();
    await page.getByRole('navigation', { name: '主菜单' }).waitFor();
  });
});
