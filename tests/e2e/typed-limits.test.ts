import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { chooseUnit, receiveMaterials, startAppointment } from './intake-driver.ts';
import { type E2eWorld, createWorld, startTripDay } from './harness.ts';
import { residentId } from './sample-files.ts';

const UNIT = '230804003012GB00100F00020202';

/**
 * A field typed (or pasted) longer than its record accepts is cut as it is typed, so the intake is not refused in
 * English at the save after the fee was taken, and a visit's note is not refused with nothing kept.
 */
describe('typed fields capped at what their records accept, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'zhangwei');
  }, 240_000);
  afterAll(async () => world?.cleanup());

  it('caps an applicant\'s name and the payer at 100 characters, and the charge is saved', async () => {
    await startAppointment(page, '马秀英');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('姓名').first().fill('马'.repeat(130));
    expect(await page.getByLabel('姓名').first().inputValue()).toHaveLength(100);
    await page.getByLabel('公民身份号码').first().fill(residentId('230804', '19480202', '111'));
    await page.getByRole('button', { name: '下一步' }).click();
    await chooseUnit(page, UNIT);
    await receiveMaterials(page);
    await page.getByTestId('fee-total').waitFor();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('缴款人').fill('王'.repeat(150));
    expect(await page.getByLabel('缴款人').inputValue()).toHaveLength(100);
    await page.getByRole('button', { name: '收款并打印票据' }).click();
    await page.getByTestId('receipt-number').waitFor();
    expect(await page.getByRole('alert').filter({ hasText: '保存失败' }).count()).toBe(0);
  }, 120_000);

  it('caps a visit\'s note at 500 characters, and the outcome is recorded', async () => {
    await page.getByRole('button', { name: '今日行程' }).click();
    const appointment = page.getByTestId('appointment').filter({ hasText: '孙长海' });
    await appointment.getByRole('button', { name: '放弃' }).click();
    const note = appointment.getByRole('textbox');
    await note.fill('因'.repeat(600));
    expect(await note.inputValue()).toHaveLength(500);
    await appointment.getByRole('button', { name: '确认记录' }).click();
    await appointment.getByRole('status').waitFor();
    expect(await appointment.getByRole('alert').count()).toBe(0);
  }, 60_000);
});
