import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Locator, type Page } from 'playwright-core';
import { chooseUnit, startAppointment, typeApplicants } from './intake-driver.ts';
import { type E2eWorld, createWorld, startTripDay } from './harness.ts';

const UNIT = '230803003012GB00100F00010101';

/** Cleared with the backspace key and typed again, as a finger on the touch keyboard does. */
async function retype(field: Locator, page: Page, digits: string): Promise<void> {
  await field.click();
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(digits);
}

/** A count cleared and typed again is what was typed: "clear, type 2" is 2, not 12. */
describe('whole-number fields cleared and typed again, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'zhangwei');
  }, 240_000);
  afterAll(async () => world?.cleanup());

  it('keeps 2 certificates and 2 copies, and an emptied field shows the value kept once left', async () => {
    await startAppointment(page, '刘建国');
    const certificates = page.getByLabel('每个单元核发证书本数');
    await retype(certificates, page, '2');
    expect(await certificates.inputValue()).toBe('2');
    await retype(certificates, page, '');
    await page.getByRole('heading').first().click();
    expect(await certificates.inputValue()).toBe('2');
    await retype(certificates, page, '1');
    await page.getByRole('button', { name: '下一步' }).click();
    await typeApplicants(page, { second: '张国强' });
    await chooseUnit(page, UNIT);
    await page.getByTestId('materials-summary').waitFor();
    const row = page.locator('[data-testid^="material-"]').first();
    await row.getByRole('button', { name: '已收（无扫描件）' }).click();
    const copies = row.getByLabel(/^份数：/);
    await retype(copies, page, '2');
    expect(await copies.inputValue()).toBe('2');
  }, 120_000);
});
