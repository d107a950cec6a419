import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, officeLogin, startTripDay } from './harness.ts';
import { chooseUnit, makeNotice, receiveMaterials, sign, startAppointment, typeApplicants, waitInSync } from './intake-driver.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { type PrinterEmulator, startPrinterEmulator } from '#fixtures/devices/printer-emulator.ts';

const PAID_UNIT = '230803003012GB00100F00010101';
const REF = '4200002951202612041873546210';

/** A fee paid by WeChat Pay on the applicant's phone: the clerk records the channel and the reference it shows. */
describe('a QR payment on the van, in Chromium against start:browser and the real office', () => {
  let world: E2eWorld;
  let page: Page;
  let printer: PrinterEmulator;
  beforeAll(async () => {
    world = await createWorld();
    printer = await startPrinterEmulator({ baudRate: 115_200 });
    page = await startTripDay(world, 'zhangwei', { printerPort: printer.devicePath });
  }, 180_000);
  afterAll(async () => {
    await world?.cleanup();
    await printer?.close();
  });

  it('takes no QR payment without a well-formed transaction reference, then prints the channel and the reference', async () => {
    await startAppointment(page, '刘建国');
    await page.getByRole('button', { name: '下一步' }).click();
    await typeApplicants(page, { second: '张国强' });
    await chooseUnit(page, PAID_UNIT);
    await receiveMaterials(page);
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('radio', { name: '微信扫码' }).click();
    const collect = page.getByRole('button', { name: '收款并打印票据' });
    expect(await collect.isDisabled()).toBe(true);
    await page.getByLabel('交易单号').fill('42000 #1');
    expect(await page.getByTestId('transaction-ref-problem').textContent()).toContain('交易单号应为 6 到 64 位字母、数字');
    expect(await collect.isDisabled()).toBe(true);
    // As a phone groups it: the spaces are dropped.
    await page.getByLabel('交易单号').fill('4200 0029 5120 2612 0418 7354 6210');
    expect(await page.getByTestId('transaction-ref-problem').count()).toBe(0);
    await collect.click();
    await page.getByText('票据 JMS2026-001001 已打印').waitFor({ timeout: 30_000 });
    const slip = printer.text().replace(/ /g, '');
    expect(slip).toContain('缴费方式：微信扫码');
    expect(slip).toContain(`交易单号：${REF}`);
    expect(await page.getByLabel('交易单号').isDisabled()).toBe(true);
    await page.getByRole('button', { name: '下一步' }).click();
    await makeNotice(page);
    await sign(page);
  }, 180_000);

  it('reaches the office as a WeChat payment with its reference', async () => {
    await waitInSync(page);
    const office = world.office!.url.replace(/\/$/, '');
    const token = await officeLogin(office, 'zhaolei');
    const res = await fetch(`${office}/api/v1/office/trips/${DEMO_TRIP_ID}/reconciliation`, { headers: { authorization: `Bearer ${token}` } });
    const report = (await res.json()) as { money: { byMethod: { method: string; receiptsFen: number }[] } };
    expect(report.money.byMethod).toEqual([{ method: 'wechat', receiptsFen: 55_000, refundsFen: 0, declaredFen: null }]);
  }, 120_000);
});
