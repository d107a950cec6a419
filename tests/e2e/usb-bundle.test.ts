import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { runBundleCommand } from '#server/bundles/bundle-cli.ts';
import { type E2eWorld, createWorld, startOffice, startTripDay, stopOffice, vanDeviceId } from './harness.ts';
import { makeNotice, sign, waitForPending, walkIntakeToNotice } from './intake-driver.ts';

const UNIT = '230803003012GB00105F00050303';

describe('the 同步 screen writes a USB bundle the office imports, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  let officePort = 0;
  let deviceId = '';
  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'zhangwei');
    officePort = world.office!.port;
    deviceId = vanDeviceId(world);
  }, 180_000);
  afterAll(async () => world?.cleanup());

  it('exports an offline intake with its scans, the office imports it once, and the live sync afterwards stores nothing twice', async () => {
    await stopOffice(world);
    await walkIntakeToNotice(page, { applicant: '黄玉兰', second: '赵大勇', unit: UNIT, missing: ['tax-proof'] });
    await makeNotice(page);
    await sign(page);
    await page.getByRole('button', { name: '同步' }).click();
    // The case, its events, the receipt, the ledger line; two scans.
    const documents = 6;
    const scans = 2;
    await waitForPending(page, { documents, scans });

    const form = page.getByTestId('bundle-export');
    await form.getByLabel('U盘上的文件夹').fill(join(world.root, 'no-stick'));
    await form.getByRole('button', { name: '导出数据包' }).click();
    await form.getByText(/数据包未写入：找不到文件夹 .*请插好U盘/).waitFor();
    const stick = join(world.root, 'stick');
    mkdirSync(stick);
    await form.getByLabel('U盘上的文件夹').fill(stick);
    await form.getByRole('button', { name: '导出数据包' }).click();
    await form.getByText(`记录 ${documents} 条，扫描件 ${scans} 个。现在可以拔出U盘。`).waitFor({ timeout: 30_000 });
    const files = readdirSync(stick);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^van-.*\.jmsb$/);

    const lines: string[] = [];
    const run = (file: string) => runBundleCommand('import-bundle', [file, '--data', world.officeDir], (l) => lines.push(l));
    expect(await run(join(stick, files[0] ?? ''))).toBe(0);
    expect(lines).toContain(`记录: 新保存 ${documents} 条，此前已有 0 条，拒收 0 条`);
    expect(lines).toContain(`扫描件: 新保存 ${scans} 个，此前已有 0 个，拒收 0 个`);
    lines.length = 0;
    expect(await run(join(stick, files[0] ?? ''))).toBe(0);
    expect(lines).toContain(`记录: 新保存 0 条，此前已有 ${documents} 条，拒收 0 条`);

    // The link comes back: the van pushes the same documents and uploads nothing the office holds already.
    await startOffice(world, officePort);
    await page.locator('[data-testid="sync-status"][data-status="in-sync"]').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('pending-documents').textContent()).toBe('0');
    // Every document of this van at the office is one the bundle carried: the push added none.
    const storage = world.office!.app.office.storage;
    let stored = 0;
    for (const c of ['cases', 'caseEvents', 'receipts', 'scans', 'tripLedger'] as const) {
      stored += (await storage.listDocuments(c)).filter((d) => d.body['deviceId'] === deviceId && d.body['kind'] !== 'receipt-grant').length;
    }
    expect(stored).toBe(documents);
  }, 240_000);
});
