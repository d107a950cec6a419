import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { readLayer } from '#server/office/map/layer.ts';
import { dbMapStore } from '#server/office/map/db-map-store.ts';
import { api, loginAs, startOfficeWithPages } from '../office/harness.ts';
import { signedIn } from '../support/chromium.ts';
import { officeInBrowser } from '../support/office-in-browser.ts';

const SHOTS = 'docs/screenshots';
const dir = new URL('../../fixtures/map/test-city/', import.meta.url).pathname;
const TEST_CITY = { districts: `${dir}districts.geojson`, parcels: `${dir}parcels.geojson`, buildings: `${dir}buildings.geojson`, streets: `${dir}streets.geojson` };
const TABLES = JSON.parse(readFileSync(new URL('../../fixtures/map/cost-tables.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const world = officeInBrowser(startOfficeWithPages);
let page: Page;

/** Page pixels of a longitude/latitude on the page's map (Web Mercator, EPSG:3857). */
const pixel = (lon: number, lat: number) =>
  page.evaluate(([x, y]) => {
    const m = (window as unknown as { mapQuery: { map: { getPixelFromCoordinate(c: number[]): number[]; getView(): { getProjection(): unknown } } } }).mapQuery.map;
    const R = 6378137;
    const c = [(x * Math.PI * R) / 180, R * Math.log(Math.tan(Math.PI / 4 + (y * Math.PI) / 360))];
    const [px, py] = m.getPixelFromCoordinate(c);
    const box = document.getElementById('map')!.getBoundingClientRect();
    return [(px ?? 0) + box.left, (py ?? 0) + box.top];
  }, [lon, lat] as const);
const count = async (category: string) => {
  const cell = page.locator(`[data-testid="map-counts"] tr[data-category="${category}"] .n`);
  return (await cell.count()) === 0 ? null : cell.textContent();
};

beforeAll(async () => {
  const store = dbMapStore(world.office.storage.db);
  await store.importLayer(readLayer(TEST_CITY), 'test-city', 'test', new Date().toISOString());
  expect((await api(world.office, await loginAs(world.office, 'admin'), 'POST', '/office/map/tables', TABLES)).status).toBe(201);
  page = await signedIn(world.browser, world.office.url, 'wangfang', { loginPath: '/office/login?next=/office/map', landing: /\/office\/map$/, viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  // The first visit builds the page's script if it is missing or stale.
  await page.waitForFunction(() => 'mapQuery' in window, undefined, { timeout: 60_000 });
  await page.fill('#map-day', '2026-12-01');
}, 120_000);

describe('the map page in Chromium', () => {
  it('draws on canvas without WebGL', async () => {
    const canvases = await page.evaluate(() => [...document.querySelectorAll('#map canvas')].map((c) => (c as HTMLCanvasElement).getContext('2d') !== null));
    expect(canvases.length).toBeGreaterThan(0);
    expect(canvases.every(Boolean)).toBe(true);
  });

  it('counts the buildings of a polygon drawn with the mouse', async () => {
    await page.click('#map-draw');
    const ring = [[130.301, 46.801], [130.313, 46.801], [130.313, 46.803], [130.305, 46.803], [130.305, 46.807], [130.301, 46.807]] as const;
    for (const [lon, lat] of ring) {
      const [x, y] = await pixel(lon, lat);
      await page.mouse.click(x ?? 0, y ?? 0);
      // Apart enough that two clicks are not read as a double click (which would zoom the map).
      await page.waitForTimeout(400);
    }
    const [x0, y0] = await pixel(ring[0][0], ring[0][1]);
    await page.mouse.click(x0 ?? 0, y0 ?? 0);
    await expect.poll(() => count('total'), { timeout: 15_000 }).toBe('6');
    expect(await count('registered')).toBe('3');
    expect(await count('temporary-expired')).toBe('1');
    expect(await page.locator('[data-testid="map-estimate"]').textContent()).toContain('估算合计');
    await page.screenshot({ path: `${SHOTS}/office-map-polygon.png`, fullPage: true });
  });

  it('counts a district picked from the list, and exports it as PDF and Excel', async () => {
    await page.selectOption('#map-district', '230803');
    await expect.poll(() => count('total'), { timeout: 15_000 }).toBe('7');
    expect(await count('illegal')).toBe('1');
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.click('#map-export button[formaction$=".pdf"]')]);
    const text = execFileSync('pdftotext', ['-layout', (await pdf.path()) ?? '', '-']).toString('utf8');
    expect(text).toContain('区域房屋统计及征收估算 · 甲区');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#map-export button[formaction$=".xlsx"]')]);
    expect(xlsx.suggestedFilename()).toMatch(/甲区-2026-12-01\.xlsx$/);
    expect(readFileSync((await xlsx.path()) ?? '').subarray(0, 2).toString()).toBe('PK');
  });

  it('says in words why a region crossing itself cannot be counted', async () => {
    await page.evaluate(() => (window as unknown as { mapQuery: { drawLonLat(r: number[][]): Promise<void> } }).mapQuery.drawLonLat([[130.30, 46.80], [130.31, 46.81], [130.31, 46.80], [130.30, 46.81]]));
    await expect.poll(() => page.locator('#map-result').textContent()).toContain('边界自相交');
  });
});
