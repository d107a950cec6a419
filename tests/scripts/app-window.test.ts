import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appWindowArgs, appWindowEnv, findAppBrowser, hasDisplay } from '#scripts/app-window.ts';

const only = (...present: string[]) => (path: string) => present.includes(path);

describe('the browser npm start opens the app in when Electron cannot be had', () => {
  it('finds Edge on a Windows van laptop before Chrome', () => {
    const env = { 'ProgramFiles(x86)': 'C:\\Program Files (x86)', ProgramFiles: 'C:\\Program Files' };
    const edge = join('C:\\Program Files (x86)', 'Microsoft', 'Edge', 'Application', 'msedge.exe');
    const chrome = join('C:\\Program Files', 'Google', 'Chrome', 'Application', 'chrome.exe');
    expect(findAppBrowser({ platform: 'win32', env, exists: only(edge, chrome) })).toBe(edge);
    expect(findAppBrowser({ platform: 'win32', env, exists: only(chrome) })).toBe(chrome);
  });

  it('finds Debian’s chromium on PATH, and Chrome or Edge where it is not', () => {
    const env = { PATH: '/usr/local/bin:/usr/bin' };
    expect(findAppBrowser({ platform: 'linux', env, exists: only('/usr/bin/chromium', '/usr/bin/google-chrome') })).toBe('/usr/bin/chromium');
    expect(findAppBrowser({ platform: 'linux', env, exists: only('/usr/bin/microsoft-edge-stable') })).toBe('/usr/bin/microsoft-edge-stable');
    expect(findAppBrowser({ platform: 'linux', env, exists: only() })).toBeNull();
  });

  it('takes --browser or VAN_BROWSER over the search, and refuses one that does not exist', () => {
    const env = { PATH: '/usr/bin', VAN_BROWSER: '/opt/edge/msedge' };
    expect(findAppBrowser({ platform: 'linux', env, exists: only('/usr/bin/chromium', '/opt/edge/msedge') })).toBe('/opt/edge/msedge');
    expect(findAppBrowser({ platform: 'linux', env, override: '/opt/x', exists: only('/usr/bin/chromium') })).toBeNull();
  });

  it('needs an X11 or Wayland display on Linux only', () => {
    expect(hasDisplay('linux', {})).toBe(false);
    expect(hasDisplay('linux', { DISPLAY: '' })).toBe(false);
    expect(hasDisplay('linux', { DISPLAY: ':0' })).toBe(true);
    expect(hasDisplay('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
    expect(hasDisplay('win32', {})).toBe(true);
  });

  it('opens one app window at 1366×768 on its own profile', () => {
    expect(appWindowArgs('http://127.0.0.1:5180/#launch=x', '/data/van/browser-profile')).toEqual(
      expect.arrayContaining(['--app=http://127.0.0.1:5180/#launch=x', '--user-data-dir=/data/van/browser-profile', '--window-size=1366,768', '--no-first-run']),
    );
  });

  it('opens it in Chinese on a laptop set up in another language', () => {
    expect(appWindowArgs('http://127.0.0.1:5180/', '/p')).toContain('--lang=zh-CN');
    expect(appWindowEnv({ LANG: 'en_US.UTF-8', PATH: '/usr/bin' })).toEqual({ LANG: 'en_US.UTF-8', PATH: '/usr/bin', LANGUAGE: 'zh_CN' });
  });
});
