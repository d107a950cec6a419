import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { chooseUnit, receiveMaterials, startAppointment, typeApplicants } from './intake-driver.ts';
import { type E2eWorld, createWorld, logIn, startTripDay } from './harness.ts';
import { type PrinterEmulator, startPrinterEmulator } from '#fixtures/devices/printer-emulator.ts';

const UNIT = '230803003012GB00100F00010101';
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

/**
 * The payment step of an intake resumed after its charge was recorded (a reload, a crash): it shows the charge
 * as made, how it was paid and by whom, and never offers to take the money again.
 */
describe('the payment step resumed after the charge, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  let printer: PrinterEmulator;
  beforeAll(async () => {
    world = await createWorld();
    printer = await startPrinterEmulator({ baudRate: 115_200 });
    page = await startTripDay(world, 'zhangwei', { printerPort: printer.devicePath });
  }, 240_000);
  afterAll(async () => {
    await world?.cleanup();
    await printer?.close();
  });

  const method = (name: string) => page.getByRole('radiogroup', { name: '付款方式' }).getByRole('radio', { name });

  it('shows the recorded receipt after a reload, with its payer and method, and prints no second original', async () => {
    await startAppointment(page, '刘建国');
    await page.getByRole('button', { name: '下一步' }).click();
    await typeApplicants(page, { second: '张国强' });
    await chooseUnit(page, UNIT);
    await receiveMaterials(page);
    await page.getByTestId('fee-total').waitFor();
    await page.getByRole('button', { name: '下一步' }).click();
    await method('银行卡').click();
    await page.getByLabel('缴款人').fill('刘小军');
    // A hurried double tap: one charge, one slip.
    await page.getByRole('button', { name: '收款并打印票据' }).dblclick();
    await page.getByTestId('payment-message').filter({ hasText: '票据 JMS2026-001001 已打印' }).waitFor();
    expect(count(printer.text(), '票据号码：')).toBe(1);
    await page.locator('[data-testid="draft-kept"][data-current="true"]').waitFor();

    await page.reload();
    await logIn(page, 'zhangwei');
    await page.getByTestId('draft-banner').getByRole('button', { name: '继续受理' }).click();
    const message = page.getByTestId('payment-message');
    await message.filter({ hasText: '本案已收款' }).waitFor();
    expect(await message.textContent()).toBe('本案已收款（银行卡），票据号 JMS2026-001001 已记录，请勿再次收款。票据如未打印出来，请点“重新打印（同一票据号）”。');
    expect(await page.getByTestId('receipt-number').textContent()).toBe('JMS2026-001001');
    expect(await method('银行卡').getAttribute('aria-checked')).toBe('true');
    expect(await method('现金').isDisabled()).toBe(true);
    expect(await page.getByLabel('缴款人').inputValue()).toBe('刘小军');
    expect(await page.getByLabel('缴款人').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: '收款并打印票据' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '下一步' }).isEnabled()).toBe(true);

    // Printing again repeats the one charge: the same number, and the original is not printed twice.
    await page.getByRole('button', { name: '重新打印（同一票据号）' }).click();
    await message.filter({ hasText: '票据 JMS2026-001001 已打印' }).waitFor();
    expect(count(printer.text(), '票据号码：')).toBe(1);
    expect(count(printer.text(), '刘小军')).toBe(1);
  }, 180_000);
});
