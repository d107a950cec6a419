import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { readLayer } from '#server/office/map/layer.ts';
import { dbMapStore } from '#server/office/map/db-map-store.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { createAccount } from '#server/office/market/portal-accounts.ts';
import { getPage, pageLogin } from '../security/attacker-kit.ts';
import { api, loginAs, startOfficeWithPages } from '../office/harness.ts';
import { signedIn } from '../support/chromium.ts';
import { officeInBrowser } from '../support/office-in-browser.ts';

/**
 * Status decisions on the office's map page (审批 staff mark a building 违法, or 临时 with its approved period, and the map
 * and the region's counts follow at once), and the 拆迁、开发、建设单位 portal, which runs the region query and its export
 * and reaches nothing else. In Chromium, on the hand-checked test city (district 230803: F1, F2, F9 registered, F3
 * unregistered, F4 temporary until 2026-06-30, F5 temporary until 2027-12-31, F6 illegal).
 */
const dir = new URL('../../fixtures/map/test-city/', import.meta.url).pathname;
const TEST_CITY = { districts: `${dir}districts.geojson`, parcels: `${dir}parcels.geojson`, buildings: `${dir}buildings.geojson`, streets: `${dir}streets.geojson` };
const TABLES = JSON.parse(readFileSync(new URL('../../fixtures/map/cost-tables.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const BUILDER_PASSWORD = 'chengtou-2026-map';
const F = (n: number) => `230803003012GB00001F000${n}`;
const CENTRE: Record<string, [number, number]> = { [F(1)]: [130.302, 46.802], [F(3)]: [130.306, 46.802], [F(4)]: [130.302, 46.806] };

const world = officeInBrowser(startOfficeWithPages);

const count = (page: Page, category: string) => page.locator(`[data-testid="map-counts"] tr[data-category="${category}"] .n`).textContent();

/** Centres the map on a building at street zoom, waits for it to be drawn, and clicks it. */
async function clickBuilding(page: Page, id: string): Promise<void> {
  const [lon, lat] = CENTRE[id] ?? [0, 0];
  const [x, y] = await page.evaluate(async ([lo, la, bid]) => {
    type OlMap = { getView(): { setCenter(c: number[]): void; setZoom(z: number): void }; getPixelFromCoordinate(c: number[]): number[]; renderSync(): void; getLayers(): { item(i: number): { getSource(): { getFeatureById(id: string): unknown } } } };
    const m = (window as unknown as { mapQuery: { map: OlMap } }).mapQuery.map;
    const R = 6378137;
    const c = [(lo * Math.PI * R) / 180, R * Math.log(Math.tan(Math.PI / 4 + (la * Math.PI) / 360))];
    m.getView().setCenter(c);
    m.getView().setZoom(18);
    for (let i = 0; i < 100 && !m.getLayers().item(2).getSource().getFeatureById(bid); i++) {
      m.renderSync();
      await new Promise((r) => setTimeout(r, 100));
    }
    m.renderSync();
    // The side panel grows with each answer; the map is at the top of the page.
    window.scrollTo(0, 0);
    const [px, py] = m.getPixelFromCoordinate(c);
    const box = document.getElementById('map')!.getBoundingClientRect();
    return [(px ?? 0) + box.left, (py ?? 0) + box.top];
  }, [lon, lat, id] as const);
  await page.mouse.click(x ?? 0, y ?? 0);
  await expect.poll(() => page.locator('#map-building h2').textContent(), { timeout: 15_000 }).toBe(`房屋 ${id}`);
}

/** The category the map draws a building in. */
const drawnAs = (page: Page, id: string) =>
  page.evaluate((bid) => {
    const m = (window as unknown as { mapQuery: { map: { getLayers(): { item(i: number): { getSource(): { getFeatureById(id: string): { get(k: string): string | undefined } | null } } } } } }).mapQuery.map;
    return m.getLayers().item(2).getSource().getFeatureById(bid)?.get('category') ?? '';
  }, id);

async function decide(page: Page, fields: { status: string; decidedBy: string; basis: string; approvedUntil?: string }): Promise<void> {
  await page.selectOption('#map-decide select[name="status"]', fields.status);
  await page.fill('#map-decide input[name="decidedBy"]', fields.decidedBy);
  await page.fill('#map-decide input[name="basis"]', fields.basis);
  await page.fill('#map-decide input[name="approvedUntil"]', fields.approvedUntil ?? '');
  await page.click('#map-decide button[type="submit"]');
}

beforeAll(async () => {
  await dbMapStore(world.office.storage.db).importLayer(readLayer(TEST_CITY), 'test-city', 'test', new Date().toISOString());
  expect((await api(world.office, await loginAs(world.office, 'admin'), 'POST', '/office/map/tables', TABLES)).status).toBe(201);
  const stores = dbMarketStores(world.office.storage.db);
  await stores.table.createOrg({ id: 'builder-1', kind: 'builder', name: '佳木斯市城市建设投资有限公司', creditCode: '91230800MA1B2C3D7H', active: true, createdBy: 'test', createdAt: new Date().toISOString() });
  const account = await createAccount(stores, world.office.app.office, { id: 'builder-1', kind: 'builder' }, { login: 'ct-survey', name: '孙测量', roles: ['surveyor'], password: BUILDER_PASSWORD });
  expect(account.ok).toBe(true);
});

describe('status decisions on the map page', () => {
  let page: Page;
  beforeAll(async () => {
    page = await signedIn(world.browser, world.office.url, 'chenjing', { loginPath: '/office/login?next=/office/map', landing: /\/office\/map$/, viewport: { width: 1366, height: 900 } });
    await page.waitForFunction(() => 'mapQuery' in window, undefined, { timeout: 60_000 });
    await page.fill('#map-day', '2026-12-01');
    await page.selectOption('#map-district', '230803');
    await page.waitForFunction(() => document.querySelector('[data-testid="map-counts"] tr[data-category="total"] .n')?.textContent === '7', undefined, { timeout: 15_000 });
  }, 120_000);

  it('marks an unregistered building illegal: who decided and when are kept, the map and the counts follow', async () => {
    expect([await count(page, 'unregistered'), await count(page, 'illegal')]).toEqual(['1', '1']);
    await clickBuilding(page, F(3));
    expect(await page.locator('#map-building [data-fact="5"]').textContent()).toBe('未登记（待调查认定）');
    await decide(page, { status: 'illegal', decidedBy: '佳木斯市城市管理综合执法局', basis: '佳城执决字〔2026〕12号' });
    await expect.poll(() => page.locator('#map-building .okbox').textContent()).toBe('认定已记录。');
    const latest = page.locator('#map-building [data-testid="building-history"] tbody tr').first();
    expect(await latest.locator('td').allTextContents()).toEqual(expect.arrayContaining(['违法建筑', '佳木斯市城市管理综合执法局', '佳城执决字〔2026〕12号', '陈静']));
    await expect.poll(() => count(page, 'illegal')).toBe('2');
    expect(await count(page, 'unregistered')).toBe('0');
    await expect.poll(() => drawnAs(page, F(3))).toBe('illegal');
  });

  it('renews a temporary building\'s approved period, and refuses a temporary decision without one', async () => {
    await clickBuilding(page, F(4));
    expect(await page.locator('#map-building [data-fact="5"]').textContent()).toBe('临时建筑（已超过批准期限）');
    await decide(page, { status: 'temporary', decidedBy: '佳木斯市自然资源局', basis: '临建字〔2026〕第8号' });
    await expect.poll(() => page.locator('#map-building .flag').textContent()).toContain('批准期限');
    expect(await count(page, 'temporary-expired')).toBe('1');
    await decide(page, { status: 'temporary', decidedBy: '佳木斯市自然资源局', basis: '临建字〔2026〕第8号', approvedUntil: '2027-06-30' });
    await expect.poll(() => count(page, 'temporary-valid')).toBe('2');
    expect(await count(page, 'temporary-expired')).toBe('0');
    expect(await page.locator('#map-building [data-fact="9"]').textContent()).toBe('2027-06-30');
    await expect.poll(() => drawnAs(page, F(4))).toBe('temporary-valid');
  });

  it('shows a reviewer the building without the form, and refuses the decision on the server', async () => {
    const { cookie } = await pageLogin(world.office.url, 'wangfang');
    const panel = await getPage(world.office.url, `/office/map/building/${F(1)}?day=2026-12-01`, cookie);
    expect(panel.status).toBe(200);
    expect(panel.html).toContain('只有审批人员和系统管理员可以记录认定。');
    expect(panel.html).not.toContain('id="map-decide"');
  });
});

describe('the 拆迁、开发、建设单位 portal', () => {
  it('runs the region query and exports it, and reaches nothing else', async () => {
    const page = await signedIn(world.browser, world.office.url, 'ct-survey', { loginPath: '/portal/login?next=/portal/builder/map', landing: /\/portal\/builder\/map$/, password: BUILDER_PASSWORD, viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    await page.waitForFunction(() => 'mapQuery' in window, undefined, { timeout: 60_000 });
    await page.fill('#map-day', '2026-12-01');
    await page.selectOption('#map-district', '230803');
    await expect.poll(() => count(page, 'total'), { timeout: 15_000 }).toBe('7');
    expect(await count(page, 'illegal')).toBe('2');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#map-export button[formaction$=".xlsx"]')]);
    expect(xlsx.suggestedFilename()).toMatch(/甲区-2026-12-01\.xlsx$/);
    // A click on a building opens nothing: the panel and its decisions are the office's.
    await page.mouse.click(400, 400);
    expect(await page.locator('#map-building').innerHTML()).toBe('');
    for (const path of ['/office/map', `/office/map/building/${F(1)}`, '/office/queues']) {
      const res = await page.request.get(`${world.office.url}${path}`, { maxRedirects: 0 });
      expect([path, res.status(), res.headers()['location'] ?? '']).toEqual([path, 302, `/office/login?next=${encodeURIComponent(path)}`]);
    }
    expect((await page.request.get(`${world.office.url}/portal/developer`, { maxRedirects: 0 })).status()).toBe(403);
    const decided = await page.request.post(`${world.office.url}/office/map/building/${F(1)}/decisions`, { data: { status: 'illegal', decidedBy: 'x', decidedOn: '2026-12-01', basis: 'x' }, maxRedirects: 0 });
    expect(decided.status()).not.toBe(201);
    await page.close();
  });
});
