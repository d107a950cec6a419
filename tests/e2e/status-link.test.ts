import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, officeLogin, startTripDay } from './harness.ts';
import { type PrinterEmulator, startPrinterEmulator } from '#fixtures/devices/printer-emulator.ts';
import { queryCodeOf } from '#domain/case/status-link.ts';
import { decodeEscPos } from '../receipts/escpos-decode.ts';
import { SELLER_CREDIT_CODE, describeBatch } from './intake-driver.ts';

const UNIT = '230804003012GB00100F00020202';

describe('the status QR printed on a receipt, followed to the office', () => {
  let world: E2eWorld;
  let page: Page;
  let printer: PrinterEmulator;
  /** The office's public address as applicants reach it: the same server under another name than the van's sync address. */
  let publicUrl: string;
  let caseId: string;

  beforeAll(async () => {
    world = await createWorld();
    printer = await startPrinterEmulator({ baudRate: 115_200 });
    page = await startTripDay(world, 'zhangwei', (office) => {
      publicUrl = office.url.replace('127.0.0.1', 'localhost');
      return { printerPort: printer.devicePath, publicUrl };
    });
    const csv = join(world.root, 'units.csv');
    writeFileSync(csv, `不动产单元号\n${UNIT}\n`);
    await page.getByRole('button', { name: '企业批量' }).click();
    await page.getByLabel('企业名称').fill('佳木斯造纸有限公司');
    await page.getByLabel('统一社会信用代码').fill(SELLER_CREDIT_CODE);
    await describeBatch(page);
    await page.getByLabel(/导入.*清单/).setInputFiles(csv);
    await page.getByTestId('batch-row').first().waitFor();
    await page.getByRole('button', { name: '全部受理并逐个打印票据' }).click();
    await page.getByTestId('batch-row').first().getByText(/已受理，票据 /).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: '同步' }).click();
    await page.locator('[data-testid="sync-status"][data-status="in-sync"]').waitFor({ timeout: 90_000 });
    await page.getByRole('button', { name: '案件' }).click();
    caseId = (await page.getByTestId('case').first().getAttribute('data-case-id')) ?? '';
  }, 240_000);
  afterAll(async () => {
    await world?.cleanup();
    await printer?.close();
  });

  const printedLink = () => {
    const { qr } = decodeEscPos(printer.bytes());
    expect(qr).toHaveLength(1);
    return qr[0]!;
  };

  it('prints the public address with the case number and query code, not the van’s office address', async () => {
    const link = new URL(printedLink());
    expect(`${link.origin}/`).toBe(publicUrl);
    expect(link.pathname).toBe('/public/status');
    // The card shows the number once it has read the case's events.
    const shown = page.getByTestId('case').first().getByTestId('case-number').filter({ hasText: /^\d{8}-[0-9A-F]{8}$/ });
    await shown.waitFor();
    const caseNumber = (await shown.textContent()) ?? '';
    expect(link.searchParams.get('caseNo')).toBe(caseNumber);
    expect(link.searchParams.get('code')).toBe(queryCodeOf(caseId));
    expect(decodeEscPos(printer.bytes()).lines).toContain(`受理编号：${caseNumber}`);
  });

  it('opens the office page showing that case’s stage, and the next stage after review', async () => {
    const status = await world.browser!.newPage();
    await status.goto(printedLink());
    expect(await status.locator('#status-result').textContent()).toContain('已受理，待初审');
    const token = await officeLogin(world.office!.url.replace(/\/$/, ''), 'wangfang');
    const res = await fetch(`${world.office!.url}api/v1/office/cases/${caseId}/actions`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ action: 'pass', reason: '材料齐全，同意' }),
    });
    expect(res.status).toBe(201);
    await status.reload();
    expect(await status.locator('#status-result').textContent()).toContain('初审通过，待复审');
    await status.close();
  });

  it('shows the status page address on 设备', async () => {
    await page.getByRole('button', { name: '设备' }).click();
    expect(await page.getByTestId('status-page').textContent()).toBe(`${publicUrl}public/status`);
    expect(await page.getByText('未配置办公室公开地址').count()).toBe(0);
    expect(await page.getByTestId('van-settings').getByRole('status').count()).toBe(0);
  });
});
