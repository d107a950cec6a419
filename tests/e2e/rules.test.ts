import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, startTripDay } from './harness.ts';
import { residentId } from './sample-files.ts';
import { sign } from './intake-driver.ts';

const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;

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

  it('refuses in writing with the one-time correction list when materials are missing or defective, and charges nothing', async () => {
    await page.getByRole('button', { name: '今日行程' }).click();
    await page.getByTestId('appointment').filter({ hasText: '黄玉兰' }).getByRole('button', { name: '开始受理' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    await applicants();
    // The appointment names its unit: it is chosen already.
    await page.getByTestId('selected-unit').filter({ hasText: '230803003012GB00105F00050303' }).waitFor();
    await page.getByLabel('单元号、证书号或地址').fill('230803003012GB00105F00050303');
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByTestId('unit-result').getByRole('button', { name: '选择' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    // The application form and the ID copies are here; the certificate came as a copy only.
    for (const key of ['application-form', 'applicant-identity', 'ownership-certificate']) {
      await page.getByTestId(`material-${key}`).getByRole('button', { name: '已收（无扫描件）' }).click();
      await page.getByTestId(`material-${key}`).getByLabel(/^页数：/).fill('2');
    }
    await page.getByLabel('收到的是：不动产权属证书（房屋所有权证）').selectOption('copy');
    expect(await page.getByTestId('material-ownership-certificate').getByTestId('defect-note').textContent()).toBe('须提交原件，仅收到复印件');
    expect(await page.getByTestId('materials-summary').textContent()).toBe('有 3 项材料缺少或不符合要求：将当场出具不予受理告知书并一次性告知补正内容，不收费');
    await page.getByRole('button', { name: '下一步' }).click();
    const notice = page.getByTestId('notice');
    expect(await notice.getAttribute('data-outcome')).toBe('correction');
    expect(await notice.locator('li').allTextContents()).toEqual([
      '不动产权属证书（房屋所有权证）：须提交原件，仅收到复印件（《不动产登记暂行条例》第十六条第一款第（三）项）',
      '不动产权属转移的材料（买卖、互换、赠与合同，生效法律文书等）：未提交，须提交原件（《不动产登记暂行条例》第十六条第一款第（三）项）',
      '契税完税或减免税凭证：未提交，须提交复印件（核验原件）（《中华人民共和国契税法》第十一条）',
    ]);
    await notice.getByRole('button', { name: '生成告知书：不予受理告知书（一次性补正告知）' }).click();
    await page.getByText(/已生成（\d+ 页）/).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: `${SHOTS}intake-correction.png` });
    await page.getByRole('button', { name: '下一步' }).click();
    await sign(page);
    const card = page.locator('[data-testid="case"][data-stage="correction"]');
    await card.waitFor();
    expect(await card.getByTestId('case-stage').textContent()).toBe('待补正材料');
    expect(await card.getByTestId('receipt-line').count()).toBe(0);
    // Her appointment is done: 今日行程 no longer offers to start it again.
    await page.getByRole('button', { name: '今日行程' }).click();
    const done = page.getByTestId('appointment').filter({ hasText: '黄玉兰' });
    await done.getByTestId('appointment-done').waitFor();
    expect(await done.getByRole('button', { name: '开始受理' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '开始受理' }).count()).toBe(7);
  });
});
