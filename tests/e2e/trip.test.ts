import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, logIn, openApp, restartVan, startHost, startOffice, stopOffice } from './harness.ts';
import { residentId, writeSamplePdf, writeSamplePng } from './sample-files.ts';
import { sign } from './intake-driver.ts';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';
import { type PtyIdReader, startPtyIdReader } from './pty-id-reader.ts';
import { type PrinterEmulator, startPrinterEmulator } from '#fixtures/devices/printer-emulator.ts';

const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const UNIT = '230803003012GB00100F00010101';

describe('a full trip in Chromium against start:browser and the real office', () => {
  let world: E2eWorld;
  let page: Page;
  let officePort = 0;
  let reader: PtyIdReader;
  let printer: PrinterEmulator;
  const text = async (testId: string) => (await page.getByTestId(testId).first().textContent()) ?? '';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    world = await createWorld();
    const office = await startOffice(world);
    officePort = office.port;
    await writeSamplePdf(join(world.root, 'contract.pdf'), 3);
    writeSamplePng(join(world.root, 'certificate.png'), 320, 400, 7);
    reader = await startPtyIdReader(world.root);
    printer = await startPrinterEmulator({ baudRate: 115_200 });
    await startHost(world, { idReaderPort: reader.vanPath, printerPort: printer.devicePath });
    page = await openApp(world);
  }, 180_000);
  afterAll(async () => {
    await world?.cleanup();
    await reader?.close();
    await printer?.close();
  });
  // A failed step leaves a screenshot beside the temp world, for the person reading the log.
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') return page?.screenshot({ path: join(world.root, '..', `van-e2e-failure-${ctx.task.name.slice(0, 20)}.png`) }).then(() => undefined);
    return undefined;
  });

  it('logs in and pulls the trip before leaving', async () => {
    await page.getByText(/本机已有 \d+ 名员工/).waitFor({ timeout: 60_000 });
    await logIn(page, 'zhangwei');
    await page.getByRole('button', { name: '拉取行程' }).click();
    await page.getByText('行程已拉取').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('appointment').count()).toBe(8);
    expect(await page.getByText('老人').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}trip.png` });
  });

  it('keeps working with the office cut off: takes a transfer registration with two scans and fees', async () => {
    await stopOffice(world);
    await page.getByTestId('appointment').filter({ hasText: '刘建国' }).getByRole('button', { name: '开始受理' }).click();
    // 1. business kind comes from the appointment
    expect(await page.getByRole('radio', { name: '转移登记', exact: true }).getAttribute('aria-checked')).toBe('true');
    await page.getByRole('button', { name: '下一步' }).click();
    // 2. applicants: the holder typed with live checks; the other side's ID card read on the reader
    await page.getByLabel('公民身份号码').first().fill('230803195001011234');
    await page.getByText('校验位不正确').waitFor();
    await page.getByLabel('公民身份号码').first().fill(residentId('230803', '19500101', '123'));
    await page.getByText('号码有效').waitFor();
    await page.getByRole('button', { name: '读身份证' }).click();
    await page.getByText('请放置身份证').waitFor();
    reader.device.placeCard(0);
    await page.getByText('张国强 （读卡）').waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('公民身份号码').nth(1).inputValue()).toBe('230804197803120414');
    expect(await page.getByTestId('card-valid').textContent()).toBe('居民身份证，有效期至 2036-05-20');
    // An expired 港澳台居民居住证 (valid to 2026-04-01) is refused with what to do, and adds no applicant.
    await page.getByRole('button', { name: '读身份证' }).click();
    await page.getByText('请放置身份证').waitFor();
    reader.device.placeCard(4);
    await page.getByText('该港澳台居民居住证已过期（有效期至 2026-04-01）').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('applicant').count()).toBe(2);
    await page.screenshot({ path: `${SHOTS}intake-applicants.png` });
    await page.getByRole('button', { name: '下一步' }).click();
    // 3. unit by its number, status shown with its age
    await page.getByLabel('单元号、证书号或地址').fill(UNIT);
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByTestId('unit-result').getByRole('button', { name: '选择' }).click();
    expect(await text('selected-unit')).toContain('无限制');
    await page.getByRole('button', { name: '下一步' }).click();
    // 4. materials: two scans imported, the rest received on paper
    // A Word file is named and refused in Chinese, not with the contract's "files.0.mime: Invalid option".
    await page.getByLabel(/导入扫描件：不动产权属转移的材料/).setInputFiles({ name: '买卖合同.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from('PK') });
    await page.getByText('「买卖合同.docx」不是可导入的扫描件格式：只能导入 PDF、JPEG、PNG 或 TIFF 文件，请另存为 PDF 或图片后再导入').waitFor();
    expect(await page.getByText('Invalid option').count()).toBe(0);
    await page.getByLabel(/导入扫描件：不动产权属转移的材料/).setInputFiles(join(world.root, 'contract.pdf'));
    await page.getByLabel(/导入扫描件：不动产权属证书/).setInputFiles(join(world.root, 'certificate.png'));
    await page.getByTestId('scan-thumb').getByText('3 页').waitFor();
    await page.getByTestId('scan-thumb').nth(1).waitFor();
    expect(await page.getByTestId('scan-thumb').count()).toBe(2);
    // The PNG's preview is the decrypted file, fetched from the host by its hash (no bytes in an IPC call).
    const preview = page.getByTestId('scan-thumb').locator('img');
    expect(await preview.getAttribute('src')).toMatch(/\/scans\/[0-9a-f]{64}\?token=/);
    await expect.poll(() => preview.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0))).toBe(320);
    const paperOnly = page.getByRole('button', { name: '已收（无扫描件）' });
    while ((await paperOnly.count()) > 0) await paperOnly.first().click();
    // Paper without a scan: the pages are counted by hand.
    for (const pages of await page.getByLabel(/^页数：/).all()) await pages.fill('1');
    expect(await text('materials-summary')).toBe('材料齐全');
    await page.screenshot({ path: `${SHOTS}intake-materials.png` });
    await page.getByRole('button', { name: '下一步' }).click();
    // 5. fees, itemized from the trip's fee table
    expect(await text('fee-total')).toMatch(/￥\d+\.\d\d/);
    await page.screenshot({ path: `${SHOTS}intake-fees.png` });
    await page.getByRole('button', { name: '下一步' }).click();
  }, 120_000);

  let caseId = '';
  let receiptNumber = '';

  it('takes payment: the receipt number is kept when the printer is out of paper, and prints once paper is loaded', async () => {
    printer.setPaper('out');
    await page.getByRole('button', { name: '收款并打印票据' }).click();
    await page.getByTestId('receipt-number').waitFor();
    receiptNumber = await text('receipt-number');
    expect(receiptNumber).toBe('JMS2026-001001');
    await page.getByTestId('payment-message').filter({ hasText: '缺纸' }).waitFor();
    expect(await text('payment-message')).toContain(`票据号 ${receiptNumber} 已保留`);
    expect(printer.text()).not.toContain(receiptNumber);
    printer.setPaper('ok');
    await page.getByRole('button', { name: '重新打印（同一票据号）' }).click();
    await page.getByTestId('payment-message').filter({ hasText: `票据 ${receiptNumber} 已打印` }).waitFor();
    const printed = printer.text();
    expect(printed).toContain(`票据号码：${receiptNumber}`);
    expect(printed).toContain('不动产登记缴费凭条');
    expect(printed).toMatch(/合计：￥\d+\.\d\d/);
    await page.screenshot({ path: `${SHOTS}intake-payment.png` });
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('button', { name: /生成告知书：受理通知书/ }).click();
    await page.getByText(/案件 .* 已保存在本机/).waitFor();
    await page.getByText(/已生成（\d+ 页）/).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: `${SHOTS}intake-notice.png` });
    await page.getByRole('button', { name: '下一步' }).click();
    await sign(page);
    const card = page.locator('[data-testid="case"][data-stage="accepted"]');
    await card.waitFor();
    caseId = (await card.getAttribute('data-case-id')) ?? '';
    expect(await text('case-sync')).toBe('待同步');
    // The A5 copy of the receipt is archived with the case beside the acceptance notice.
    const archived = readdirSync(join(world.vanDataDir, 'van', 'documents', caseId));
    expect(archived.some((f) => f.startsWith('receipt-') && f.endsWith('.pdf'))).toBe(true);
    expect(archived.some((f) => f.startsWith('acceptance-'))).toBe(true);
    expect(await page.getByTestId('receipt-line').textContent()).toContain(receiptNumber);
    await page.screenshot({ path: `${SHOTS}cases-offline.png` });
  }, 120_000);

  it('finds everything still there after the van restarts (Chromium and host)', async () => {
    page = await restartVan(world, `http://127.0.0.1:${officePort}/`);
    await logIn(page, 'zhangwei');
    await page.getByRole('button', { name: '案件' }).click();
    const card = page.getByTestId('case').first();
    await card.waitFor();
    expect(await card.getAttribute('data-case-id')).toBe(caseId);
    expect(await page.getByTestId('receipt-line').textContent()).toContain(receiptNumber);
  }, 120_000);

  it('syncs when the office comes back: case, receipt and verified scans arrive', async () => {
    await startOffice(world, officePort);
    await page.getByRole('button', { name: '同步' }).click();
    await page.locator('[data-testid="sync-status"][data-status="in-sync"]').waitFor({ timeout: 90_000 });
    await page.screenshot({ path: `${SHOTS}sync.png` });
    await page.getByRole('button', { name: '案件' }).click();
    await page.getByTestId('case-sync').filter({ hasText: '已同步' }).waitFor({ timeout: 90_000 });
    const office = `http://127.0.0.1:${officePort}`;
    const token = await officeLogin(office, 'wangfang');
    const detail = (await (await fetch(`${office}/api/v1/office/cases/${caseId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      caseDoc: { id: string }; receipts: { number: string }[]; scans: { verified: boolean; mime: string }[]; chainIntact: boolean;
    };
    expect(detail.caseDoc.id).toBe(caseId);
    expect(detail.receipts.map((r) => r.number)).toEqual([receiptNumber]);
    // Two material scans and each of the two applicants' signatures, all hash-verified by the office.
    expect(detail.scans.length).toBe(4);
    expect(detail.scans.every((s) => s.verified)).toBe(true);
    expect(detail.chainIntact).toBe(true);
  }, 200_000);

  it('shows the office review result on the van after three different staff approve it', async () => {
    const office = `http://127.0.0.1:${officePort}`;
    for (const login of ['wangfang', 'liuyang', 'chenjing']) {
      const token = await officeLogin(office, login);
      const res = await fetch(`${office}/api/v1/office/cases/${caseId}/actions`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ action: 'pass', reason: '材料齐全，同意' }),
      });
      expect(res.status, `${login}: ${await res.clone().text()}`).toBe(201);
    }
    await page.locator(`[data-testid="case"][data-case-id="${caseId}"][data-stage="approved"]`).waitFor({ timeout: 90_000 });
    expect(await text('case-stage')).toBe('审批通过，待登簿');
    await page.screenshot({ path: `${SHOTS}cases-approved.png` });
  }, 200_000);
});

async function officeLogin(office: string, login: string): Promise<string> {
  const res = await fetch(`${office}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password: DEMO_PASSWORD }) });
  if (!res.ok) throw new Error(`office login ${login}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
