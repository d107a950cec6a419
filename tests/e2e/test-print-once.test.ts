import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type PrinterEmulator, startPrinterEmulator } from '#fixtures/devices/printer-emulator.ts';
import { type E2eWorld, createWorld, startTripDay } from './harness.ts';

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

/** 设备 → 打印测试页 prints one page per tap, however fast a second tap comes (paper on a van is counted). */
describe('the devices screen prints one test page per tap, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  let printer: PrinterEmulator;
  beforeAll(async () => {
    world = await createWorld();
    // A slow line, so the first page is still printing when the second tap comes.
    printer = await startPrinterEmulator({ baudRate: 9_600 });
    page = await startTripDay(world, 'zhangwei', { printerPort: printer.devicePath });
  }, 240_000);
  afterAll(async () => {
    await world?.cleanup();
    await printer?.close();
  });

  it('prints once on a double tap, and again on a later tap', async () => {
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('button', { name: '设备', exact: true }).click();
    const panel = page.getByTestId('device-printer');
    await panel.getByRole('button', { name: '打印测试页' }).dblclick();
    await panel.getByRole('status').filter({ hasText: '已打印' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => count(printer.text(), '扫码测试'), { timeout: 10_000 }).toBe(1);
    await page.waitForTimeout(500);
    expect(count(printer.text(), '扫码测试')).toBe(1);
    await panel.getByRole('button', { name: '打印测试页' }).click();
    await expect.poll(() => count(printer.text(), '扫码测试'), { timeout: 60_000 }).toBe(2);
  }, 240_000);
});
