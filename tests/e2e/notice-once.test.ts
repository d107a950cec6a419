import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { walkIntakeToNotice } from './intake-driver.ts';
import { type E2eWorld, createWorld, logIn, startTripDay } from './harness.ts';

const CORRECTION_UNIT = '230803003012GB00105F00050303';

/**
 * The written answer is drawn once: the notice recorded as handed over is the one on screen, after a second tap
 * and after a reload (a second drawing would differ from the recorded one, by its time).
 */
describe('the notice step draws its notice once, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'zhangwei');
  }, 240_000);
  afterAll(async () => world?.cleanup());

  const make = () => page.getByRole('button', { name: /^生成告知书/ });

  it('offers no second drawing once the notice is made, and shows the recorded one again after a reload', async () => {
    await walkIntakeToNotice(page, { applicant: '黄玉兰', second: '赵大勇', unit: CORRECTION_UNIT, missing: ['tax-proof'] });
    await make().dblclick();
    const made = page.getByText(/^已生成（\d+ 页）$/);
    await made.waitFor({ timeout: 60_000 });
    const pages = await made.textContent();
    expect(await make().count()).toBe(0);
    await page.getByRole('link', { name: '查看 PDF' }).waitFor();
    await page.locator('[data-testid="draft-kept"][data-current="true"]').waitFor();

    await page.reload();
    await logIn(page, 'zhangwei');
    await page.getByTestId('draft-banner').getByRole('button', { name: '继续受理' }).click();
    await page.getByTestId('notice').waitFor();
    await made.waitFor({ timeout: 30_000 });
    expect(await made.textContent()).toBe(pages);
    expect(await make().count()).toBe(0);
    await page.getByRole('link', { name: '查看 PDF' }).waitFor();
    expect(await page.getByRole('button', { name: '下一步' }).isEnabled()).toBe(true);
  }, 180_000);
});
