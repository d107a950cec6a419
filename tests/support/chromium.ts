import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';

/** Debian's Chromium, headless, with nothing of its own reaching the network while a test runs. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const launchBrowser = (): Promise<Browser> => chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });

export type Viewport = { width: number; height: number };

/** A fresh Chinese-speaking tab of its own (cookies not shared with other tabs), at a laptop's size unless told. */
export async function newTab(browser: Browser, viewport: Viewport = { width: 1280, height: 900 }, options: { acceptDownloads?: boolean; hasTouch?: boolean; javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', ...options });
  return context.newPage();
}

export type SignIn = {
  /** The login page, e.g. `/office/login?next=/office/archive` or `/portal/login`. */
  loginPath: string;
  /** Where the login lands; signing in waits for it. */
  landing: RegExp | ((url: URL) => boolean);
  viewport?: Viewport;
  acceptDownloads?: boolean;
  /** A touch screen, as the counters' and vans' are. */
  hasTouch?: boolean;
  /** Another password than the demo accounts' one (an account made in the test). */
  password?: string;
  /** False for a browser with JavaScript off: the office's pages must work without their scripts. */
  javaScriptEnabled?: boolean;
};

/** A tab signed in with a demo account through the login form, as staff do. */
export async function signedIn(browser: Browser, baseUrl: string, login: string, how: SignIn): Promise<Page> {
  const page = await newTab(browser, how.viewport, { acceptDownloads: how.acceptDownloads ?? false, hasTouch: how.hasTouch ?? false, javaScriptEnabled: how.javaScriptEnabled ?? true });
  await page.goto(`${baseUrl}${how.loginPath}`);
  await page.fill('#login', login);
  await page.fill('#password', how.password ?? DEMO_PASSWORD);
  await Promise.all([page.waitForURL(how.landing), page.click('button[type=submit]')]);
  return page;
}
