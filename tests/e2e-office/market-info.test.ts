import { beforeAll, describe, expect, it } from 'vitest';
import { CITY_CODE } from '#domain/city/counties.ts';
import { CITY_TOTAL, totalOf } from '#domain/city/statistics.ts';
import { lastMonths, trendStart } from '#domain/market/market-stats.ts';
import { cityPlugin } from '#server/office/city/city-plugin.ts';
import { OfficeStatistics } from '#server/office/city/office-statistics.ts';
import { addFacts, cityRows } from '#server/office/city/stat-store.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { todayInOffice } from '#server/office/today.ts';
import { newTab } from '../support/chromium.ts';
import { officeInBrowser } from '../support/office-in-browser.ts';
import { startMarketOffice } from './market-office.ts';

/** An 18-character resident ID number, or the name of a demo buyer or holder: none may appear on a public page. */
const PERSONAL = /\d{17}[\dX]|张国强|李秀梅|业主\d+/;

// The city office summing its counties (none linked here: 桦南县's facts are stored as its feed would deliver them).
const world = officeInBrowser(() => startMarketOffice({ plugins: [cityPlugin({ officeCode: CITY_CODE, counties: [], statisticsEveryMs: 3_600_000, pullEveryMs: 3_600_000, reportsEveryMs: 3_600_000 })] }));
const months = lastMonths(todayInOffice(), 12);
const thisMonth = months.at(-1) ?? '';

beforeAll(async () => {
  await new OfficeStatistics(world.office.storage.db, CITY_CODE, CITY_TOTAL).catchUp();
  await world.office.storage.db.transaction((tx) => addFacts(tx, '230822', [
    { source: 'market:1', month: thisMonth, kind: 'market', use: 'residential', measures: { newHomeCount: 2, newHomeAreaDm2: 18_000, newHomeFen: 108_000_000 } },
    { source: 'market:2', month: thisMonth, kind: 'market', use: 'mixed', measures: { supplyUnits: 30, supplyAreaDm2: 300_000 } },
    { source: 'event:1', month: thisMonth, kind: 'transfer', use: 'residential', measures: { registrations: 4, registeredUnits: 4, feeFen: 32_000 } },
  ], CITY_TOTAL));
});

describe('the public market-information page in Chromium', () => {
  it('publishes the city’s statistics of the last twelve months, its counties’ included, with three server-drawn charts, naming no one', { timeout: 60_000 }, async () => {
    const page = await newTab(world.browser, { width: 1280, height: 900 });
    await page.goto(`${world.office.url}/public/market/info`);
    expect(await page.locator('[data-testid="market-months"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-month')))).toEqual(months);
    expect(await page.textContent('[data-testid="market-scope"]')).toBe('统计范围：佳木斯市（市本级及各县（市）汇总）');
    // The market's own sums hold the city's six standing filings; the city's statistics add 桦南县's two.
    const sums = await dbMarketStores(world.office.storage.db).filings.sums('month', trendStart(months));
    expect(sums.filter((b) => b.kind === 'new-home').reduce((n, b) => n + b.count, 0)).toBe(6);
    const city = totalOf(await cityRows(world.office.storage.db, months[0] ?? '', thisMonth));
    expect(city.newHomeCount).toBe(8);
    const cells = await page.locator('[data-testid="market-indicators"] tr[data-kind="new-home"] td').allTextContents();
    expect(cells[4]).toBe('8');
    const monthly = await page.locator('[data-testid="market-months"] tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.children[1]?.textContent ?? 'NaN')));
    expect(monthly.reduce((a, b) => a + b, 0)).toBe(8);
    const demoThisMonth = sums.filter((b) => b.kind === 'new-home' && b.key === thisMonth).reduce((n, b) => n + b.count, 0);
    expect(monthly.at(-1)).toBe(demoThisMonth + 2);
    // Supply against sales: the demo permit's twelve flats and 桦南县's thirty; the registrations are 桦南县's four.
    const period = await page.locator('[data-testid="market-supply"] tr[data-row="period"] td').allTextContents();
    expect([period[0], period[2], period[4]]).toEqual([String(city.supplyUnits), '8', '4']);
    expect(city.supplyUnits).toBe(42);
    // A sum of areas is grouped by thousands, as the yuan beside it are: 桦南县's thirty flats alone are 3,000 m².
    expect(period[1]).toMatch(/^\d{1,3}(,\d{3})+\.\d{2} m²$/);
    // Three charts drawn by ECharts on the server: SVG in the page, no chart script.
    expect(await page.locator('figure[data-chart] svg').count()).toBe(3);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.textContent('figure[data-chart="volume"]')).toContain(thisMonth);
    expect(await page.textContent('figure[data-chart="supply"]')).toContain('批准预售');
    expect(await page.content()).not.toMatch(PERSONAL);
    await page.screenshot({ path: 'docs/screenshots/market-info.png', fullPage: true });
    await page.close();
  });

  it('reads on a phone: the wide tables scroll in their own box, the page itself does not scroll sideways', { timeout: 60_000 }, async () => {
    const page = await newTab(world.browser, { width: 375, height: 667 });
    await page.goto(`${world.office.url}/public/market/info`);
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
    expect(widths.page).toBeLessThanOrEqual(widths.view);
    // The tables are all there, each scrollable on its own.
    for (const id of ['market-indicators', 'market-supply', 'market-months']) {
      expect(await page.locator(`.scroll-x > [data-testid="${id}"]`).count(), id).toBe(1);
    }
    // The charts fit the screen.
    for (const w of await page.locator('figure[data-chart] svg').evaluateAll((svgs) => svgs.map((s) => s.getBoundingClientRect().right))) expect(w).toBeLessThanOrEqual(375);
    await page.close();
  });
});
