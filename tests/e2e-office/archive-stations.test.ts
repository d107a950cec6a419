import { pino } from 'pino';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdReaderEmulator, startIdReaderEmulator } from '#fixtures/devices/id-reader-emulator.ts';
import { IdReaderDriver } from '#electron/devices/id-reader/driver.ts';
import { serialOpener } from '#electron/devices/ports.ts';
import { StationAgent } from '#electron/station/station-agent.ts';
import { DEMO_BUILDING, DEMO_HOLDER } from '#server/office/archive/seed-register.ts';
import { api, loginAs, type Office } from '../office/harness.ts';
import { startArchiveOffice } from '../archive/harness.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { dbStationStore } from '#server/office/stations/db-station-store.ts';
import { StationService } from '#server/office/stations/station-service.ts';
import { sql } from '#office/platform/db/sql.ts';
import { pdfQrCodes, pdfText } from '../documents/pdf-tools.ts';
import { fixturePath } from '../devices/frames.ts';
import { launchBrowser, newTab, signedIn } from '../support/chromium.ts';

const FLAT_301 = `${DEMO_BUILDING.key}0301`;
/** The identities on the emulator's cards (fixtures/devices/identities.json). */
const CARD = { holder: 0, li: 1, expired: 4, foreigner: 5 } as const;

let office: Office;
let browser: Browser;
let admin: string;
const running: { stop(): Promise<void> }[] = [];

type Station = { emulator: IdReaderEmulator; agent: StationAgent; token: string; id: string };

/** A station made by the administration, its agent running over a real pty to the reader emulator. */
async function station(name: string, kind: 'counter' | 'kiosk'): Promise<Station> {
  const made = await api(office, admin, 'POST', '/office/stations', { name, kind });
  expect(made.status).toBe(201);
  const token = made.json['token'] as string;
  const emulator = await startIdReaderEmulator({ identities: fixturePath('identities.json') });
  const driver = new IdReaderDriver({ open: serialOpener({ path: emulator.devicePath, baudRate: 115_200 }), pollIntervalMs: 50, log: pino({ level: 'silent' }) });
  const agent = new StationAgent({ officeUrl: office.url, token, reader: driver, log: pino({ level: 'silent' }), retryMs: 200 });
  void agent.start();
  running.push({ stop: async () => { await agent.stop(); await driver.close(); await emulator.close(); } });
  return { emulator, agent, token, id: (made.json['station'] as { id: string }).id };
}

/** Takes any card off the reader and places `card` (a card is read once per placement). */
function place(s: Station, card: number): void {
  s.emulator.removeCard();
  s.emulator.placeCard(card);
}

/** The kiosk's upright touch screen. */
const newPage = (): Promise<Page> => newTab(browser, { width: 1080, height: 1920 }, { hasTouch: true });

const loggedIn = (login: string): Promise<Page> =>
  signedIn(browser, office.url, login, { loginPath: '/office/login?next=/office/archive/queries/new', landing: (u) => u.pathname === '/office/archive/queries/new' });

/**
 * Presses the kiosk's button and answers the PDF it gets back (or the page's error). The answer's bytes are taken
 * on the way (Chromium's PDF viewer stands between a navigation and its body), and the page shows them as it would.
 */
async function kioskQuery(page: Page): Promise<{ pdf: Uint8Array | null; error: string | null; refresh: string | undefined }> {
  let pdf: Uint8Array | null = null;
  await page.route('**/kiosk/holdings', async (route) => {
    const res = await route.fetch();
    const body = await res.body();
    if (res.headers()['content-type'] === 'application/pdf') pdf = new Uint8Array(body);
    await route.fulfill({ response: res, body });
  });
  const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/kiosk/holdings') && r.request().method() === 'POST'), page.tap('#kiosk-read')]);
  await page.unroute('**/kiosk/holdings');
  const refresh = res.headers()['refresh'];
  if (res.headers()['content-type'] === 'application/pdf') return { pdf, error: null, refresh };
  await page.waitForSelector('#kiosk-error');
  return { pdf: null, error: await page.textContent('#kiosk-error'), refresh };
}

beforeAll(async () => {
  // A reader waits this long for a card no one places (the office's 20 seconds would only lengthen the test).
  office = await startArchiveOffice({ stationCardWaitMs: 2000 });
  admin = await loginAs(office, 'admin');
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  for (const r of running.splice(0)) await r.stop();
  await browser?.close();
  await office?.close();
});

describe('reader stations: the counter reads the asker\'s ID card', () => {
  it('the administration adds a station on its page and sees its token once', { timeout: 60_000 }, async () => {
    const page = await signedIn(browser, office.url, 'admin', { loginPath: '/office/login?next=/office/stations', landing: (u) => u.pathname === '/office/stations' });
    await page.fill('#station-name', '一楼查询窗口 1 号');
    await page.selectOption('#station-kind', 'counter');
    await Promise.all([page.waitForLoadState('load'), page.click('form.card button[type=submit]')]);
    expect((await page.textContent('#station-token'))?.length).toBe(43);
    await page.goto(`${office.url}/office/stations`);
    expect(await page.locator('#station-token').count()).toBe(0);
    expect(await page.textContent('#stations')).toContain('一楼查询窗口 1 号');
    expect(await page.textContent('#stations tr:has-text("一楼查询窗口 1 号") .station-place')).toBe('登记中心');
    await page.context().close();
  });

  it('names the developer whose sales office a station serves', { timeout: 60_000 }, async () => {
    const market = dbMarketStores(office.storage.db);
    await market.table.createOrg({ id: 'dev-stations', kind: 'developer', name: '佳木斯江景房地产开发有限公司', creditCode: '91230800MA1B2C3D4E', active: true, createdBy: 'test', createdAt: new Date().toISOString() });
    await new StationService(dbStationStore(office.storage.db), office.storage.db, { now: () => new Date() }).create('江景华府售楼处 1 号台', 'counter', 'staff-admin', 'dev-stations');
    const page = await signedIn(browser, office.url, 'admin', { loginPath: '/office/login?next=/office/stations', landing: (u) => u.pathname === '/office/stations' });
    expect(await page.textContent('#stations tr:has-text("江景华府售楼处 1 号台") .station-place')).toBe('佳木斯江景房地产开发有限公司 售楼处');
    await page.context().close();
  });

  it('fills the requester from the card on the chosen station, and the query records the card as the source', { timeout: 90_000 }, async () => {
    const counter = await station('二楼查询窗口', 'counter');
    const page = await loggedIn('wangfang');
    await page.selectOption('#q-kind', 'prospective');
    await page.fill('#q-purpose', '购房前了解房屋状况');
    await page.selectOption('#q-by', 'unit-number');
    await page.fill('#q-value', FLAT_301);
    await page.selectOption('#q-station', counter.id);
    place(counter, CARD.li);
    await Promise.all([page.waitForSelector('#card-read'), page.click('#q-read-card')]);
    expect(await page.textContent('#card-read')).toContain('李秀梅（230803198509211620）');
    expect(await page.inputValue('#q-name')).toBe('李秀梅');
    expect(await page.inputValue('#q-purpose')).toBe('购房前了解房屋状况');
    await page.check('#q-promised');
    await Promise.all([page.waitForURL(/\/office\/archive\/queries\/\d+$/), page.click('#query-form button[type=submit]:not(#q-read-card)')]);
    const audit = await api(office, await loginAs(office, 'wangfang'), 'GET', '/office/archive/audit?from=1');
    const last = (audit.json['records'] as { action: string; detail: { requester: { name: string; fromCard: boolean } } }[]).at(-1);
    expect(last).toMatchObject({ action: 'query', detail: { requester: { name: '李秀梅', fromCard: true } } });
    await page.context().close();
  });

  it('refuses an expired card in words, and says so when the station\'s agent is not running', { timeout: 90_000 }, async () => {
    const counter = await station('三楼查询窗口', 'counter');
    const page = await loggedIn('wangfang');
    await page.selectOption('#q-station', counter.id);
    place(counter, CARD.expired);
    await Promise.all([page.waitForSelector('#card-failed'), page.click('#q-read-card')]);
    expect(await page.textContent('#card-failed')).toContain('已过期（有效期至 2026-04-01）');
    expect(await page.inputValue('#q-readerRequestId')).toBe('');
    await counter.agent.stop();
    place(counter, CARD.li);
    await Promise.all([page.waitForSelector('#card-failed'), page.click('#q-read-card')]);
    expect(await page.textContent('#card-failed')).toContain('读卡终端未响应');
    // Both reads are kept with the station: the expired card as read, and the one no agent served. That one is still
    // pending, or — when the stopped agent's poll was still open at the office as it came — taken by that poll and
    // answered by the office for the gone agent, or left taken and unanswered.
    const reads = await office.storage.db.all<{ state: string; card: string | null; failure: string | null }>(sql`SELECT state, card, failure FROM reader_station_reads WHERE station_id = ${counter.id} ORDER BY requested_at`);
    expect(reads.map((r) => r.state)).toEqual(['done', expect.stringMatching(/^(pending|taken|failed)$/)]);
    expect(reads[1]?.card).toBeNull();
    expect(JSON.parse(reads[0]?.card ?? '{}')).toMatchObject({ name: '陈家明', validTo: '2026-04-01' });
    if (reads[1]?.state === 'failed') expect(JSON.parse(reads[1].failure ?? '{}')).toMatchObject({ code: 'station-offline' });
    await page.context().close();
  });

  it('refuses a token the office did not issue', async () => {
    const res = await fetch(`${office.url}/api/v1/stations/reads/next`, { headers: { authorization: 'Bearer not-a-token-of-this-office-at-all' } });
    expect(res.status).toBe(401);
  });
});

describe('the self-service 有房/无房 kiosk', () => {
  it('is set up once with its station token, then reads a card and gives the holder\'s certificate as a PDF that verifies', { timeout: 120_000 }, async () => {
    const kiosk = await station('大厅自助查询机', 'kiosk');
    const page = await newPage();
    await page.goto(`${office.url}/kiosk`);
    await page.fill('#kiosk-token', 'wrong-token-wrong-token-wrong-token');
    await page.tap('form button[type=submit]');
    expect(await page.textContent('#kiosk-error')).toContain('令牌不对');
    await page.fill('#kiosk-token', kiosk.token);
    await Promise.all([page.waitForSelector('#kiosk-read'), page.tap('form button[type=submit]')]);

    place(kiosk, CARD.holder);
    const own = await kioskQuery(page);
    expect(own.error).toBeNull();
    // The kiosk's screen has no back button: the certificate goes off it by itself, back to the start.
    expect(own.refresh).toBe('120; url=/kiosk');
    const text = pdfText(own.pdf!);
    expect(text).toContain(DEMO_HOLDER.name);
    expect(text).toContain('有房');
    const [link] = await pdfQrCodes(own.pdf!);
    await page.goto(link!);
    expect(await page.getAttribute('#verify-state', 'data-state')).toBe('valid');

    await page.goto(`${office.url}/kiosk`);
    place(kiosk, CARD.li);
    const none = await kioskQuery(page);
    expect(pdfText(none.pdf!)).toContain('无房');
  });

  it('says what to do when no card is placed, and logs every certificate it issued in the audit chain', { timeout: 90_000 }, async () => {
    const kiosk = await station('二号自助查询机', 'kiosk');
    const page = await newPage();
    await page.goto(`${office.url}/kiosk`);
    await page.fill('#kiosk-token', kiosk.token);
    await Promise.all([page.waitForSelector('#kiosk-read'), page.tap('form button[type=submit]')]);
    kiosk.emulator.removeCard();
    const nothing = await kioskQuery(page);
    expect(nothing.error).toContain('身份证');
    const audit = await api(office, await loginAs(office, 'wangfang'), 'GET', '/office/archive/audit?from=1');
    const issued = (audit.json['records'] as { action: string; actor: string }[]).filter((r) => r.action === 'holdings-issued');
    expect(issued.map((r) => r.actor)).toEqual([expect.stringMatching(/^kiosk:station-/), expect.stringMatching(/^kiosk:station-/)]);
    expect(audit.json['chain']).toMatchObject({ ok: true });
  });

  it('tells the person at the kiosk, in their own words, that their card has expired, and clears the screen after', { timeout: 90_000 }, async () => {
    const kiosk = await station('三号自助查询机', 'kiosk');
    const page = await newPage();
    await page.goto(`${office.url}/kiosk`);
    await page.fill('#kiosk-token', kiosk.token);
    await Promise.all([page.waitForSelector('#kiosk-read'), page.tap('form button[type=submit]')]);
    place(kiosk, CARD.expired);
    const refused = await kioskQuery(page);
    expect(refused.error).toBe('未能完成查询：您的港澳台居民居住证已过期（有效期至 2026-04-01），不能用于自助查询：请换用有效的身份证件，或持有效证件到查询窗口办理。');
    // Not the counter's words to staff (申请人, 委托代理人): no one else is at a kiosk.
    expect(refused.error).not.toMatch(/申请人|委托代理人/);
    expect(refused.refresh).toBe('60; url=/kiosk');
    // The button is there to try again with another card.
    expect(await page.locator('#kiosk-read').count()).toBe(1);
  });

  it('names the number on a foreigner\'s permanent residence card 身份证件号码, not 公民身份号码 (they are no citizen)', { timeout: 90_000 }, async () => {
    const kiosk = await station('四号自助查询机', 'kiosk');
    const page = await newPage();
    await page.goto(`${office.url}/kiosk`);
    await page.fill('#kiosk-token', kiosk.token);
    await Promise.all([page.waitForSelector('#kiosk-read'), page.tap('form button[type=submit]')]);
    place(kiosk, CARD.foreigner);
    const own = await kioskQuery(page);
    const text = pdfText(own.pdf!);
    expect(text).toMatch(/身份证件号码\s+RUS230088070412（读卡核验）/);
    expect(text).not.toContain('公民身份号码');
  });

  it('tells the person at a kiosk whose station was stopped to go to the counter, instead of asking them for a token', { timeout: 90_000 }, async () => {
    const kiosk = await station('五号自助查询机', 'kiosk');
    const page = await newPage();
    await page.goto(`${office.url}/kiosk`);
    await page.fill('#kiosk-token', kiosk.token);
    await Promise.all([page.waitForSelector('#kiosk-read'), page.tap('form button[type=submit]')]);
    await new StationService(dbStationStore(office.storage.db), office.storage.db, { now: () => new Date() }).revoke(kiosk.id);
    // Someone taps the button still on the screen, then the next one finds the start page.
    place(kiosk, CARD.li);
    await Promise.all([page.waitForSelector('#kiosk-stopped'), page.tap('#kiosk-read')]);
    expect(await page.textContent('#kiosk-stopped')).toContain('本机暂停自助查询服务，请到查询窗口办理');
    await page.goto(`${office.url}/kiosk`);
    expect(await page.textContent('#kiosk-stopped')).toContain('本机暂停自助查询服务，请到查询窗口办理');
    expect(await page.locator('#kiosk-read').count()).toBe(0);
  });

  it('is refused to a browser that was never set up as a kiosk', async () => {
    const res = await fetch(`${office.url}/kiosk/holdings`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: office.url } });
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(text).toContain('尚未设为自助查询机');
    expect(text).not.toContain('暂停自助查询服务');
  });
});
