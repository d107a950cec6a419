import { describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { addDays } from '#domain/calendar/china-time.ts';
import { ok } from '#domain/result.ts';
import { dbRegisterStore } from '#server/office/archive/db-register-store.ts';
import { demoUnitNumber, DEMO_PROJECT } from '#server/office/market/seed-market.ts';
import { todayInOffice } from '#server/office/today.ts';
import { startMarketOffice } from './market-office.ts';
import { newTab } from '../support/chromium.ts';
import { officeInBrowser } from '../support/office-in-browser.ts';

const SHOTS = 'docs/screenshots';
/** An 18-character resident ID number, or the name of a demo buyer or holder: none may appear on a public page. */
const PERSONAL = /\d{17}[\dX]|张国强|李秀梅|业主\d+/;

const world = officeInBrowser(startMarketOffice);

async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await newTab(world.browser, viewport);
  await page.goto(`${world.office.url}${path}`);
  return page;
}

/** The QR code in the page, decoded from its pixels as a phone's camera would. */
async function qrOf(page: Page): Promise<string | null> {
  const { default: jsQR } = await import('jsqr');
  const drawn = await page.evaluate(async () => {
    const svg = document.querySelector('figure svg');
    if (!svg) return null;
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [320, 320];
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 320, 320);
    ctx.drawImage(img, 0, 0, 320, 320);
    return Array.from(ctx.getImageData(0, 0, 320, 320).data);
  });
  return drawn ? (jsQR(Uint8ClampedArray.from(drawn), 320, 320)?.data ?? null) : null;
}

describe('the public sales table in Chromium', () => {
  it('shows each unit for sale, filed or not for sale with the averages, and a seizure the register records at once', { timeout: 60_000 }, async () => {
    const page = await open('/public/market');
    await Promise.all([page.waitForURL(/\/projects\//), page.click(`a[href="/public/market/projects/${DEMO_PROJECT.id}"]`)]);
    // Building 1 is under the presale permit with six contracts filed; building 2 has no permit yet.
    expect(await page.textContent('[data-count="for-sale"]')).toBe('6');
    expect(await page.textContent('[data-count="filed"]')).toBe('6');
    expect(await page.textContent('[data-count="not-for-sale"]')).toBe('12');
    expect(await page.textContent('[data-count="seized"]')).toBe('0');
    expect(await page.textContent('[data-testid="filed-average"]')).toMatch(/^[\d,]+ 元\/m²$/);
    const unsold = demoUnitNumber(1, 6, 1);
    expect(await page.getAttribute(`td[data-unit="${unsold}"]`, 'data-status')).toBe('for-sale');
    expect(await page.getAttribute(`td[data-unit="${demoUnitNumber(1, 6, 2)}"]`, 'data-status')).toBe('filed');
    expect(await page.getAttribute(`td[data-unit="${demoUnitNumber(2, 1, 1)}"]`, 'data-status')).toBe('not-for-sale');

    // The court seizes the developer's flat after its first registration: the next look shows it.
    const store = dbRegisterStore(world.office.storage.db);
    const today = todayInOffice();
    const natural = { address: `${DEMO_PROJECT.address}1号楼601室`, districtCode: '230803', buildingName: '1号楼', floor: 6, totalFloors: 6, room: '601', areaM2: 89.56, structure: 'reinforced-concrete' as const, use: 'residential' as const, completedYear: 2026 };
    const document = { court: '佳木斯市向阳区人民法院', noticeNumber: `(${today.slice(0, 4)})黑0803执协88号`, rulingNumber: `(${today.slice(0, 4)})黑0803执88号`, deliveredAt: `${today}T08:00:00+08:00` };
    await store.appendNewUnits([{ unitNumber: unsold, append: { entries: [{ id: 'e2e:established', body: { kind: 'unit-established', natural } }], source: { kind: 'office', reason: '首次登记' }, recordedBy: 'staff-chenjing', recordedAt: `${today}T07:00:00+08:00`, outbox: [] } }]);
    await store.append(unsold, () => ok({ entries: [{ id: 'e2e:seized', body: { kind: 'seizure-recorded', seizureId: 'e2e-s', document, respondent: '佳木斯江景房地产开发有限公司', from: today, to: null, termMonths: null } }], source: { kind: 'court', court: document.court, noticeNumber: document.noticeNumber }, recordedBy: 'staff-chenjing', recordedAt: `${today}T08:00:00+08:00`, outbox: [] }));
    await page.reload();
    expect(await page.getAttribute(`td[data-unit="${unsold}"]`, 'data-status')).toBe('seized');
    expect(await page.textContent(`td[data-unit="${unsold}"]`)).toContain('佳木斯市向阳区人民法院');
    expect(await page.textContent('[data-count="seized"]')).toBe('1');
    expect(await page.textContent('[data-count="for-sale"]')).toBe('5');
    expect(await page.content()).not.toMatch(PERSONAL);
    await page.screenshot({ path: `${SHOTS}/market-sales-table.png`, fullPage: true });
  });
});

describe('the listings site in Chromium', () => {
  it('searches by district, type, price and area, and says which field is not a number', { timeout: 60_000 }, async () => {
    const page = await open('/public/listings');
    const kinds = async () => page.locator('[data-testid="listing"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')).sort());
    // Four second-hand flats verified and published; the six unsold new homes of building 1 come from the sales table.
    expect(await kinds()).toEqual([...Array<string>(6).fill('new-home'), ...Array<string>(4).fill('second-hand')]);
    await page.selectOption('select[name=kind]', 'second-hand');
    await page.fill('input[name=pmax]', '62');
    await Promise.all([page.waitForURL(/pmax=62/), page.click('[data-testid="listing-search"] button')]);
    expect(await kinds()).toEqual(['second-hand', 'second-hand']);
    await page.selectOption('select[name=district]', '230804');
    await Promise.all([page.waitForURL(/district=230804/), page.click('[data-testid="listing-search"] button')]);
    expect(await page.locator('[data-testid="listing"]').count()).toBe(0);
    await page.selectOption('select[name=district]', '');
    await page.selectOption('select[name=kind]', '');
    await page.fill('input[name=pmax]', '');
    await page.fill('input[name=amin]', '100');
    await Promise.all([page.waitForURL(/amin=100/), page.click('[data-testid="listing-search"] button')]);
    // 120 m² new homes of building 1 for sale (floors 1, 3, 5) and the 112.3 m² flats 301 and 203.
    expect(await kinds()).toEqual(['new-home', 'new-home', 'new-home', 'second-hand', 'second-hand']);
    await page.fill('input[name=amin]', '一百');
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes('/public/listings?')), page.click('[data-testid="listing-search"] button')]);
    expect(response.status()).toBe(400);
    expect(await page.textContent('[role=alert]')).toBe('“面积下限（m²）”请填写数字。');
    expect(await page.content()).not.toMatch(PERSONAL);
  });

  it('checks a listing by its code: verified, with a QR code that opens the same check', { timeout: 60_000 }, async () => {
    const page = await open('/public/listings?kind=second-hand');
    const link = page.locator('[data-testid="listing"] a').first();
    const code = (await link.textContent())?.replace(/\s/g, '') ?? '';
    expect(code).toMatch(/^\d{12}$/);
    await Promise.all([page.waitForURL(/verify\?code=/), link.click()]);
    expect(await page.getAttribute('[data-testid="verify-result"]', 'data-status')).toBe('published');
    expect(await page.textContent('[data-testid="verify-result"]')).toContain('该房源已经登记中心核验并发布。');
    expect(await qrOf(page)).toBe(`${world.office.url}/public/listings/verify?code=${code}`);
    await page.screenshot({ path: `${SHOTS}/market-verify.png`, fullPage: true });
    // One digit changed: the check digit catches it before any look-up.
    const wrong = `${code.slice(0, 11)}${(Number(code[11]) + 1) % 10}`;
    await page.fill('#code', wrong);
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes('code=')), page.click('form.card button[type=submit]')]);
    expect(response.status()).toBe(400);
    expect(await page.textContent('[role=alert]')).toContain('核验码应为 12 位数字');
    expect(await page.content()).not.toMatch(PERSONAL);
  });
});

describe('the market hall screen in Chromium at 1920×1080', () => {
  it('fits the screen, rotates the latest listings, draws the week and the trend, and shows no personal data', { timeout: 60_000 }, async () => {
    const page = await open('/public/market/screen', { width: 1920, height: 1080 });
    const size = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
    expect(size).toEqual({ w: 1920, h: 1080 });
    // Nothing is cut off inside a panel either: the screen cannot be scrolled.
    expect(await page.locator('section').evaluateAll((els) => els.filter((e) => e.scrollHeight > e.clientHeight + 1).map((e) => e.querySelector('h2')?.textContent))).toEqual([]);
    // Ten listings, six a slide: two slides taking turns.
    expect(await page.getAttribute('.slides', 'data-slides')).toBe('2');
    expect(await page.locator('[data-testid="screen-listing"]').count()).toBe(10);
    // Server-drawn SVG charts: the last seven days by name, the trend at its size with both series named.
    expect(await page.locator('[data-testid="week-chart"] svg').count()).toBe(1);
    const today = todayInOffice();
    const week = Array.from({ length: 7 }, (_, i) => addDays(today, i - 6).slice(5));
    const weekText = (await page.textContent('[data-testid="week-chart"]')) ?? '';
    expect(week.every((d) => weekText.includes(d))).toBe(true);
    expect(await page.getAttribute('[data-testid="trend-chart"] svg', 'width')).toBe('820');
    expect(await page.getAttribute('[data-testid="trend-chart"] svg', 'height')).toBe('240');
    expect(await page.textContent('[data-testid="trend-chart"]')).toContain('新建商品房（网签）');
    expect(await page.content()).not.toMatch(PERSONAL);
    await page.screenshot({ path: `${SHOTS}/market-screen.png` });
  });
});
