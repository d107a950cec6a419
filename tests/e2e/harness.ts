/**
 * End-to-end harness: the real office server, `start:browser`'s host (in-process, the same code the
 * script runs) and Chromium driven by playwright-core.
 *
 * Time travel. A world runs at a chosen moment: `createWorld({ daysAhead: 7 })` is "in a week". Every part
 * reads the same clock, `world.clock` (the system clock moved by whole days):
 * - the office server (`buildOfficeApp({ clock })`): what it records, sessions, 今天 for queues and
 *   deadlines, and the demo seed, which is dated from it (trip today, snapshots from the evening before);
 * - the van's main-side host (`startBrowserHost({ clock })`): PDFs, device events;
 * - the page: Playwright's clock (`BrowserContext.clock.install`) moves `Date`, timers and `performance`
 *   in Chromium; time then flows at the normal rate, as on the Node side.
 * `TRIP_DAYS` lists the dates date-sensitive tests run at: today, in a week and in a year. Code under test
 * never reads the system clock directly on these paths: the office takes `ctx.clock`, the host
 * `ctx.clock`, the renderer `new Date()` (which Playwright moves).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { inject } from 'vitest';
import { type Clock, shiftedClock } from '#domain/clock.ts';
import { buildRenderer, startBrowserHost, type BrowserHost, type BrowserHostOptions } from '#scripts/start-browser.ts';
import { startLocalOffice, type LocalOffice } from '#scripts/local-office.ts';
import { DEMO_PASSWORD, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { CHROMIUM_ARGS } from '../support/chromium.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';


/**
 * Chromium with a profile folder, so IndexedDB (the van's local store) survives closing and
 * relaunching it, as the app's data survives a restart.
 */
export async function launchChromium(profileDir: string, clock?: Clock): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    deviceScaleFactor: 1,
  });
  // Before any page: the app's first `Date` already reads the world's time.
  if (clock) await context.clock.install({ time: clock.now() });
  return context;
}

const DAY_MS = 24 * 3_600_000;

/** The dates a date-sensitive test runs at: the demo today, in a week and in a year (`describe.each(TRIP_DAYS)`). */
export const TRIP_DAYS = [
  { label: 'today', daysAhead: 0 },
  { label: 'in a week', daysAhead: 7 },
  { label: 'in a year', daysAhead: 365 },
] as const;

export type WorldOptions = {
  /** Run the whole world this many days from now (the system clock moved; time flows normally). */
  daysAhead?: number;
};

export type E2eWorld = {
  root: string;
  rendererDir: string;
  officeDir: string;
  vanDataDir: string;
  office: LocalOffice | null;
  host: BrowserHost | null;
  browser: BrowserContext | null;
  profileDir: string;
  /** The world's time: the office, the van's host and the page all read it (see the header). */
  clock: Clock;
  cleanup(): Promise<void>;
};

let sharedBuild: Promise<string> | null = null;

/**
 * One renderer build per test process: a world copies nothing, it serves the same folder. The folder is in the
 * run's (tests/support/renderer-builds-global-setup.ts), which is removed when the run ends.
 */
function rendererBuild(): Promise<string> {
  sharedBuild ??= (async () => {
    const dir = mkdtempSync(join(inject('rendererBuildsDir'), 'build-'));
    await buildRenderer(dir);
    return dir;
  })();
  return sharedBuild;
}

/** A temp folder with an office data folder and a van data folder, at `opts.daysAhead` days from now. */
export async function createWorld(opts: WorldOptions = {}): Promise<E2eWorld> {
  const root = mkdtempSync(join(tmpdir(), 'van-e2e-'));
  const rendererDir = await rendererBuild();
  const world: E2eWorld = {
    root,
    rendererDir,
    officeDir: join(root, 'office'),
    vanDataDir: join(root, 'van'),
    office: null,
    host: null,
    browser: null,
    profileDir: join(root, 'chromium-profile'),
    clock: shiftedClock({ now: () => new Date() }, (opts.daysAhead ?? 0) * DAY_MS),
    async cleanup() {
      // Every step even after one fails, and the folder last: nothing of the world outlives it. The first failure is still thrown.
      const failures: unknown[] = [];
      for (const close of [() => world.browser?.close(), () => world.host?.close(), () => world.office?.close()]) {
        await Promise.resolve().then(close).catch((error: unknown) => failures.push(error));
      }
      rmSync(root, { recursive: true, force: true });
      if (failures.length > 0) throw failures[0];
    },
  };
  return world;
}

export async function startOffice(world: E2eWorld, port = 0): Promise<LocalOffice> {
  world.office = await startLocalOffice({ dataDir: world.officeDir, port, clock: world.clock, passwordIterations: TEST_PASSWORD_ITERATIONS });
  return world.office;
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
  world.host = await startBrowserHost({ dataDir: world.vanDataDir, officeUrl, rendererDir: world.rendererDir, build: 'never', port, emulateDevices: false, clock: world.clock });
  return openApp(world);
}

export async function startHost(world: E2eWorld, extra: Partial<BrowserHostOptions> = {}): Promise<BrowserHost> {
  if (!world.office) throw new Error('start the office first');
  world.host = await startBrowserHost({ dataDir: world.vanDataDir, officeUrl: world.office.url, emulateDevices: false, rendererDir: world.rendererDir, build: 'never', port: 0, clock: world.clock, ...extra });
  return world.host;
}

/** Launches Chromium on the world's profile, unless it runs. */
async function startBrowser(world: E2eWorld): Promise<BrowserContext> {
  world.browser ??= await launchChromium(world.profileDir, world.clock);
  return world.browser;
}

/**
 * Launches Chromium on the world's profile (if not running) and opens the app in a fresh page;
 * `search` adds browser-host options to the address (e.g. `?idleLockSeconds=5`).
 */
export async function openApp(world: E2eWorld, opts: { search?: string } = {}): Promise<Page> {
  if (!world.host) throw new Error('start the host first');
  const page = await (await startBrowser(world)).newPage();
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
 * The start of a trip day at the world's date: the office seeded that day (trip today, snapshots from the
 * evening before), the van's host (`hostOptions`, e.g. a printer port, or a function of the office for options
 * that name its address), the app opened and `login` logged in with the trip pulled. Returns the page.
 */
export async function startTripDay(
  world: E2eWorld,
  login: string,
  hostOptions: Partial<BrowserHostOptions> | ((office: LocalOffice) => Partial<BrowserHostOptions>) = {},
): Promise<Page> {
  // Chromium starts while the office seeds: neither needs the other (the page opens once both are up).
  const [started, launched] = await Promise.allSettled([startOffice(world), startBrowser(world)]);
  // Both settled first: the world's cleanup then closes whichever did start.
  if (started.status === 'rejected') throw started.reason;
  if (launched.status === 'rejected') throw launched.reason;
  const office = started.value;
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

export type SecondDevice = { host: BrowserHost; browser: BrowserContext; page: Page; close(): Promise<void> };

/**
 * Another laptop of the same van: its own data folder and Chromium profile, enrolled with a one-time code
 * the office admin issues, `login` logged in with the trip pulled. Closed by `close()` (not by the world).
 */
export async function startSecondDevice(world: E2eWorld, login: string, hostOptions: Partial<BrowserHostOptions> = {}): Promise<SecondDevice> {
  if (!world.office) throw new Error('start the office first');
  const office = world.office.url.replace(/\/$/, '');
  const admin = await officeLogin(office, 'admin');
  const res = await fetch(`${office}/api/v1/admin/enroll-codes`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ vanId: DEMO_VAN_ID }) });
  const { code } = (await res.json()) as { code: string };
  // Chromium starts while the host enrolls; a launch that fails after the host started still closes it, and the reverse.
  const [started, launched] = await Promise.allSettled([
    startBrowserHost({ dataDir: join(world.root, 'van-2'), officeUrl: world.office.url, emulateDevices: false, rendererDir: world.rendererDir, build: 'never', port: 0, enrollCode: code, clock: world.clock, ...hostOptions }),
    launchChromium(join(world.root, 'chromium-profile-2'), world.clock),
  ]);
  if (started.status === 'rejected' || launched.status === 'rejected') {
    await Promise.allSettled([started.status === 'fulfilled' && started.value.close(), launched.status === 'fulfilled' && launched.value.close()]);
    throw started.status === 'rejected' ? started.reason : (launched as PromiseRejectedResult).reason;
  }
  const host = started.value;
  const browser = launched.value;
  const page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(host.url);
  await page.getByText(/本机已有 \d+ 名员工/).waitFor({ timeout: 60_000 });
  await logIn(page, login);
  await page.getByRole('button', { name: '拉取行程' }).click();
  await page.getByText('行程已拉取').waitFor({ timeout: 60_000 });
  return {
    host,
    browser,
    page,
    async close() {
      await browser.close();
      await host.close();
    },
  };
}

/** The device id the office gave the world's van at enrollment (its `van-config.json`). */
export function vanDeviceId(world: E2eWorld): string {
  return (JSON.parse(readFileSync(join(world.vanDataDir, 'van', 'van-config.json'), 'utf8')) as { deviceId: string }).deviceId;
}
