import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { walkIntakeToNotice } from './intake-driver.ts';
import { type E2eWorld, createWorld, logIn, startTripDay } from './harness.ts';

const PAID_UNIT = '230803003012GB00100F00010101';
const CORRECTION_UNIT = '230803003012GB00105F00050303';
const FIRST_UNIT = '230804003012GB00104F00020401';
/** The clock guard's refusal (renderer/db/clock-guard.ts), whole: it says what to do, which a support code would hide. */
const CLOCK_BEHIND = /^本机时间（\d{4}-\d\d-\d\d \d\d:\d\d）早于本机已保存记录的时间（\d{4}-\d\d-\d\d \d\d:\d\d），为免资料无法同步，暂不能保存。请先把电脑时间校准为北京时间，再重试。$/;

/**
 * The laptop's clock set back across a restart: the intake's writes are refused by the clock guard, and each step
 * says so in the guard's own words (set the clock), not as a bare support code.
 */
describe('the intake with the laptop clock set back, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'zhangwei');
  }, 240_000);
  afterAll(async () => world?.cleanup());

  const refusal = () => page.getByText(CLOCK_BEHIND);
  const discardDraft = async () => {
    await page.getByRole('button', { name: '案件' }).click();
    const banner = page.getByTestId('draft-banner');
    await banner.getByRole('button', { name: '放弃此受理' }).click();
    await banner.getByRole('button', { name: '确认放弃' }).click();
    await banner.waitFor({ state: 'detached' });
  };

  it('the notice step and the fee step show the clock guard\'s refusal as it is', async () => {
    // A charged intake is stored under the right clock; then the clock goes back half a minute and the app starts again.
    await walkIntakeToNotice(page, { applicant: '刘建国', second: '张国强', unit: PAID_UNIT });
    await page.locator('[data-testid="draft-kept"][data-current="true"]').waitFor();
    // Stopped there (the page's clock, not Node's): the guard's check reads a time before every stored stamp.
    await page.clock.setFixedTime(world.clock.now().getTime() - 30_000);
    await page.reload();
    await logIn(page, 'zhangwei');

    // The notice made, its handing over is not recorded.
    await page.getByTestId('draft-banner').getByRole('button', { name: '继续受理' }).click();
    await page.getByRole('button', { name: /^生成告知书/ }).click();
    await refusal().waitFor();
    await discardDraft();

    // A 补正: the case is not saved before its notice.
    await walkIntakeToNotice(page, { applicant: '黄玉兰', second: '赵大勇', unit: CORRECTION_UNIT, missing: ['tax-proof'] });
    await page.getByRole('button', { name: /^生成告知书/ }).click();
    await refusal().waitFor();
    expect(await page.getByText(/错误代码/).count()).toBe(0);
    await discardDraft();

    // The charge: `charged: false` stops the walk at the payment step, and the charge is refused, nothing recorded.
    await walkIntakeToNotice(page, { applicant: '孙长海', unit: FIRST_UNIT, charged: false });
    await page.getByRole('button', { name: '收款并打印票据' }).click();
    await refusal().waitFor();
    expect(await page.getByTestId('receipt-number').count()).toBe(0);
  }, 180_000);
});
