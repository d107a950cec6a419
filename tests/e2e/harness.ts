/**
 * End-to-end harness: the real office server, `start:browser`'s host (in-process, the same code the
 * script runs) and Chromium driven by playwright-core.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { buildRenderer, startBrowserHost, type BrowserHost, type BrowserHostOptions } from '#scripts/start-browser.ts';
import { startLocalOffice, type LocalOffice } from '#scripts/local-office.ts';
import { DEMO_PASSWORD, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Chromium with a profile folder, so IndexedDB (the van's local store) survives closing and
 * relaunching it, as the app's data survives a restart.
 */
export async function launchChromium(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    deviceScaleFactor: 1,
  });
}

export type E2eWorld = {
  root: string;
  rendererDir: string;
  officeDir: string;
  vanDataDir: string;
  office: LocalOffice | null;
  host: BrowserHost | null;
  browser: BrowserContext | null;
  profileDir: string;
  cleanup(): Promise<void>;
};

/** A temp folder with its own renderer build, an office data folder and a van data folder. */
export async function createWorld(): Promise<E2eWorld> {
  const root = mkdtempSync(join(tmpdir(), 'van-e2e-'));
  const rendererDir = join(root, 'renderer');
  await buildRenderer(rendererDir);
  const world: E2eWorld = {
    root,
    rendererDir,
    officeDir: join(root, 'office'),
    vanDataDir: join(root, 'van'),
    office: null,
    host: null,
    browser: null,
    profileDir: join(root, 'chromium-profile'),
    async cleanup() {
      await world.browser?.close();
      await world.host?.close();
      await world.office?.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return world;
}

export async function startOffice(world: E2eWorld, port = 0): Promise<LocalOffice> {
  world.office = await startLocalOffice({ dataDir: world.officeDir, port });
  return world.office;
}

/**
 * The office re-reads the register for the trip's units, as it does the evening before a trip: the
 * demo seed's snapshots carry the demo's date, and the domain refuses a snapshot from the future.
 */
export async function refreshUnitSnapshots(office: LocalOffice, at: Date): Promise<void> {
  const { storage, hub } = office.app.office;
  const units = await storage.listDocuments('units');
  await storage.writeOfficeDocuments('units', units.map((u) => ({ body: { ...u.body, snapshotAt: at.toISOString() }, audienceVans: [DEMO_VAN_ID], ownerDevice: null })));
  hub.publish('units', { vanIds: [DEMO_VAN_ID], ownerDevice: null });
}

export async function stopOffice(world: E2eWorld): Promise<void> {
  await world.office?.close();
  world.office = null;
}

/** Restarts the van: Chromium closed and the host stopped, then both started again on the same data. */
export async function restartVan(world: E2eWorld, officeUrl: string): Promise<Page> {
  await world.browser?.close();
  world.browser = null;
  // The same port: the page's origin, and so its IndexedDB, includes it.
  const port = world.host ? Number(new URL(world.host.origin).port) : 0;
  await world.host?.close();
  world.host = await startBrowserHost({ dataDir: world.vanDataDir, officeUrl, rendererDir: world.rendererDir, build: 'never', port, emulateDevices: false });
  return openApp(world);
}

export async function startHost(world: E2eWorld, extra: Partial<BrowserHostOptions> = {}): Promise<BrowserHost> {
  if (!world.office) throw new Error('start the office first');
  world.host = await startBrowserHost({ dataDir: world.vanDataDir, officeUrl: world.office.url, emulateDevices: false, rendererDir: world.rendererDir, build: 'never', port: 0, ...extra });
  return world.host;
}

/**
 * Launches Chromium on the world's profile (if not running) and opens the app in a fresh page;
 * `search` adds browser-host options to the address (e.g. `?idleLockSeconds=5`).
 */
export async function openApp(world: E2eWorld, opts: { search?: string } = {}): Promise<Page> {
  if (!world.host) throw new Error('start the host first');
  world.browser ??= await launchChromium(world.profileDir);
  const page = await world.browser.newPage();
  // Fail a step with the locator's name well before the test's own timeout.
  page.setDefaultTimeout(20_000);
  const url = new URL(world.host.url);
  if (opts.search) url.search = opts.search;
  await page.goto(url.href);
  return page;
}

export async function logIn(page: Page, login: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('工号').fill(login);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation', { name: '主菜单' }).waitFor({ timeout: 30_000 });
}

/**
 * The start of a trip day: the office with unit snapshots taken an hour ago, the van's host (`hostOptions`, e.g.
 * a printer port, or a function of the office for options that name its address), the app opened and `login` logged in with the trip pulled. Returns the page.
 */
export async function startTripDay(
  world: E2eWorld,
  login: string,
  hostOptions: Partial<BrowserHostOptions> | ((office: LocalOffice) => Partial<BrowserHostOptions>) = {},
): Promise<Page> {
  const office = await startOffice(world);
  await refreshUnitSnapshots(office, new Date(Date.now() - 3_600_000));
  await startHost(world, typeof hostOptions === 'function' ? hostOptions(office) : hostOptions);
  const page = await openApp(world);
  await page.getByText(/本机已有 \d+ 名员工/).waitFor({ timeout: 60_000 });
  await logIn(page, login);
  await page.getByRole('button', { name: '拉取行程' }).click();
  await page.getByText('行程已拉取').waitFor({ timeout: 60_000 });
  return page;
}

/** An office staff member's API token (password login). */
export async function officeLogin(office: string, login: string): Promise<string> {
  const res = await fetch(`${office}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password: DEMO_PASSWORD }) });
  if (!res.ok) throw new Error(`office login ${login}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
