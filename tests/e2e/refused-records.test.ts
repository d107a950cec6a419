import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, officeLogin, startOffice, startTripDay, stopOffice } from './harness.ts';
import { SELLER_CREDIT_CODE, describeBatch } from './intake-driver.ts';
import { enrollDevice, protocolHeaders } from '../sync/helpers.ts';
import { type PrinterEmulator, startPrinterEmulator } from '#fixtures/devices/printer-emulator.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';

describe('a record the office refuses shows as refused on the van, in Chromium against start:browser and the real office', () => {
  let world: E2eWorld;
  let page: Page;
  let printer: PrinterEmulator;
  let office = '';
  let caseId = '';

  beforeAll(async () => {
    world = await createWorld();
    printer = await startPrinterEmulator({ baudRate: 115_200 });
    page = await startTripDay(world, 'zhangwei', { printerPort: printer.devicePath });
    office = world.office!.url.replace(/\/$/, '');
    await page.getByTestId('receipt-numbers').filter({ hasText: 'JMS2026-001001 – JMS2026-001050' }).waitFor({ timeout: 30_000 });
  }, 180_000);
  afterAll(async () => {
    await world?.cleanup();
    await printer?.close();
  });

  it('charges offline from its own numbers', async () => {
    const port = world.office!.port;
    await stopOffice(world);
    const csv = join(world.root, 'units.csv');
    writeFileSync(csv, '不动产单元号\n230804003012GB00100F00020202\n');
    await page.getByRole('button', { name: '企业批量' }).click();
    await page.getByLabel('企业名称').fill('佳木斯造纸有限公司');
    await page.getByLabel('统一社会信用代码').fill(SELLER_CREDIT_CODE);
    await describeBatch(page);
    await page.getByLabel('导入清单（CSV 或 Excel）').setInputFiles(csv);
    await page.getByTestId('batch-row').getByText('可受理').waitFor();
    await page.getByRole('button', { name: '全部受理并逐个打印票据' }).click();
    await page.getByTestId('batch-row').getByText(/^(已受理|失败)/).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('batch-row').textContent()).toContain('已受理，票据 JMS2026-001001');
    // Meanwhile the office is restored from a backup taken before this laptop pulled the trip: its run of
    // numbers is forgotten, and another laptop of the van is granted the same numbers.
    const db = new Database(join(world.officeDir, 'office.sqlite'));
    db.prepare(`DELETE FROM receipt_grants`).run();
    db.prepare(`DELETE FROM documents WHERE collection = 'tripLedger'`).run();
    db.close();
    // The other laptop reaches the restored office first (on another address, so this van cannot yet).
    const restored = await startOffice(world);
    const at = restored.url.replace(/\/$/, '');
    const other = await enrollDevice(at, 'laptop-restored');
    expect(other.grants).toEqual([{ first: 1001, last: 1050 }]);
    const receipt = { id: `${DEMO_TRIP_ID}:JMS2026-001001`, tripId: DEMO_TRIP_ID, caseId: 'case-other-laptop', deviceId: other.deviceId, number: 'JMS2026-001001', amountFen: 8000, items: [{ code: 'item-1', label: '登记费（住宅）', amountFen: 8000 }], payer: '王秀英', issuedAt: new Date().toISOString(), issuedBy: 'staff-lina', _deleted: false };
    const pushed = await fetch(`${at}/api/v1/sync/receipts/push`, { method: 'POST', headers: protocolHeaders(other.token), body: JSON.stringify([{ newDocumentState: receipt }]) });
    expect(pushed.status).toBe(200);
    await stopOffice(world);
    await startOffice(world, port);
  }, 120_000);

  it('shows the refused receipt on the case and on 同步, with the office’s reason and what to do, never as synced', async () => {
    await page.getByRole('button', { name: '案件' }).click();
    const card = page.getByTestId('case').first();
    caseId = (await card.getAttribute('data-case-id')) ?? '';
    await card.getByTestId('case-sync').filter({ hasText: '办公室退回' }).waitFor({ timeout: 90_000 });
    const alert = (await card.getByTestId('case-refused').textContent()) ?? '';
    expect(alert).toContain('票据号 JMS2026-001001 不在办公室分配给本机的号段内');
    expect(alert).toContain('处理办法');
    await page.getByRole('button', { name: '同步' }).click();
    await page.locator('[data-testid="sync-status"][data-status="attention"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('sync-status').textContent()).not.toContain('已与办公室同步');
    expect(await page.getByTestId('online-badge').textContent()).toBe('有记录被退回');
    const listed = page.getByTestId('refused-record');
    expect(await listed.count()).toBe(1);
    expect(await listed.getAttribute('data-code')).toBe('receipt-outside-grant');
    expect(await listed.textContent()).toContain('收费票据');
    // Everything else of the case reaches the office: only the refused receipt stays on the van.
    await page.locator('[data-testid="pending-documents"]').filter({ hasText: /^0$/ }).waitFor({ timeout: 60_000 });
    // 重试 sends the charge again (the van wrote no receipt document) and shows what the office answered.
    await page.getByRole('button', { name: '重新提交退回的记录' }).click();
    const answer = page.getByTestId('retry-answer').filter({ hasText: '办公室的答复' });
    await answer.waitFor({ timeout: 30_000 });
    expect(await answer.textContent()).toContain('仍退回 1 条');
    expect(await answer.textContent()).toContain('收费票据');
    expect(await answer.textContent()).toContain('票据号 JMS2026-001001 不在办公室分配给本机的号段内');
    expect(await listed.count()).toBe(1);
  }, 120_000);

  it('reconciles the number as used twice, not as a fee never charged', async () => {
    const token = await officeLogin(office, 'zhaolei');
    const report = (await (await fetch(`${office}/api/v1/office/trips/${DEMO_TRIP_ID}/reconciliation`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      discrepancies: { code: string; subject: string; caseId: string | null }[];
    };
    expect(report.discrepancies.filter((d) => d.code === 'receipt-number-duplicate').map((d) => d.subject)).toEqual(['JMS2026-001001']);
    expect(report.discrepancies.filter((d) => d.code === 'case-fee-unpaid' && d.caseId === caseId)).toEqual([]);
  }, 60_000);
});
