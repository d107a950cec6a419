import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import writeXlsxFile from 'write-excel-file/node';
import { OTHER_SELLER_CREDIT_CODE, SELLER_CREDIT_CODE, describeBatch } from './intake-driver.ts';
import { type E2eWorld, createWorld, startTripDay } from './harness.ts';
import { type PrinterEmulator, startPrinterEmulator } from '#fixtures/devices/printer-emulator.ts';

const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const SEIZED = '230804003012GB00100F00060603';
const SEIZED_REASON = '该不动产已被依法查封';
const CSV_UNITS = ['230804003012GB00100F00020202', '230805003012GB00100F00040401', '230811003012GB00100F00070101'];
const XLSX_UNITS = ['230805003012GB00100F00080202', '230804003012GB00101F00020401', '230805003012GB00101F00040603'];

describe('the enterprise batch in Chromium against start:browser: a list of units, one case and one receipt each', () => {
  let world: E2eWorld;
  let page: Page;
  let printer: PrinterEmulator;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    world = await createWorld();
    printer = await startPrinterEmulator({ baudRate: 115_200 });
    page = await startTripDay(world, 'lina', { printerPort: printer.devicePath });
  }, 180_000);
  afterAll(async () => {
    await world?.cleanup();
    await printer?.close();
  });

  const row = (line: number) => page.locator(`[data-testid="batch-row"][data-line="${line}"]`);

  /** Imports the list, runs the batch, and returns the receipt number of each row that proceeded, in row order. */
  async function runBatch(enterprise: string, creditCode: string, file: string, readyLines: number[]): Promise<string[]> {
    await page.getByRole('button', { name: '企业批量' }).click();
    await page.getByLabel('企业名称').fill(enterprise);
    await page.getByLabel('统一社会信用代码').fill(creditCode);
    await describeBatch(page);
    await page.getByLabel('导入清单（CSV 或 Excel）').setInputFiles(file);
    await row(readyLines.at(-1)!).waitFor();
    for (const line of readyLines) expect(await row(line).getByText('可受理').count()).toBe(1);
    await page.getByRole('button', { name: '全部受理并逐个打印票据' }).click();
    const numbers: string[] = [];
    for (const line of readyLines) {
      // Wait for the row's outcome, then require success, so a failed row shows its reason in the log.
      await row(line).getByText(/^(已受理|失败)/).waitFor({ timeout: 60_000 });
      expect(await row(line).textContent()).toContain('已受理，票据 ');
      const done = row(line).getByText(/^已受理，票据 /);
      numbers.push(((await done.textContent()) ?? '').replace('已受理，票据 ', ''));
    }
    await page.screenshot({ path: `${SHOTS}batch.png` });
    return numbers;
  }

  it('takes a CSV of three units through intake together; the seized unit in the list is refused with its reason', async () => {
    const csv = join(world.root, 'enterprise.csv');
    writeFileSync(csv, `\uFEFF不动产单元号,地址\r\n${CSV_UNITS[0]},红旗路\r\n${SEIZED},红旗路6号\r\n${CSV_UNITS[1]},造纸路\r\n${CSV_UNITS[2]},莲江口\r\n`);
    const numbers = await runBatch('佳木斯造纸有限公司', SELLER_CREDIT_CODE, csv, [2, 4, 5]);
    expect(numbers).toEqual(['JMS2026-001001', 'JMS2026-001002', 'JMS2026-001003']);
    expect(await row(3).textContent()).toContain(SEIZED_REASON);
    expect(await row(3).getByText(/已受理/).count()).toBe(0);
    // Printed in order, each once, on the printer emulator.
    const printed = printer.text();
    const at = numbers.map((n) => printed.indexOf(`票据号码：${n}`));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    for (const n of numbers) expect(printed.split(`票据号码：${n}`).length - 1).toBe(1);
    expect(printed).toContain('佳木斯造纸有限公司');
  }, 120_000);

  it('takes an Excel (.xlsx) list the same way, naming a bad row by its number', async () => {
    const xlsx = join(world.root, 'enterprise.xlsx');
    const cells = [['序号', '不动产单元号'], [1, XLSX_UNITS[0]], [2, XLSX_UNITS[1]], [3, '2308050030'], [4, SEIZED], [5, XLSX_UNITS[2]]];
    await writeXlsxFile(cells.map((r) => r.map((value) => ({ value })))).toFile(xlsx);
    const numbers = await runBatch('佳木斯纺织厂', OTHER_SELLER_CREDIT_CODE, xlsx, [2, 3, 6]);
    expect(numbers).toEqual(['JMS2026-001004', 'JMS2026-001005', 'JMS2026-001006']);
    expect(await row(4).textContent()).toContain('第 4 行不是有效的单元号：2308050030（不动产单元号应为28位）');
    expect(await row(5).textContent()).toContain(SEIZED_REASON);
    const printed = printer.text();
    const at = numbers.map((n) => printed.indexOf(`票据号码：${n}`));
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(at[0]).toBeGreaterThan(printed.indexOf('票据号码：JMS2026-001003'));
  }, 120_000);

  it('shows six cases with one receipt each on the Cases screen, all numbers distinct', async () => {
    await page.getByRole('button', { name: '案件' }).click();
    await page.getByTestId('case').nth(5).waitFor();
    const cards = await page.getByTestId('case').all();
    expect(cards.length).toBe(6);
    const numbers: string[] = [];
    for (const card of cards) {
      // Each card reads its receipts by its own query (decrypted on the way out): wait for it before counting.
      await card.getByTestId('receipt-line').first().waitFor();
      expect(await card.getByTestId('receipt-line').count()).toBe(1);
      numbers.push(((await card.getByTestId('receipt-line').locator('b').textContent()) ?? '').trim());
    }
    expect(new Set(numbers).size).toBe(6);
    expect(await page.getByTestId('case').filter({ hasText: '申请人：佳木斯纺织厂' }).count()).toBe(3);
    expect(await page.getByTestId('case').filter({ hasText: '申请人：佳木斯造纸有限公司' }).count()).toBe(3);
  }, 120_000);
});
