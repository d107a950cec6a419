import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, startTripDay } from './harness.ts';
import { residentId } from './sample-files.ts';

const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const SEIZED_UNIT = '230804003012GB00100F00060603';

describe('business rules at intake, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'lina');
  }, 180_000);
  afterAll(async () => world?.cleanup());

  async function applicants() {
    await page.getByLabel('公民身份号码').first().fill(residentId('230804', '19480202', '111'));
    await page.getByRole('button', { name: '添加申请人' }).click();
    await page.getByLabel('姓名').nth(1).fill('赵大勇');
    await page.getByLabel('公民身份号码').nth(1).fill(residentId('230804', '19700707', '222'));
    await page.getByRole('button', { name: '下一步' }).click();
  }

  it('refuses a transfer of a seized unit with a clear message', async () => {
    await page.getByTestId('appointment').filter({ hasText: '王春梅' }).getByRole('button', { name: '开始受理' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    await applicants();
    await page.getByLabel('单元号、证书号或地址').fill(SEIZED_UNIT);
    await page.getByRole('button', { name: '查找' }).click();
    const result = page.getByTestId('unit-result');
    expect(await result.getByRole('alert').textContent()).toBe('不能继续：该不动产已被依法查封，查封期间不能办理转移、抵押或注销等处分登记（《房屋登记办法》第二十二条）');
    await result.getByRole('button', { name: '选择' }).click();
    expect(await page.getByRole('button', { name: '下一步' }).isDisabled()).toBe(true);
    await page.screenshot({ path: `${SHOTS}intake-seized.png` });
  });

  it('gives the one-time correction notice instead of acceptance when materials are missing, and charges nothing', async () => {
    await page.getByRole('button', { name: '今日行程' }).click();
    await page.getByTestId('appointment').filter({ hasText: '黄玉兰' }).getByRole('button', { name: '开始受理' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    await applicants();
    await page.getByLabel('单元号、证书号或地址').fill('230803003012GB00105F00050303');
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByTestId('unit-result').getByRole('button', { name: '选择' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    // Only the application form and the ID copies are here.
    await page.getByTestId('material-application-form').getByRole('button', { name: '已收（无扫描件）' }).click();
    await page.getByTestId('material-applicant-identity').getByRole('button', { name: '已收（无扫描件）' }).click();
    expect(await page.getByTestId('materials-summary').textContent()).toBe('还缺 3 项材料：将出具一次性补正告知书，不收费');
    await page.getByRole('button', { name: '下一步' }).click();
    const notice = page.getByTestId('notice');
    expect(await notice.getAttribute('data-outcome')).toBe('correction');
    expect(await notice.locator('li').allTextContents()).toEqual(['不动产权属证书（房屋所有权证）', '不动产权属转移的材料（买卖、互换、赠与合同，继承或受遗赠材料，生效法律文书等）', '完税（契税）凭证']);
    await notice.getByRole('button', { name: '生成告知书：一次性补正告知书' }).click();
    await page.getByText(/已生成（\d+ 页）/).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: `${SHOTS}intake-correction.png` });
    await page.getByRole('button', { name: '下一步' }).click();
    const canvas = page.getByLabel('申请人签名');
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + 30, box.y + 30);
    await page.mouse.down();
    await page.mouse.move(box.x + 300, box.y + 120);
    await page.mouse.up();
    await page.getByRole('button', { name: '确认签名并完成' }).click();
    const card = page.locator('[data-testid="case"][data-stage="correction"]');
    await card.waitFor();
    expect(await card.getByTestId('case-stage').textContent()).toBe('待补正材料');
    expect(await card.getByTestId('receipt-line').count()).toBe(0);
  });
});
