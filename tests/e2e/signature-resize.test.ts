import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { makeNotice, walkIntakeToNotice } from './intake-driver.ts';
import { type E2eWorld, createWorld, startTripDay } from './harness.ts';

const UNIT = '230803003012GB00100F00010101';

/**
 * A pad keeps the bitmap it was given when the step opened. A window resized since (a convertible turned to a
 * tablet, a window made smaller) must still ink under the pen, not where the old size would put it.
 */
describe('the signature pad after the window is resized, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'zhangwei');
  }, 240_000);
  afterAll(async () => world?.cleanup());

  it('inks where the pen touches after the window got narrower', async () => {
    await walkIntakeToNotice(page, { applicant: '刘建国', second: '张国强', unit: UNIT });
    await makeNotice(page);
    const canvas = page.getByLabel('申请人签名：刘建国', { exact: true });
    await canvas.waitFor();
    const before = (await canvas.boundingBox())!;
    const viewport = page.viewportSize()!;
    await page.setViewportSize({ width: Math.round(viewport.width * 0.75), height: viewport.height });
    await expect.poll(async () => (await canvas.boundingBox())!.width).toBeLessThan(before.width - 50);
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    const at = { x: box.x + box.width * 0.8, y: box.y + box.height * 0.5 };
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
    await page.mouse.move(at.x + 4, at.y + 1);
    await page.mouse.move(at.x + 8, at.y);
    await page.mouse.up();
    // The ink in the bitmap's pixels under the pen: the screen point scaled to the bitmap.
    const inked = await canvas.evaluate((el, p) => {
      const c = el as HTMLCanvasElement;
      const r = c.getBoundingClientRect();
      const x = Math.round(((p.x + 4 - r.left) * c.width) / r.width);
      const y = Math.round(((p.y - r.top) * c.height) / r.height);
      const data = c.getContext('2d')?.getImageData(x - 3, y - 3, 7, 7).data ?? new Uint8ClampedArray();
      return data.some((v, i) => i % 4 === 3 && v > 0);
    }, at);
    expect(inked).toBe(true);
  }, 240_000);
});
