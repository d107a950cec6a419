import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, logIn, openApp, startHost, startOffice, stopOffice } from './harness.ts';
import { residentId, writeSamplePdf, writeSamplePng } from './sample-files.ts';

const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const UNIT = '230803003012GB00100F00010101';

describe('a full trip in Chromium against start:browser and the real office', () => {
  let world: E2eWorld;
  let page: Page;
  let officePort = 0;
  const text = async (testId: string) => (await page.getByTestId(testId).first().textContent()) ?? '';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    world = await createWorld();
    officePort = (await startOffice(world)).port;
    await writeSamplePdf(join(world.root, 'contract.pdf'), 3);
    writeSamplePng(join(world.root, 'certificate.png'), 320, 400, 7);
    await startHost(world);
    page = await openApp(world);
  }, 180_000);
  afterAll(async () => world?.cleanup());

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
    onTestFailed(async () => {
      await page.screenshot({ path: join(world.root, '..', 'van-e2e-failure.png') });
    });
    await stopOffice(world);
    world.office = null;
    await page.getByTestId('appointment').filter({ hasText: '刘建国' }).getByRole('button', { name: '开始受理' }).click();
    // 1. business kind comes from the appointment
    expect(await page.getByRole('radio', { name: '转移登记', exact: true }).getAttribute('aria-checked')).toBe('true');
    await page.getByRole('button', { name: '下一步' }).click();
    // 2. applicants: the holder from the appointment, typed with live checks; the obligor added
    await page.getByLabel('公民身份号码').first().fill('230803195001011234');
    await page.getByText('校验位不正确').waitFor();
    await page.getByLabel('公民身份号码').first().fill(residentId('230803', '19500101', '123'));
    await page.getByText('号码有效').waitFor();
    await page.getByRole('button', { name: '添加申请人' }).click();
    await page.getByLabel('姓名').nth(1).fill('马国庆');
    await page.getByLabel('公民身份号码').nth(1).fill(residentId('230803', '19620315', '456'));
    await page.screenshot({ path: `${SHOTS}intake-applicants.png` });
    await page.getByRole('button', { name: '下一步' }).click();
    // 3. unit by its number, status shown with its age
    await page.getByLabel('单元号、证书号或地址').fill(UNIT);
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByTestId('unit-result').getByRole('button', { name: '选择' }).click();
    expect(await text('selected-unit')).toContain('无限制');
    await page.getByRole('button', { name: '下一步' }).click();
    // 4. materials: two scans imported, the rest received on paper
    await page.getByLabel('导入扫描件：买卖合同或其他转移证明').setInputFiles(join(world.root, 'contract.pdf'));
    await page.getByLabel('导入扫描件：不动产权属证书').setInputFiles(join(world.root, 'certificate.png'));
    await page.getByText('3 页').waitFor();
    expect(await page.getByTestId('scan-thumb').count()).toBe(2);
    const paperOnly = page.getByRole('button', { name: '已收（无扫描件）' });
    while ((await paperOnly.count()) > 0) await paperOnly.first().click();
    expect(await text('materials-summary')).toBe('材料齐全');
    await page.screenshot({ path: `${SHOTS}intake-materials.png` });
    await page.getByRole('button', { name: '下一步' }).click();
    // 5. fees, itemized from the trip's fee table
    expect(await text('fee-total')).toMatch(/¥\d+\.\d\d/);
    await page.screenshot({ path: `${SHOTS}intake-fees.png` });
    await page.getByRole('button', { name: '下一步' }).click();
  }, 120_000);
});
