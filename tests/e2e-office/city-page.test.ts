import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import readXlsxFile from 'read-excel-file/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { CITY_CODE } from '#domain/city/counties.ts';
import { CITY_TOTAL, marketChangeFact } from '#domain/city/statistics.ts';
import { lastMonths } from '#domain/market/market-stats.ts';
import { buildOfficeApp } from '#server/app.ts';
import { cityPlugin } from '#server/office/city/city-plugin.ts';
import { R } from '#server/office/city/reports/report-text.ts';
import { addFacts } from '#server/office/city/stat-store.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { todayInOffice } from '#server/office/today.ts';
import { seedOffice } from '#server/seed.ts';
import { type Office } from '../office/harness.ts';
import { openTestStorage } from '../support/backend.ts';
import { signedIn } from '../support/chromium.ts';
import { officeInBrowser } from '../support/office-in-browser.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';

/** Last month's figures of 桦南县 and of the city itself (the browser keeps the session cookie by today's date, so the office runs on it). */
const clock = { now: () => new Date() };
const month = lastMonths(todayInOffice(clock), 2)[0] ?? '';
const title = R.title({ kind: 'month', month });
let page: Page;

/** The city office, with last month's facts of 桦南县 and of the city itself. */
async function startCityOffice(): Promise<Office> {
  const dataDir = tempDir('city-page');
  const { storage, dispose } = await openTestStorage(dataDir, { clock });
  await seedOffice(storage, 'demo', clock);
  await storage.db.transaction(async (tx) => {
    await addFacts(tx, '230822', [{ source: 'event:1', month, kind: 'transfer', use: 'residential', measures: { registrations: 2, registeredUnits: 2, feeFen: 16_000 } }], CITY_TOTAL);
    await addFacts(tx, CITY_CODE, [{ source: 'event:2', month, kind: 'first', use: 'residential', measures: { registrations: 1, registeredUnits: 1, feeFen: 8_000 } }], CITY_TOTAL);
    // A sale permit for a building of 28 flats, as the market's journal gives it to the statistics.
    const permit = marketChangeFact({ seq: 1, kind: 'permit', before: null, row: { issuedOn: `${month}-05`, revokedOn: null, units: 28, areaDm2: 280_000 } });
    await addFacts(tx, CITY_CODE, permit ? [permit] : [], CITY_TOTAL);
  });
  // No schedule within the test: the reports here are the ones staff ask for from the page.
  const plugin = cityPlugin({ officeCode: CITY_CODE, counties: [], statisticsEveryMs: 3_600_000, pullEveryMs: 3_600_000, reportsEveryMs: 3_600_000, reportsFirstAfterMs: 3_600_000 });
  const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, clock, plugins: [officePlugin, plugin] });
  return { url: await app.listen({ port: 0, host: '127.0.0.1' }), app, storage, dataDir, close: async () => { await app.close(); await dispose(); removeDir(dataDir); } };
}

const world = officeInBrowser(startCityOffice);
beforeAll(async () => {
  page = await signedIn(world.browser, world.office.url, 'admin', { loginPath: '/office/login?next=/office/city', landing: /\/office\/city$/, acceptDownloads: true });
});

describe('the city page in Chromium', () => {
  it('shows last month’s figures of the city itself, and the total with 桦南县’s', async () => {
    const row = (office: string) => page.locator(`tr[data-office="${office}"][data-month="${month}"] td`).allTextContents();
    // No county is linked to this office, so only the city's own rows are listed; the total is the city's whole.
    expect(await page.locator('tr[data-office="230822"]').count()).toBe(0);
    expect((await row(CITY_CODE)).slice(0, 5)).toEqual(['佳木斯市', month, '首次登记', '住宅', '1']);
    expect((await page.locator('tr[data-office="total"] td').allTextContents()).slice(4, 6)).toEqual(['3', '3']);
  });

  it('reads a sale permit’s supply as use 未区分 (it covers a whole building of mixed uses), not 未知', async () => {
    const rows = await page.locator(`tr[data-office="${CITY_CODE}"][data-month="${month}"]`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const supply = rows.find((cells) => cells[2] === '交易与供应');
    expect(supply?.slice(2, 4)).toEqual(['交易与供应', '未区分']);
    expect(supply?.slice(13)).toEqual(['28', '2,800.00']);
    expect(await page.locator('table').first().textContent()).not.toContain('未知');
  });

  it('draws the report’s two charts live on the page, as server-drawn SVG', async () => {
    expect(await page.locator('figure[data-chart] svg').count()).toBe(2);
    expect(await page.locator('script').count()).toBe(0);
    // This month's bars name each county and the city; the trend's axis ends with this month.
    const offices = (await page.textContent('figure[data-chart="offices"]')) ?? '';
    for (const name of ['桦南县', '桦川县', '汤原县', '同江市', '富锦市', '抚远市', '佳木斯市']) expect(offices).toContain(name);
    const thisMonth = lastMonths(todayInOffice(clock), 1)[0] ?? '';
    expect(await page.textContent('figure[data-chart="trend"]')).toContain(thisMonth.slice(2));
    expect(await page.textContent('figure[data-chart="trend"]')).toContain(month.slice(2));
  });

  it('draws last month’s report as PDF and as Excel when its buttons are clicked', { timeout: 60_000 }, async () => {
    await page.fill('[data-testid="report-form"] input[name="period"]', month);
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="report-form"] button[value="pdf"]')]);
    expect(pdf.suggestedFilename()).toBe(`${title}.pdf`);
    const text = execFileSync('pdftotext', ['-layout', (await pdf.path()) ?? '', '-'], { encoding: 'utf8' });
    for (const words of [title, '一、全市汇总', '桦南县', '全市合计', '240.00', '四、图表']) expect(text).toContain(words);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="report-form"] button[value="xlsx"]')]);
    expect(xlsx.suggestedFilename()).toBe(`${title}.xlsx`);
    const sheets = await readXlsxFile(readFileSync((await xlsx.path()) ?? ''));
    const offices = sheets.find((s) => s.sheet === '分县（市）')?.data ?? [];
    expect(offices[1]?.slice(0, 4)).toEqual(['桦南县', 2, 2, 160]);
    expect(offices[7]?.slice(0, 4)).toEqual(['佳木斯市', 1, 1, 80]);
    expect(offices[9]?.slice(0, 4)).toEqual(['全市合计', 3, 3, 240]);
  });

  it('says what to write when the month does not exist', async () => {
    await page.fill('[data-testid="report-form"] input[name="period"]', '2026-13');
    await Promise.all([page.waitForURL(/\/office\/city\/reports\/make/), page.click('[data-testid="report-form"] button[value="pdf"]')]);
    expect(await page.textContent('#report-refused')).toBe('报表期间“2026-13”有误：请填写月份（如 2026-11）或年份（如 2026）');
    // The form comes back as typed, to correct it there.
    expect(await page.inputValue('[data-testid="report-form"] input[name="period"]')).toBe('2026-13');
  });

  it('is no wider than a phone’s screen (375 px): its tables scroll in their own boxes, its charts fit', async () => {
    const phone = await signedIn(world.browser, world.office.url, 'admin', { loginPath: '/office/login?next=/office/city', landing: /\/office\/city$/, viewport: { width: 375, height: 720 } });
    try {
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      const charts = await phone.locator('figure[data-chart] svg').evaluateAll((svgs) => svgs.map((s) => s.getBoundingClientRect().right));
      expect(charts).toHaveLength(2);
      for (const right of charts) expect(right).toBeLessThanOrEqual(375);
    } finally {
      await phone.context().close();
    }
  });
});
