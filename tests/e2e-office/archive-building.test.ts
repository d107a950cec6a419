import { describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { DEMO_BUILDING } from '#server/office/archive/seed-register.ts';
import { api, loginAs } from '../office/harness.ts';
import { signedIn } from '../support/chromium.ts';
import { archiveOfficeInBrowser } from './archive-browser.ts';

const SHOTS = 'docs/screenshots';
/** The demo building's 28 flats: 3 unsold on the top floor, 2 under a filed contract, 8 mortgaged, 502 seized. */
const DEMO_COUNTS = { seized: 1, mortgaged: 8, filed: 2, registered: 14, vacant: 3 };

const world = archiveOfficeInBrowser('archive-building');

const loggedIn = (login: string): Promise<Page> => signedIn(world.browser, world.office.url, login, { loginPath: '/office/login?next=/office/archive', landing: (u) => u.pathname === '/office/archive', viewport: { width: 1280, height: 1000 } });

/** Where the page's script drew a unit (CSS px within the canvas). */
async function placeOf(page: Page, unit: string): Promise<{ x: number; y: number }> {
  const cell = page.locator(`#building-table td[data-unit="${unit}"]`);
  return { x: Number(await cell.getAttribute('data-x')), y: Number(await cell.getAttribute('data-y')) };
}

describe('the building view (three.js in Chromium)', () => {
  it('answers the building’s layout: seven floors of four, each flat with its status', async () => {
    const r = await api(world.office, await loginAs(world.office, 'wangfang'), 'GET', `/office/archive/buildings/${DEMO_BUILDING.key}`);
    expect(r.json).toMatchObject({ address: DEMO_BUILDING.address, floors: 7, columns: 4, counts: DEMO_COUNTS, unplaced: [] });
    const units = r.json['units'] as { unitNumber: string; floor: number; column: number; status: string }[];
    expect(units.find((u) => u.unitNumber === `${DEMO_BUILDING.key}0502`)).toMatchObject({ floor: 5, column: 1, status: 'seized' });
    expect((await api(world.office, await loginAs(world.office, 'wangfang'), 'GET', '/office/archive/buildings/230803003012GB00200F9999')).status).toBe(404);
  });

  it('opens from a flat’s register, draws every flat in its status colour, turns when dragged and opens the flat clicked', { timeout: 120_000 }, async () => {
    const page = await loggedIn('wangfang');
    await page.goto(`${world.office.url}/office/archive/units/${DEMO_BUILDING.key}0303`);
    await Promise.all([page.waitForURL(/\/office\/archive\/buildings\//), page.click('#open-building')]);
    await page.waitForSelector('#building-canvas[data-ready=true]', { timeout: 90_000 });
    expect(await page.isHidden('#no-webgl')).toBe(true);
    expect(await page.locator('#building-table td[data-unit]').count()).toBe(28);
    expect(await page.locator('#building-legend [data-status]').allTextContents()).toEqual(['查封 1', '抵押 8', '已备案 2', '已登记 14', '未登记 3']);
    const canvas = page.locator('#building-canvas');
    const box = await canvas.boundingBox();
    if (!box) throw new Error('no canvas');
    // The seized flat is drawn in the seized colour where the script says it is.
    const seized = await placeOf(page, `${DEMO_BUILDING.key}0502`);
    const pixel = await page.evaluate(({ x, y }) => {
      const c = document.getElementById('building-canvas') as HTMLCanvasElement;
      const gl = c.getContext('webgl2') ?? c.getContext('webgl');
      if (!gl) return null;
      const ratio = c.width / c.clientWidth;
      const out = new Uint8Array(4);
      gl.readPixels(Math.round(x * ratio), Math.round(c.height - y * ratio), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, out);
      return [...out];
    }, seized);
    // #c62828 lit: red well above green and blue.
    expect(pixel?.[0] ?? 0).toBeGreaterThan((pixel?.[1] ?? 0) + 60);
    await page.screenshot({ path: `${SHOTS}/archive-building.png`, fullPage: true });
    const before = await placeOf(page, `${DEMO_BUILDING.key}0101`);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    expect(await placeOf(page, `${DEMO_BUILDING.key}0101`)).not.toEqual(before);
    const target = await placeOf(page, `${DEMO_BUILDING.key}0604`);
    await Promise.all([page.waitForURL(/\/office\/archive\/units\//), page.mouse.click(box.x + target.x, box.y + target.y)]);
    expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/office/archive/units/${DEMO_BUILDING.key}0604`);
  });
});
