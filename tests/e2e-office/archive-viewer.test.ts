import { beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { addDays } from '#domain/calendar/china-time.ts';
import { todayInOffice } from '#server/office/today.ts';
import { API_BASE } from '#protocol/version.ts';
import { ViewerService } from '#server/office/archive/viewer-service.ts';
import { api, loginAs } from '../office/harness.ts';
import { freeUnit, Van, type VanCase } from '../office/scenario.ts';
import { addScan, photo, scannedPdf, scannedTiff } from '../archive/archive-files.ts';
import { eventually, startArchiveOffice } from '../archive/harness.ts';
import { barrier } from '../support/barrier.ts';
import { signedIn } from '../support/chromium.ts';
import { officeInBrowser } from '../support/office-in-browser.ts';

const SHOTS = 'docs/screenshots';

const world = officeInBrowser(startArchiveOffice);
let accepted: VanCase;
let unit: string;

const loggedIn = (login: string, hasTouch = false): Promise<Page> =>
  signedIn(world.browser, world.office.url, login, { loginPath: '/office/login?next=/office/archive', landing: (u) => u.pathname === '/office/archive', hasTouch });

async function sendPhoto(token: string, label: string, bytes: Buffer): Promise<void> {
  const form = new FormData();
  form.set('label', label);
  form.set('photo', new Blob([new Uint8Array(bytes)]), 'p.jpg');
  const res = await fetch(`${world.office.url}${API_BASE}/office/archive/units/${unit}/photos`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 201) throw new Error(`photo refused: ${res.status}`);
}

const position = (page: Page) => page.textContent('#position');
// A page's full image waits its turn at the office's renderer (two renders at a time, behind the strip's thumbnails),
// which takes well over Playwright's default 30 s on a loaded machine.
const fullShown = (page: Page) => page.waitForSelector('#page-image[data-loaded=full]', { timeout: 90_000 });

/** A swipe on the stage as a touch screen sends it (Pointer Events with pointerType "touch"). */
async function swipe(page: Page, dx: number): Promise<void> {
  const box = await page.locator('#viewer-stage').boundingBox();
  if (!box) throw new Error('no stage');
  const y = box.y + box.height / 2;
  const x = box.x + box.width / 2;
  await page.dispatchEvent('#viewer-stage', 'pointerdown', { pointerType: 'touch', clientX: x, clientY: y, isPrimary: true });
  await page.dispatchEvent('#viewer-stage', 'pointerup', { pointerType: 'touch', clientX: x + dx, clientY: y + 5, isPrimary: true });
}

beforeAll(async () => {
  const free = await freeUnit(world.office, 0);
  unit = free.unitNumber;
  const van = await Van.enroll(world.office);
  accepted = await van.acceptCase(1, free);
  await addScan(world.office, van, accepted.caseId, '房屋买卖合同', await scannedPdf(3), 3);
  // Three levels pass the case, then 登簿 enters it into the register, linked to the case.
  for (const login of ['wangfang', 'liuyang', 'chenjing']) {
    const r = await api(world.office, await loginAs(world.office, login), 'POST', `/office/cases/${accepted.caseId}/actions`, { action: 'pass', reason: '材料齐全，符合登记条件' });
    if (r.status !== 201) throw new Error(`pass by ${login}: ${r.status}`);
  }
  await sendPhoto(await loginAs(world.office, 'wangfang'), '南立面', await photo('jpeg', 800, 600));
  const approver = await loginAs(world.office, 'chenjing');
  const registered = await api(world.office, approver, 'POST', `/office/cases/${accepted.caseId}/actions`, { action: 'register' });
  if (registered.status !== 201) throw new Error(`登簿: ${registered.status}`);
  await eventually(() => api(world.office, approver, 'GET', `/office/archive/units/${unit}`), (r) => JSON.stringify(r.json).includes(accepted.caseId), 'the 登簿 in the register');
}, 120_000);

describe('the archive viewer in Chromium', () => {
  it('opens at the case’s pages from the register’s history, the thumbnail first and then the full page', { timeout: 60_000 }, async () => {
    const page = await loggedIn('chenjing');
    await page.goto(`${world.office.url}/office/archive/units/${unit}`);
    await Promise.all([page.waitForURL(/\/office\/archive\/viewer\//), page.click(`#history a[href*="case=${encodeURIComponent(accepted.caseId)}"]`)]);
    // The photo first, then the case's materials: the van's stand-in application-form scan (not a drawable PDF) and
    // the deed's three pages.
    expect(await page.locator('.thumbs img').count()).toBe(5);
    expect(await page.getAttribute('.thumbs img', 'loading')).toBe('lazy');
    expect(await position(page)).toBe('2 / 5');
    expect(await page.textContent('#page-caption')).toContain('不动产登记申请书');
    expect(await page.textContent('#render-failed:not([hidden])')).toContain('该页无法显示');
    await page.keyboard.press('ArrowRight');
    expect(await position(page)).toBe('3 / 5');
    expect(await page.textContent('#page-caption')).toBe(`案件 ${accepted.caseNumber} · 房屋买卖合同 · 第 1/3 页`);
    await fullShown(page);
    expect(await page.evaluate(() => (document.getElementById('page-image') as HTMLImageElement).naturalHeight)).toBe(1600);
  });

  it('shows the thumbnail while the full page is on its way (progressive loading)', { timeout: 60_000 }, async () => {
    const page = await loggedIn('chenjing');
    // The deed's second page is held back from the start (the page also loads its neighbours ahead).
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/2/full.jpg', async (route) => {
      await held;
      await route.continue();
    });
    // Not waiting for "load": the held image would hold it too.
    await page.goto(`${world.office.url}/office/archive/viewer/${unit}?p=3`, { waitUntil: 'domcontentloaded' });
    await fullShown(page);
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('#page-image', 'data-loaded')).toBe('thumb');
    expect(await page.getAttribute('#page-image', 'src')).toMatch(/\/2\/thumb\.jpg$/);
    release();
    await fullShown(page);
    expect(await page.getAttribute('#page-image', 'src')).toMatch(/\/2\/full\.jpg$/);
    expect(new URL(page.url()).searchParams.get('p')).toBe('4');
  });

  it('loads the strip’s thumbnails only once the page being read is up', { timeout: 60_000 }, async () => {
    const page = await loggedIn('chenjing');
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/1/full.jpg', async (route) => {
      await held;
      await route.continue();
    });
    const thumbs: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/thumb.jpg')) thumbs.push(new URL(r.url()).pathname);
    });
    await page.goto(`${world.office.url}/office/archive/viewer/${unit}?p=3`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => (document.getElementById('page-image') as HTMLImageElement).complete);
    // Only the stage's own thumbnail while the deed's first page is held; the strip's five wait with no address.
    const stageThumb = await page.getAttribute('#page-image', 'src');
    expect(stageThumb).toMatch(/^\/office\/archive\/files\/[0-9a-f]{64}\/1\/thumb\.jpg$/);
    expect(thumbs).toEqual([stageThumb]);
    expect(await page.locator('.thumbs img[src]').count()).toBe(0);
    expect(await page.locator('.thumbs img[data-src]').count()).toBe(5);
    release();
    await fullShown(page);
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.thumbs img')].every((i) => i.complete && i.src !== ''));
    expect(await page.locator('.thumbs img[data-src]').count()).toBe(0);
    expect(await page.locator('.thumbs img[src$="/thumb.jpg"]').count()).toBe(5);
    expect(await page.evaluate(() => (document.querySelector('.thumbs a[data-index="2"] img') as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
  });

  it('turns pages with the keyboard, thumbnails and swipes', { timeout: 60_000 }, async () => {
    const page = await loggedIn('chenjing', true);
    await page.goto(`${world.office.url}/office/archive/viewer/${unit}`);
    expect(await position(page)).toBe('1 / 5');
    expect(await page.textContent('#page-caption')).toBe('南立面 · 第 1/1 页');
    await page.keyboard.press('End');
    expect(await position(page)).toBe('5 / 5');
    await page.keyboard.press('ArrowRight');
    expect(await position(page)).toBe('5 / 5');
    await page.keyboard.press('Home');
    expect(await position(page)).toBe('1 / 5');
    await swipe(page, -200);
    expect(await position(page)).toBe('2 / 5');
    await swipe(page, 200);
    expect(await position(page)).toBe('1 / 5');
    await swipe(page, -20);
    expect(await position(page)).toBe('1 / 5');
    await page.click('.thumbs a[data-index="3"]');
    expect(await position(page)).toBe('4 / 5');
    expect(await page.getAttribute('.thumbs a[data-index="3"]', 'aria-current')).toBe('true');
    await fullShown(page);
    await page.screenshot({ path: `${SHOTS}/archive-viewer.png`, fullPage: true });
  });

  it('adds a photo of the house from the page, and refuses a file that is not a photo in words', { timeout: 60_000 }, async () => {
    const page = await loggedIn('wangfang');
    await page.goto(`${world.office.url}/office/archive/viewer/${unit}`);
    await page.fill('#photo-label', '客厅');
    await page.setInputFiles('#photo-file', { name: 'room.jpg', mimeType: 'image/jpeg', buffer: await photo('jpeg', 640, 480, 0.7) });
    await Promise.all([page.waitForURL(/msg=/), page.click('#photo-form button[type=submit]')]);
    expect(await page.textContent('.okbox')).toBe('已添加现状影像。');
    expect(await page.locator('.thumbs[data-group=photo] img').count()).toBe(2);
    await page.fill('#photo-label', '卧室');
    await page.setInputFiles('#photo-file', { name: 'room.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo') });
    // Refused: the viewer again with why, answered under a 4xx and shown in place.
    await page.click('#photo-form button[type=submit]');
    expect(await page.textContent('.flag[role=alert]')).toContain('只能上传 JPEG 或 PNG 照片');
    expect(await page.locator('.thumbs[data-group=photo] img').count()).toBe(2);
  });

  it('shows finance the pages but not the photo form', async () => {
    const page = await loggedIn('zhaolei');
    await page.goto(`${world.office.url}/office/archive/viewer/${unit}`);
    expect(await page.locator('.thumbs img').count()).toBe(6);
    expect(await page.locator('#photo-form').count()).toBe(0);
  });

  it('imports a historic TIFF from the page as the administration, showing how far its pages are split, then shown after the case materials, page by page', { timeout: 120_000 }, async () => {
    const page = await loggedIn('admin');
    await page.goto(`${world.office.url}/office/archive/viewer/${unit}`);
    await page.fill('#historic-label', '1998年房屋所有权证档案');
    await page.setInputFiles('#historic-file', { name: 'old.tif', mimeType: 'image/tiff', buffer: await scannedTiff(2) });
    // The split's second step waits at a barrier (the office runs in this process): the import is held after page 1.
    const service = ViewerService.prototype as unknown as { pageSizesIn: (...args: unknown[]) => Promise<unknown> };
    const step = service.pageSizesIn;
    const gate = barrier(2);
    let steps = 0;
    service.pageSizesIn = async function (this: unknown, ...args: unknown[]) {
      if (++steps === 2) await gate();
      return step.apply(this, args);
    };
    try {
      const answered = page.waitForURL(/msg=/, { timeout: 90_000 });
      await page.click('#historic-form button[type=submit]');
      await page.waitForFunction(() => document.querySelector('#historic-progress')?.textContent === '正在拆分页面 1 / 2', undefined, { timeout: 60_000 });
      void gate();
      await answered;
    } finally {
      service.pageSizesIn = step;
      void gate();
    }
    expect(await page.textContent('.okbox')).toBe('已导入历史档案，共 2 页。');
    expect(await page.locator('.thumbs[data-group=legacy] img').count()).toBe(2);
    await page.keyboard.press('End');
    expect(await page.textContent('#page-caption')).toBe('1998年房屋所有权证档案 · 第 2/2 页');
    await fullShown(page);
    expect(await position(page)).toBe('8 / 8');
  });
});

describe('the register page’s timeline of seizures', () => {
  it('shows a seizure lapsing and the 轮候 moving up that day, and the queue as it stood before', { timeout: 60_000 }, async () => {
    const other = (await freeUnit(world.office, 1)).unitNumber;
    const approver = await loginAs(world.office, 'chenjing');
    const today = todayInOffice();
    const [from, to] = [addDays(today, -400), addDays(today, -30)];
    const seize = (n: number, day: string, period: Record<string, unknown>) =>
      api(world.office, approver, 'POST', `/office/archive/units/${other}/court-acts`, { act: 'seize', court: n === 1 ? '佳木斯市前进区人民法院' : '佳木斯市中级人民法院', noticeNumber: `(2025)黑08执协${n}号`, rulingNumber: `(2025)黑08执${n}号`, deliveredAt: `${day}T10:00:00+08:00`, respondent: '业主', ...period });
    expect((await seize(1, from, { from, to })).status).toBe(201);
    expect((await seize(2, addDays(today, -300), { termMonths: 12 })).json).toMatchObject({ standing: 'waiting', rank: 2 });
    const page = await loggedIn('chenjing');
    await page.goto(`${world.office.url}/office/archive/units/${other}`);
    const lapsedOn = addDays(to, 1);
    expect(await page.textContent('#history tr[data-kind=seizure-lapsed]')).toContain(lapsedOn);
    expect(await page.textContent('#history tr[data-kind=seizure-lapsed]')).toContain('佳木斯市前进区人民法院');
    expect(await page.textContent('#history tr[data-kind=seizure-took-effect]')).toContain(`${lapsedOn}`);
    expect(await page.textContent('#history tr[data-kind=seizure-took-effect]')).toContain('佳木斯市中级人民法院');
    expect(await page.getAttribute('#live-seizures tbody tr', 'data-standing')).toBe('effective');
    expect(await page.textContent('#live-seizures tbody tr')).toContain('佳木斯市中级人民法院');
    expect(await page.getAttribute('#ended-seizures tbody tr', 'data-standing')).toBe('lapsed');
    await page.goto(`${world.office.url}/office/archive/units/${other}?asOf=${addDays(today, -100)}`);
    expect(await page.locator('#live-seizures tbody tr').evaluateAll((rows) => rows.map((r) => [r.children[0]?.textContent, r.getAttribute('data-standing')]))).toEqual([['1', 'effective'], ['2', 'waiting']]);
    expect(await page.locator('#history tr.by-law').count()).toBe(0);
  });
});
