import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser } from 'playwright-core';
import { lastMonths, trendStart } from '#domain/market/market-stats.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { todayInOffice } from '#server/office/today.ts';
import { type Office } from '../office/harness.ts';
import { launchBrowser, newTab } from '../support/chromium.ts';
import { startMarketOffice } from './market-office.ts';

/** An 18-character resident ID number, or the name of a demo buyer or holder: none may appear on a public page. */
const PERSONAL = /\d{17}[\dX]|张国强|李秀梅|业主\d+/;

let office: Office;
let browser: Browser;

beforeAll(async () => {
  office = await startMarketOffice();
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await office?.close();
});

describe('the public market-information page in Chromium', () => {
  it('publishes the indicators of the last twelve months and two server-drawn charts, naming no one', { timeout: 60_000 }, async () => {
    const page = await newTab(browser, { width: 1280, height: 900 });
    await page.goto(`${office.url}/public/market/info`);
    const months = lastMonths(todayInOffice(), 12);
    expect(await page.locator('[data-testid="market-months"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-month')))).toEqual(months);
    // The period's new-home count is every standing filing of the demo market in the period, as the store sums them.
    const sums = await dbMarketStores(office.storage.db).filings.sums('month', trendStart(months));
    const filed = sums.filter((b) => b.kind === 'new-home').reduce((n, b) => n + b.count, 0);
    expect(filed).toBe(6);
    const cells = await page.locator('[data-testid="market-indicators"] tr[data-kind="new-home"] td').allTextContents();
    expect(cells[4]).toBe(String(filed));
    const monthly = await page.locator('[data-testid="market-months"] tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.children[1]?.textContent ?? 'NaN')));
    expect(monthly.reduce((a, b) => a + b, 0)).toBe(filed);
    // Two charts drawn by ECharts on the server: SVG in the page, no chart script.
    expect(await page.locator('figure[data-chart] svg').count()).toBe(2);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.textContent('figure[data-chart="volume"]')).toContain(months.at(-1) ?? '');
    expect(await page.content()).not.toMatch(PERSONAL);
    await page.screenshot({ path: 'docs/screenshots/market-info.png', fullPage: true });
    await page.close();
  });
});
