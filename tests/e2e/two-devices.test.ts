import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, type SecondDevice, TRIP_DAYS, createWorld, officeLogin, startSecondDevice, startTripDay } from './harness.ts';
import { OTHER_SELLER_CREDIT_CODE, SELLER_CREDIT_CODE, describeBatch, waitInSync } from './intake-driver.ts';
import { type PrinterEmulator, startPrinterEmulator } from '#fixtures/devices/printer-emulator.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';

/** Takes one unit through the enterprise batch (case, receipt, print) and returns the receipt number. */
async function chargeOne(page: Page, csv: string, enterprise: string, creditCode: string): Promise<string> {
  await page.getByRole('button', { name: '企业批量' }).click();
  await page.getByLabel('企业名称').fill(enterprise);
  await page.getByLabel('统一社会信用代码').fill(creditCode);
  await describeBatch(page);
  await page.getByLabel('导入清单（CSV 或 Excel）').setInputFiles(csv);
  await page.getByTestId('batch-row').getByText('可受理').waitFor();
  await page.getByRole('button', { name: '全部受理并逐个打印票据' }).click();
  // The row's outcome, success required, so a failed row shows its reason in the log.
  await page.getByTestId('batch-row').getByText(/^(已受理|失败)/).waitFor({ timeout: 120_000 });
  const text = (await page.getByTestId('batch-row').textContent()) ?? '';
  expect(text, text).toMatch(/已受理，票据 /);
  return /已受理，票据 (\S+)/.exec(text)?.[1] ?? '';
}

describe.each(TRIP_DAYS)('two laptops of one van ($label), in Chromium against start:browser and the real office', ({ daysAhead }) => {
  let world: E2eWorld;
  let first: Page;
  let second: SecondDevice;
  let printers: PrinterEmulator[] = [];

  beforeAll(async () => {
    world = await createWorld({ daysAhead });
    printers = [await startPrinterEmulator({ baudRate: 115_200 }), await startPrinterEmulator({ baudRate: 115_200 })];
    first = await startTripDay(world, 'zhangwei', { printerPort: printers[0]!.devicePath });
    second = await startSecondDevice(world, 'lina', { printerPort: printers[1]!.devicePath });
  }, 240_000);
  afterAll(async () => {
    await second?.close();
    await world?.cleanup();
    for (const p of printers) await p.close();
  });

  it('shows each laptop its own part of the trip’s receipt numbers', async () => {
    await first.getByTestId('receipt-numbers').filter({ hasText: 'JMS2026-001001 – JMS2026-001050' }).waitFor({ timeout: 30_000 });
    await second.page.getByTestId('receipt-numbers').filter({ hasText: 'JMS2026-001051 – JMS2026-001100' }).waitFor({ timeout: 30_000 });
    expect(await first.getByTestId('receipt-numbers').textContent()).toContain('还可开 50 张');
  }, 60_000);

  it('prints different numbers on the two laptops for intakes taken side by side', async () => {
    const a = join(world.root, 'a.csv');
    const b = join(world.root, 'b.csv');
    writeFileSync(a, '不动产单元号\n230804003012GB00100F00020202\n');
    writeFileSync(b, '不动产单元号\n230805003012GB00100F00040401\n');
    const [numberA, numberB] = await Promise.all([chargeOne(first, a, '佳木斯造纸有限公司', SELLER_CREDIT_CODE), chargeOne(second.page, b, '佳木斯纺织厂', OTHER_SELLER_CREDIT_CODE)]);
    expect(numberA).toBe('JMS2026-001001');
    expect(numberB).toBe('JMS2026-001051');
    expect(printers[0]!.text()).toContain('票据号码：JMS2026-001001');
    expect(printers[1]!.text()).toContain('票据号码：JMS2026-001051');
  }, 240_000);

  it('both reach the office, which reconciles each number once', async () => {
    await Promise.all([waitInSync(first), waitInSync(second.page)]);
    const office = world.office!.url.replace(/\/$/, '');
    const token = await officeLogin(office, 'zhaolei');
    const report = (await (await fetch(`${office}/api/v1/office/trips/${DEMO_TRIP_ID}/reconciliation`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      discrepancies: { code: string }[]; receiptNumbers: { issued: number; notGranted: number };
    };
    const codes = report.discrepancies.map((d) => d.code);
    expect(codes).not.toContain('receipt-number-duplicate');
    expect(codes).not.toContain('case-fee-unpaid');
    expect(report.receiptNumbers).toMatchObject({ issued: 2, notGranted: 100 });
  }, 200_000);
});
