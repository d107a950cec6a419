import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, logIn, startTripDay } from './harness.ts';

/**
 * The van's store is written by one page at a time (renderer/db/store-holder.ts): a second window on it says the
 * program is open elsewhere and waits, and opens by itself once the first window is closed.
 */
describe('a second window on the van, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let first: Page;
  let second: Page;
  beforeAll(async () => {
    world = await createWorld();
    first = await startTripDay(world, 'zhangwei');
  }, 180_000);
  afterAll(async () => world?.cleanup());

  it('says the program is open in another window and does not open the store beside it', async () => {
    second = await world.browser!.newPage();
    second.setDefaultTimeout(20_000);
    await second.goto(world.host!.url);
    const notice = second.getByTestId('store-elsewhere');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('已在另一个窗口中打开');
    expect(await second.getByLabel('工号').count()).toBe(0);
    // The first window carries on as before.
    await first.getByRole('navigation', { name: '主菜单' }).getByRole('button', { name: '案件' }).click();
    expect(await first.getByRole('navigation', { name: '主菜单' }).isVisible()).toBe(true);
  }, 60_000);

  it('opens by itself once the first window is closed, on the same store', async () => {
    await first.close();
    await second.getByTestId('store-elsewhere').waitFor({ state: 'detached', timeout: 30_000 });
    await second.getByText(/本机已有 \d+ 名员工/).waitFor({ timeout: 60_000 });
    await logIn(second, 'zhangwei');
    // The trip the first window pulled is there: the same store, not a new one.
    await second.getByRole('navigation', { name: '主菜单' }).getByRole('button', { name: '今日行程' }).click();
    await second.getByRole('button', { name: '开始受理' }).first().waitFor();
    expect(await second.getByText('本机还没有行程').count()).toBe(0);
  }, 120_000);
});
