import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { SELLER_CREDIT_CODE, describeBatch } from './intake-driver.ts';
import { type E2eWorld, createWorld, officeLogin, startTripDay } from './harness.ts';
import { type PrinterEmulator, startPrinterEmulator } from '#fixtures/devices/printer-emulator.ts';

const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const UNITS = ['230804003012GB00100F00020202', '230805003012GB00100F00040401'];
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe('receipts on the Cases screen: reprint and void, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  let printer: PrinterEmulator;
  const numbers: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    world = await createWorld();
    printer = await startPrinterEmulator({ baudRate: 115_200 });
    page = await startTripDay(world, 'zhangwei', { printerPort: printer.devicePath });
    // Two cases with a printed receipt each, taken through the enterprise batch.
    const csv = join(world.root, 'units.csv');
    writeFileSync(csv, `不动产单元号\n${UNITS.join('\n')}\n`);
    await page.getByRole('button', { name: '企业批量' }).click();
    await page.getByLabel('企业名称').fill('佳木斯造纸有限公司');
    await page.getByLabel('统一社会信用代码').fill(SELLER_CREDIT_CODE);
    await describeBatch(page);
    await page.getByLabel(/导入.*清单/).setInputFiles(csv);
    await page.getByTestId('batch-row').nth(1).waitFor();
    await page.getByRole('button', { name: '全部受理并逐个打印票据' }).click();
    for (const row of await page.getByTestId('batch-row').all()) {
      const done = row.getByText(/已受理，票据 /);
      await done.waitFor({ timeout: 60_000 });
      numbers.push(((await done.textContent()) ?? '').replace('已受理，票据 ', ''));
    }
  }, 240_000);
  afterAll(async () => {
    await world?.cleanup();
    await printer?.close();
  });

  const line = (n: string) => page.getByTestId('receipt-line').filter({ hasText: n });

  it('reprints a receipt with the same number, marked 重打印 on the printer', async () => {
    expect(numbers).toEqual(['JMS2026-001001', 'JMS2026-001002']);
    const [first] = numbers as [string, string];
    expect(count(printer.text(), `票据号码：${first}`)).toBe(1);
    await page.getByRole('button', { name: '案件' }).click();
    await line(first).getByRole('button', { name: '重打印' }).click();
    await line(first).getByRole('status').filter({ hasText: `票据 ${first} 已重打印` }).waitFor();
    const printed = printer.text();
    expect(count(printed, `票据号码：${first}`)).toBe(2);
    // The mark comes with the second copy, not the first.
    expect(printed.indexOf('【重打印】')).toBeGreaterThan(printed.indexOf(`票据号码：${first}`));
    expect(count(printed, '【重打印】')).toBe(1);
    // The reprint is recorded in the case's history.
    const card = page.getByTestId('case').filter({ has: line(first) });
    await card.locator('summary').click();
    await card.getByText(/票据重打印/).waitFor();
  }, 120_000);

  it('voids a receipt only with a reason; the voided receipt cannot be reprinted', async () => {
    const second = numbers[1]!;
    await line(second).getByRole('button', { name: '作废' }).click();
    const confirm = line(second).getByRole('button', { name: '确认作废' });
    expect(await confirm.isDisabled()).toBe(true);
    await line(second).getByLabel('作废原因（必填）').fill('金额录入错误');
    await confirm.click();
    await line(second).getByRole('status').filter({ hasText: `票据 ${second} 已作废` }).waitFor();
    await line(second).getByText('已作废', { exact: true }).waitFor();
    expect(await line(second).getByRole('button', { name: '重打印' }).count()).toBe(0);
    expect(await line(second).getByRole('button', { name: '作废' }).count()).toBe(0);
    expect(count(printer.text(), `票据号码：${second}`)).toBe(1);
    // The voided copy (A5 PDF) is archived with the case beside the original.
    const caseId = (await page.getByTestId('case').filter({ has: line(second) }).getAttribute('data-case-id')) ?? '';
    const archived = readdirSync(join(world.vanDataDir, 'van', 'documents', caseId));
    expect(archived.some((f) => f.startsWith(`void-${second.replace(/[^A-Za-z0-9_-]/g, '_')}`))).toBe(true);
    await page.screenshot({ path: `${SHOTS}cases-receipt-voided.png` });
  }, 120_000);

  it('the void reaches the office after sync, the reprinted receipt stays valid', async () => {
    await page.getByRole('button', { name: '同步' }).click();
    await page.locator('[data-testid="sync-status"][data-status="in-sync"]').waitFor({ timeout: 90_000 });
    await page.getByRole('button', { name: '案件' }).click();
    await page.getByTestId('case-sync').filter({ hasText: '已同步' }).nth(1).waitFor({ timeout: 90_000 });
    const office = world.office!.url.replace(/\/$/, '');
    const token = await officeLogin(office, 'wangfang');
    const caseIds = await page.getByTestId('case').evaluateAll((els) => els.map((e) => e.getAttribute('data-case-id') ?? ''));
    const seen: Record<string, boolean> = {};
    for (const id of caseIds) {
      const detail = (await (await fetch(`${office}/api/v1/office/cases/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        receipts: { number: string; voided: boolean }[]; events: { kind: string; payload: { reason?: string } }[];
      };
      for (const r of detail.receipts) seen[r.number] = r.voided;
      const voidEvent = detail.events.find((e) => e.kind === 'receipt-voided');
      if (voidEvent) expect(voidEvent.payload.reason).toBe('金额录入错误');
    }
    expect(seen).toEqual({ [numbers[0]!]: false, [numbers[1]!]: true });
  }, 200_000);
});
