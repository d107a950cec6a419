import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, TRIP_DAYS, createWorld, officeLogin, startTripDay } from './harness.ts';
import { chooseUnit, collectPayment, makeNotice, receiveMaterials, sign, startAppointment, typeApplicants, waitInSync } from './intake-driver.ts';
import { DEMO_PASSWORD, DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { requiredMaterials } from '#domain/materials/required-materials.ts';

/** 马桂兰's own unit in the demo seed: mortgaged, nothing else on it, so her 抵押权注销 goes ahead. */
const MORTGAGED_UNIT = '230811003012GB00102F00030101';
const CORRECTION_UNIT = '230803003012GB00105F00050303';
/** Non-residential: ¥550.00 under the 2016 rules. */
const PAID_UNIT = '230803003012GB00100F00010101';

type Finding = { code: string; subject: string; caseId: string | null; detail: string };

describe.each(TRIP_DAYS)('what is charged, and what reconciliation expects ($label), in Chromium against start:browser and the real office', ({ daysAhead }) => {
  let world: E2eWorld;
  let page: Page;
  beforeAll(async () => {
    world = await createWorld({ daysAhead });
    page = await startTripDay(world, 'zhangwei');
  }, 180_000);
  afterAll(async () => world?.cleanup());

  it('takes a 补正 case without a fee: the one-time correction notice, no receipt', async () => {
    await startAppointment(page, '黄玉兰');
    await page.getByRole('button', { name: '下一步' }).click();
    await typeApplicants(page, { second: '赵大勇' });
    await chooseUnit(page, CORRECTION_UNIT);
    await receiveMaterials(page, ['ownership-certificate', 'transfer-proof', 'tax-proof']);
    expect(await page.getByTestId('notice').getAttribute('data-outcome')).toBe('correction');
    await makeNotice(page);
    await sign(page);
    const card = page.locator('[data-testid="case"][data-stage="correction"]');
    await card.waitFor();
    expect(await card.getByTestId('receipt-line').count()).toBe(0);
  }, 120_000);

  it('skips payment for a business that costs nothing (抵押权注销, ¥0.00) and uses no receipt number', async () => {
    await startAppointment(page, '马桂兰');
    expect(await page.getByRole('radio', { name: '抵押权注销登记' }).getAttribute('aria-checked')).toBe('true');
    await page.getByRole('button', { name: '下一步' }).click();
    await typeApplicants(page);
    // The appointment's own unit comes chosen and is taken as it is.
    await page.locator('[data-testid="unit-step"][data-ready="true"]').waitFor();
    expect(await page.getByTestId('selected-unit').allTextContents()).toEqual([expect.stringContaining(MORTGAGED_UNIT)]);
    await chooseUnit(page, MORTGAGED_UNIT);
    await receiveMaterials(page);
    expect(await page.getByTestId('fee-total').textContent()).toBe('￥0.00');
    await page.getByRole('button', { name: '下一步' }).click();
    // Straight to the acceptance notice: no payment step, no receipt, nothing in English on the way.
    await page.getByTestId('notice').waitFor();
    expect(await page.getByTestId('notice').getAttribute('data-outcome')).toBe('accepted');
    expect(await page.getByRole('button', { name: '收款并打印票据' }).count()).toBe(0);
    await makeNotice(page);
    expect(await page.getByText(/[A-Za-z]{4,}/).count()).toBe(0);
    await sign(page);
    const card = page.locator('[data-testid="case"][data-stage="accepted"]');
    await card.waitFor();
    expect(await card.getByTestId('receipt-line').count()).toBe(0);
    expect(await card.textContent()).toContain('抵押权注销');
  }, 120_000);

  it('gives the next paid case the first number of the block', async () => {
    await startAppointment(page, '刘建国');
    await page.getByRole('button', { name: '下一步' }).click();
    await typeApplicants(page, { second: '张国强' });
    await chooseUnit(page, PAID_UNIT);
    await receiveMaterials(page);
    expect(await page.getByTestId('fee-total').textContent()).toBe('￥550.00');
    await page.getByRole('button', { name: '下一步' }).click();
    expect(await collectPayment(page)).toBe('JMS2026-001001');
    await makeNotice(page);
    await sign(page);
  }, 120_000);

  it('reconciles at the office: the 补正 and the free case owe nothing, 实收 equals 应收', async () => {
    await waitInSync(page);
    const office = world.office!.url.replace(/\/$/, '');
    const token = await officeLogin(office, 'zhaolei');
    const res = await fetch(`${office}/api/v1/office/trips/${DEMO_TRIP_ID}/reconciliation`, { headers: { authorization: `Bearer ${token}` } });
    const report = (await res.json()) as { discrepancies: Finding[]; money: { expectedFen: number; chargedFen: number }; cases: { taken: number; received: number }; receiptNumbers: { issued: number } };
    const codes = report.discrepancies.map((d) => d.code);
    expect(codes).not.toContain('case-fee-unpaid');
    expect(codes).not.toContain('receipt-amount-mismatch');
    expect(report.money).toEqual({ expectedFen: 55_000, chargedFen: 55_000, refundedFen: 0, byMethod: [{ method: 'cash', receiptsFen: 55_000, refundsFen: 0, declaredFen: null }], refunds: [] });
    expect(report.cases).toEqual({ taken: 3, received: 3 });
    expect(report.receiptNumbers.issued).toBe(1);
  }, 200_000);

  it("lists each material received on paper on the office's case page, with the pages counted on the van", async () => {
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('button', { name: '案件' }).click();
    const caseId = await page.locator('[data-testid="case"]').filter({ hasText: '刘建国' }).getAttribute('data-case-id');
    const office = world.office!.url.replace(/\/$/, '');
    const officePage = await world.browser!.newPage();
    await officePage.goto(`${office}/office/login`);
    await officePage.fill('#login', 'wangfang');
    await officePage.fill('#password', DEMO_PASSWORD);
    await Promise.all([officePage.waitForURL(/\/office\/queues/), officePage.click('button[type=submit]')]);
    await officePage.goto(`${office}/office/cases/${encodeURIComponent(caseId ?? '')}`);
    // Scans no material names (the applicant's signature) follow on rows of their own.
    const rows = officePage.locator('#materials tbody tr:not([data-material=""])');
    const expected = requiredMaterials('transfer', { applicants: 2, cause: 'sale' }).map((m) => m.key);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-material')))).toEqual(expected);
    // Every one on paper, 2 pages each as typed on the van.
    expect(await rows.locator('td.pages').allTextContents()).toEqual(expected.map(() => '2'));
    expect(await rows.getByText('纸质，无扫描件').count()).toBe(expected.length);
    await officePage.close();
  }, 60_000);
});
