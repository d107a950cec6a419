import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { makeNotice, sign, walkIntakeToNotice } from './intake-driver.ts';
import { type E2eWorld, createWorld, startTripDay } from './harness.ts';
import { residentId } from './sample-files.ts';

const UNIT = '230803003012GB00100F00010101';

/**
 * A second intake of the same business for a unit this van already took on the trip (from 受理 in the menu, not
 * the appointment) would be a second case and a second charge for the same thing: the unit step says which case
 * has it. The case's own intake is not warned about itself.
 */
describe('the unit step names the case that already took the unit on this trip, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'zhangwei');
  }, 240_000);
  afterAll(async () => world?.cleanup());

  it('warns on a second 转移登记 of a unit taken on this trip, naming the first case', async () => {
    await walkIntakeToNotice(page, { applicant: '刘建国', second: '张国强', unit: UNIT });
    await makeNotice(page);
    await sign(page);
    const number = page.getByTestId('case').filter({ hasText: '刘建国' }).getByTestId('case-number');
    await expect.poll(async () => (await number.textContent())?.trim() ?? '', { timeout: 15_000 }).toMatch(/\d{4}/);
    const first = (await number.textContent())?.trim() ?? '';

    await page.getByRole('navigation', { name: '主菜单' }).getByRole('button', { name: '受理', exact: true }).click();
    await page.getByRole('radio', { name: '转移登记', exact: true }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    // No appointment: the clerk adds both sides of the transfer.
    await page.getByRole('button', { name: '添加申请人' }).click();
    await page.getByLabel('姓名').nth(0).fill('刘建国');
    await page.getByLabel('公民身份号码').nth(0).fill(residentId('230804', '19480202', '111'));
    await page.getByRole('button', { name: '添加申请人' }).click();
    await page.getByLabel('姓名').nth(1).fill('张国强');
    await page.getByLabel('公民身份号码').nth(1).fill(residentId('230804', '19700707', '222'));
    await page.getByLabel('身份', { exact: true }).nth(1).selectOption('obligor');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.locator('[data-testid="unit-step"][data-ready="true"]').waitFor();
    await page.getByLabel('单元号、证书号或地址').fill(UNIT);
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByTestId('unit-result').filter({ hasText: UNIT }).getByRole('button', { name: '选择' }).click();
    const warning = page.getByTestId('unit-taken');
    await warning.waitFor({ timeout: 15_000 });
    expect(await warning.textContent()).toContain(`本次出车已为该单元受理过同类登记（案件 ${first}）`);
  }, 240_000);
});
