import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { startAppointment } from './intake-driver.ts';
import { type E2eWorld, createWorld, startTripDay } from './harness.ts';
import { type PtyIdReader, startPtyIdReader } from './pty-id-reader.ts';
import { residentId } from './sample-files.ts';

/** 张国强's card, the reader emulator's first (fixtures/devices/identities.json). */
const CARD_ID = '230804197803120414';

/** One person on two applicant lines is a slip (a card read twice, a number typed twice), never a joint application. */
describe('the same person twice among the applicants, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  let reader: PtyIdReader;
  beforeAll(async () => {
    world = await createWorld();
    reader = await startPtyIdReader(world.root);
    page = await startTripDay(world, 'zhangwei', { idReaderPort: reader.vanPath });
  }, 240_000);
  afterAll(async () => {
    await world?.cleanup();
    await reader?.close();
  });

  const next = () => page.getByRole('button', { name: '下一步' });
  const read = async () => {
    await page.getByRole('button', { name: '读身份证' }).click();
    await page.getByText('请放置身份证').waitFor();
    reader.device.placeCard(0);
    // The read is over when its 取消读卡 goes (the card's message reads the same each time).
    await page.getByRole('button', { name: '取消读卡' }).waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByRole('status').filter({ hasText: '张国强 （读卡）' }).waitFor();
  };

  it('fills the same line when a card is read again, instead of adding the person twice', async () => {
    await startAppointment(page, '刘建国');
    await next().click();
    await page.getByLabel('公民身份号码').first().fill(residentId('230804', '19480202', '111'));
    await read();
    await page.getByLabel('身份', { exact: true }).nth(1).selectOption('obligor');
    await read();
    expect(await page.getByTestId('applicant').count()).toBe(2);
    expect(await page.getByLabel('身份', { exact: true }).nth(1).inputValue()).toBe('obligor');
    expect(await next().isEnabled()).toBe(true);
  }, 120_000);

  it('refuses a number typed that another applicant already has, says which, and keeps what was typed', async () => {
    await page.getByLabel('公民身份号码').first().fill(CARD_ID);
    const problem = page.getByTestId('duplicate-id');
    await problem.waitFor();
    expect(await problem.textContent()).toBe('此号码与第 1 位申请人相同：同一人只需登记一次，请核对号码或删除此行');
    expect(await next().isDisabled()).toBe(true);
    expect(await page.getByLabel('公民身份号码').first().inputValue()).toBe(CARD_ID);
    await page.getByLabel('公民身份号码').first().fill(residentId('230804', '19480202', '111'));
    expect(await problem.count()).toBe(0);
    expect(await next().isEnabled()).toBe(true);
  }, 60_000);

  it('fills the empty line just added with 添加申请人 when a card is read, instead of leaving it blank below', async () => {
    await page.getByTestId('applicant').nth(1).getByRole('button', { name: '删除' }).click();
    await page.getByRole('button', { name: '添加申请人' }).click();
    expect(await page.getByLabel('身份', { exact: true }).nth(1).inputValue()).toBe('obligor');
    await read();
    expect(await page.getByTestId('applicant').count()).toBe(2);
    expect(await page.getByLabel('公民身份号码').nth(1).inputValue()).toBe(CARD_ID);
    expect(await page.getByLabel('身份', { exact: true }).nth(1).inputValue()).toBe('obligor');
    expect(await next().isEnabled()).toBe(true);
  }, 60_000);
});
