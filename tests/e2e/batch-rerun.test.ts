import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, logIn, startTripDay } from './harness.ts';
import { SELLER_CREDIT_CODE, describeBatch } from './intake-driver.ts';

const UNITS = ['230804003012GB00100F00020202', '230805003012GB00100F00040401'];

/**
 * The enterprise batch run again, after its slips did not print (no printer set) and after a reload with the list
 * imported again: each unit keeps its one case and its one charge.
 */
describe('the enterprise batch run again, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  let csv = '';
  beforeAll(async () => {
    world = await createWorld();
    // No printer port: every slip fails to print, after its charge is recorded.
    page = await startTripDay(world, 'zhangwei');
    csv = join(world.root, 'units.csv');
    writeFileSync(csv, `不动产单元号\n${UNITS.join('\n')}\n`);
  }, 240_000);
  afterAll(async () => world?.cleanup());

  const importList = async () => {
    await page.getByRole('button', { name: '企业批量' }).click();
    await page.getByLabel('企业名称').fill('佳木斯造纸有限公司');
    await page.getByLabel('统一社会信用代码').fill(SELLER_CREDIT_CODE);
    await describeBatch(page);
    await page.getByLabel(/导入.*清单/).setInputFiles(csv);
    await page.getByTestId('batch-row').nth(1).waitFor();
  };
  const runAll = async () => {
    await page.getByRole('button', { name: '全部受理并逐个打印票据' }).click();
    await page.getByText(/正在处理第/).waitFor({ state: 'detached', timeout: 60_000 });
  };
  const rowTexts = () => page.getByTestId('batch-row').locator('.tag').allTextContents();
  const receiptLines = async () => {
    await page.getByRole('button', { name: '案件' }).click();
    await page.getByTestId('receipt-line').nth(1).waitFor();
    expect(await page.getByTestId('case').count()).toBe(2);
    return (await page.getByTestId('receipt-line').allTextContents()).map((t) => /JMS2026-\d+/.exec(t)?.[0]).sort();
  };

  it('prints again with the same numbers, charging nothing twice, when run again after a print failure', async () => {
    await importList();
    await runAll();
    const notPrinted = (n: string) => `已受理并收费，票据 ${n} 未打印：尚未选择打印机端口，请到“设备”页面设置。排除故障后再点“全部受理并逐个打印票据”，只重新打印同一票据号，不会重复收费`;
    expect(await rowTexts()).toEqual([notPrinted('JMS2026-001001'), notPrinted('JMS2026-001002')]);
    await runAll();
    expect(await rowTexts()).toEqual([notPrinted('JMS2026-001001'), notPrinted('JMS2026-001002')]);
    expect(await receiptLines()).toEqual(['JMS2026-001001', 'JMS2026-001002']);
  }, 120_000);

  it('refuses the units already taken when the list is imported again after a reload', async () => {
    await page.reload();
    await logIn(page, 'zhangwei');
    await importList();
    const texts = await rowTexts();
    expect(texts).toHaveLength(2);
    for (const t of texts) expect(t).toMatch(/^本次出车已受理该单元（案件 \d{8}-[0-9A-F]{8}），不再重复受理；票据可在“案件”页重打印$/);
    expect(await page.getByRole('button', { name: '全部受理并逐个打印票据' }).isDisabled()).toBe(true);
    expect(await receiptLines()).toEqual(['JMS2026-001001', 'JMS2026-001002']);
  }, 120_000);
});
