/**
 * `npm start` without the Electron runtime: the app in an installed Chromium or Edge in app mode
 * (`--app=URL`: one window, no tabs or address bar) with a profile of its own, so the van's local
 * store is not mixed with anyone's browsing and survives restarts; or, where no display exists,
 * only the URL to open from another session.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { APP_LOCALE } from '#electron/windows/app-locale.ts';

type Env = Record<string, string | undefined>;

/** Names of Chromium-family browsers on PATH (Debian, Ubuntu, Google's and Microsoft's packages). */
const UNIX_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'microsoft-edge-stable', 'microsoft-edge'];

/** Where the browsers install themselves on Windows (Edge ships with Windows 10 and 11) and macOS. */
function installedPaths(platform: NodeJS.Platform, env: Env): string[] {
  if (platform === 'win32') {
    const roots = [env['ProgramFiles(x86)'], env['ProgramFiles'], env['LOCALAPPDATA']].filter((r): r is string => Boolean(r));
    return roots.flatMap((root) => [join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'), join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'), join(root, 'Chromium', 'Application', 'chrome.exe')]);
  }
  if (platform === 'darwin') {
    return ['Google Chrome', 'Microsoft Edge', 'Chromium'].map((name) => `/Applications/${name}.app/Contents/MacOS/${name}`);
  }
  const dirs = (env['PATH'] ?? '').split(delimiter).filter(Boolean);
  return UNIX_NAMES.flatMap((name) => dirs.map((dir) => join(dir, name)));
}

/**
 * The browser to open the app in: `override` (`--browser` or `VAN_BROWSER`) when given, else the
 * first installed Chromium, Chrome or Edge; null when there is none.
 */
export function findAppBrowser(opts: { platform: NodeJS.Platform; env: Env; override?: string; exists?: (path: string) => boolean }): string | null {
  const exists = opts.exists ?? existsSync;
  const override = opts.override ?? opts.env['VAN_BROWSER'];
  if (override) return exists(override) ? override : null;
  return installedPaths(opts.platform, opts.env).find((p) => exists(p)) ?? null;
}

/** Windows and macOS always have one; elsewhere a window needs an X11 or Wayland display. */
export const hasDisplay = (platform: NodeJS.Platform, env: Env): boolean =>
  platform === 'win32' || platform === 'darwin' || Boolean(env['DISPLAY'] || env['WAYLAND_DISPLAY']);

/** The arguments of the app window: app mode, its own profile, a 1366×768 window in Chinese, no first-run prompts. */
export const appWindowArgs = (url: string, profileDir: string): string[] => [
  `--app=${url}`,
  `--lang=${APP_LOCALE}`,
  `--user-data-dir=${profileDir}`,
  '--window-size=1366,768',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-sync',
  '--disable-features=Translate',
];

/** The browser's environment: Chromium on Linux ignores `--lang` and reads its language from `LANGUAGE`. */
export const appWindowEnv = (env: Env): Env => ({ ...env, LANGUAGE: APP_LOCALE.replace('-', '_') });

/** Opens the window and resolves with the browser's exit code when it is closed. */
export function openAppWindow(browser: string, url: string, profileDir: string): Promise<number> {
  const child = spawn(browser, appWindowArgs(url, profileDir), { stdio: 'ignore', env: appWindowEnv(process.env) });
  return new Promise((done) => {
    child.on('error', () => done(1));
    child.on('exit', (code) => done(code ?? 0));
  });
}
