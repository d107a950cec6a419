import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, logIn, openApp, startHost, startOffice } from './harness.ts';

const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;

describe('the van app in Chromium (start:browser against the real office)', () => {
  let world: E2eWorld;
  let page: Page;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    world = await createWorld();
    await startOffice(world);
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
    expect(await page.getByRole('alert').textContent()).toBe('工号或密码错误');
    await logIn(page, 'zhangwei');
    expect(await page.getByText('当前：张伟').isVisible()).toBe(true);
  });
});
