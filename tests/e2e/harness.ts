/**
 * End-to-end harness: the real office server, `start:browser`'s host (in-process, the same code the
 * script runs) and Chromium driven by playwright-core.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { buildRenderer, startBrowserHost, type BrowserHost, type BrowserHostOptions } from '#scripts/start-browser.ts';
import { startLocalOffice, type LocalOffice } from '#scripts/local-office.ts';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

export type E2eWorld = {
  root: string;
  rendererDir: string;
  officeDir: string;
  vanDataDir: string;
  office: LocalOffice | null;
  host: BrowserHost | null;
  browser: Browser;
  cleanup(): Promise<void>;
};

/** A temp folder with its own renderer build, an office data folder and a van data folder. */
export async function createWorld(): Promise<E2eWorld> {
  const root = mkdtempSync(join(tmpdir(), 'van-e2e-'));
  const rendererDir = join(root, 'renderer');
  await buildRenderer(rendererDir);
  const browser = await launchChromium();
  const world: E2eWorld = {
    root,
    rendererDir,
    officeDir: join(root, 'office'),
    vanDataDir: join(root, 'van'),
    office: null,
    host: null,
    browser,
    async cleanup() {
      await world.host?.close();
      await world.office?.close();
      await browser.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return world;
}

export async function startOffice(world: E2eWorld, port = 0): Promise<LocalOffice> {
  world.office = await startLocalOffice({ dataDir: world.officeDir, port });
  return world.office;
}

export async function stopOffice(world: E2eWorld): Promise<void> {
  await world.office?.close();
}

export async function startHost(world: E2eWorld, extra: Partial<BrowserHostOptions> = {}): Promise<BrowserHost> {
  if (!world.office) throw new Error('start the office first');
  world.host = await startBrowserHost({ dataDir: world.vanDataDir, officeUrl: world.office.url, rendererDir: world.rendererDir, build: 'never', port: 0, ...extra });
  return world.host;
}

export async function openApp(world: E2eWorld): Promise<Page> {
  if (!world.host) throw new Error('start the host first');
  const context = await world.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', deviceScaleFactor: 1 });
  const page = await context.newPage();
  // Fail a step with the locator's name well before the test's own timeout.
  page.setDefaultTimeout(20_000);
  await page.goto(world.host.url);
  return page;
}

export async function logIn(page: Page, login: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('工号').fill(login);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation', { name: '主菜单' }).waitFor({ timeout: 30_000 });
}
