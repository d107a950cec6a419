import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, startTripDay } from './harness.ts';
import { residentId, writeSamplePdf, writeSamplePng } from './sample-files.ts';

const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const UNIT = '230803003012GB00100F00010101';

describe("the scanner's output folder in Chromium against start:browser", () => {
  let world: E2eWorld;
  let page: Page;
  let folder = '';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    world = await createWorld();
    folder = join(world.root, 'scanner-out');
    mkdirSync(folder);
    page = await startTripDay(world, 'zhangwei');
  }, 180_000);
  afterAll(async () => world?.cleanup());

  it('sets the folder on the Devices screen, refusing a path that is not a folder', async () => {
    await page.getByRole('button', { name: '设备' }).click();
    const panel = page.getByTestId('device-scanner');
    await panel.getByLabel('扫描仪输出文件夹').fill(join(world.root, 'no-such-folder'));
    await panel.getByRole('button', { name: '使用此文件夹' }).click();
    await panel.getByRole('status').filter({ hasText: '找不到文件夹' }).waitFor();
    await panel.getByLabel('扫描仪输出文件夹').fill(folder);
    await panel.getByRole('button', { name: '使用此文件夹' }).click();
    await panel.getByRole('status').filter({ hasText: '已保存，开始监视该文件夹' }).waitFor();
    await panel.getByText(`正在监视 ${folder}，有 0 个新文件待附加`).waitFor();
  }, 120_000);

  it('offers a finished scan in the Materials step as 来自扫描仪 and attaches it with one tap, once', async () => {
    await page.getByRole('button', { name: '今日行程' }).click();
    await page.getByTestId('appointment').filter({ hasText: '刘建国' }).getByRole('button', { name: '开始受理' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('公民身份号码').first().fill(residentId('230803', '19500101', '123'));
    await page.getByRole('button', { name: '添加申请人' }).click();
    await page.getByLabel('姓名').nth(1).fill('赵大勇');
    await page.getByLabel('公民身份号码').nth(1).fill(residentId('230804', '19700707', '222'));
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('单元号、证书号或地址').fill(UNIT);
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByTestId('unit-result').getByRole('button', { name: '选择' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    // The scanner software writes under a temporary name and renames when the file is complete.
    await writeSamplePdf(join(folder, 'scan-0001.pdf.part'), 3);
    renameSync(join(folder, 'scan-0001.pdf.part'), join(folder, 'scan-0001.pdf'));
    writeSamplePng(join(folder, 'scan-0002.png'), 200, 260, 5);
    const contract = page.locator('[data-testid^="material-"]').filter({ hasText: '不动产权属转移的材料' });
    const certificate = page.locator('[data-testid^="material-"]').filter({ hasText: '不动产权属证书' });
    await contract.getByRole('button', { name: '来自扫描仪：scan-0001.pdf' }).waitFor({ timeout: 30_000 });
    await contract.getByRole('button', { name: '来自扫描仪：scan-0002.png' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('scanner-waiting').filter({ hasText: '2 个新文件' }).waitFor();
    await page.screenshot({ path: `${SHOTS}intake-scanner.png` });
    await contract.getByRole('button', { name: '来自扫描仪：scan-0001.pdf' }).click();
    await contract.getByTestId('scan-thumb').filter({ hasText: '3 页' }).waitFor();
    await certificate.getByRole('button', { name: '来自扫描仪：scan-0002.png' }).click();
    await certificate.getByTestId('scan-thumb').filter({ hasText: 'scan-0002.png' }).waitFor();
    // Attached files are no longer offered anywhere: the same file is never attached twice.
    await page.getByTestId('scanner-file').first().waitFor({ state: 'detached' });
    expect(await page.getByTestId('scanner-waiting').count()).toBe(0);
    expect(await contract.getByTestId('scan-thumb').count()).toBe(1);
    expect(await certificate.getByTestId('scan-thumb').count()).toBe(1);
    expect(await contract.getByText('已收').first().isVisible()).toBe(true);
  }, 120_000);

  it('offers a new scan that arrives later, and the Devices screen counts it', async () => {
    writeSamplePng(join(folder, 'scan-0003.png'), 120, 160, 9);
    await page.getByRole('button', { name: '来自扫描仪：scan-0003.png' }).first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: '设备' }).click();
    await page.getByTestId('device-scanner').getByText(`正在监视 ${folder}，有 1 个新文件待附加`).waitFor();
  }, 120_000);
});
