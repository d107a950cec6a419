import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, startTripDay } from './harness.ts';
import { chooseUnit, makeNotice, receiveMaterials, sign, startAppointment, typeApplicants } from './intake-driver.ts';
import { writeSamplePdf } from './sample-files.ts';

/** 刘建国's unit (non-residential). */
const UNIT = '230803003012GB00100F00010101';

describe('同步 names each scan by its case, material and pages, in Chromium against start:browser and the real office', () => {
  let world: E2eWorld;
  let page: Page;
  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'zhangwei');
    await writeSamplePdf(join(world.root, 'contract.pdf'), 3);
  }, 180_000);
  afterAll(async () => world?.cleanup());

  it('lists the scans of an intake by applicant, material and page count, not by hash', async () => {
    await startAppointment(page, '刘建国');
    await page.getByRole('button', { name: '下一步' }).click();
    await typeApplicants(page, { second: '张国强' });
    await chooseUnit(page, UNIT);
    await page.getByLabel(/导入扫描件：不动产权属转移的材料/).setInputFiles(join(world.root, 'contract.pdf'));
    await page.getByTestId('scan-thumb').waitFor();
    await receiveMaterials(page, ['tax-proof', 'transfer-proof']);
    await makeNotice(page);
    await sign(page);
    await page.getByRole('button', { name: '同步' }).click();
    await page.getByTestId('upload').nth(2).waitFor({ timeout: 60_000 });
    const labels = await page.getByTestId('upload-label').allTextContents();
    expect(labels).toHaveLength(3);
    expect(labels).toContainEqual(expect.stringMatching(/^刘建国、张国强 · 不动产权属转移的材料.* · 3 页 · \d+ KB$/));
    expect(labels.filter((l) => /^刘建国、张国强 · 申请人签名 · 1 页 · \d+ KB$/.test(l))).toHaveLength(2);
    for (const l of labels) expect(l).not.toMatch(/[0-9a-f]{12}/);
  }, 200_000);
});
