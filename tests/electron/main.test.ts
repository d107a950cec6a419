import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelNames } from '#electron/ipc/contract.ts';
import { FakeBrowserWindow, fakeElectron } from './fake-electron.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const fake = fakeElectron();
vi.mock('electron', () => fake.module);
const updater = vi.hoisted(() => ({ autoDownload: false, autoInstallOnAppQuit: false, allowDowngrade: true, setFeedURL: vi.fn(), checkForUpdates: vi.fn(() => Promise.reject(new Error('offline'))), on: vi.fn() }));
vi.mock('electron-updater', () => ({ default: { autoUpdater: updater } }));

const dataDir = tempFolderForTests('van-main');

describe('electron/main.ts wiring', () => {
  let win: FakeBrowserWindow;
  beforeAll(async () => {
    process.env['VAN_DATA_DIR'] = dataDir();
    process.env['VAN_OFFICE_URL'] = 'http://127.0.0.1:9/';
    await import('#electron/main.ts');
    win = FakeBrowserWindow.created[0]!;
  });
  afterAll(() => {
    delete process.env['VAN_DATA_DIR'];
    delete process.env['VAN_OFFICE_URL'];
  });

  it('opens one window with sandbox, context isolation, no Node and no webview', () => {
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(win.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    expect(win.options).toMatchObject({ width: 1366, height: 768 });
  });

  it('speaks Chinese in its window whatever the laptop’s language (Electron’s lang switch, before ready)', () => {
    expect(fake.module.app.commandLine.appendSwitch).toHaveBeenCalledWith('lang', 'zh-CN');
  });

  it('holds the single-instance lock, and a second launch brings the window back to the front', () => {
    expect(fake.module.app.requestSingleInstanceLock).toHaveBeenCalledTimes(1);
    expect(fake.module.app.exit).not.toHaveBeenCalled();
    win.minimized = true;
    const before = { shown: win.shown, focused: win.focused };
    for (const l of fake.appListeners.get('second-instance') ?? []) l({}, ['van'], dataDir());
    expect({ minimized: win.minimized, shown: win.shown - before.shown, focused: win.focused - before.focused }).toEqual({ minimized: false, shown: 1, focused: 1 });
  });

  it('loads the app from the app:// protocol, registered as a privileged scheme and handled', () => {
    expect(win.loaded).toEqual(['app://van/']);
    expect(fake.module.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([expect.objectContaining({ scheme: 'app' })]);
    expect(fake.module.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('checks the office for updates and installs them only when the app quits', () => {
    expect(updater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: 'http://127.0.0.1:9/updates/', channel: 'latest' });
    expect(updater).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true, allowDowngrade: false });
    expect(updater.checkForUpdates).toHaveBeenCalled();
  });

  it('registers a handler for every channel of the contract and no other', () => {
    expect([...fake.handlers.keys()].sort()).toEqual([...channelNames].sort());
  });

  it('refuses a call whose frame is not our app', async () => {
    const call = fake.handlers.get('config:get')!;
    await expect(call({ senderFrame: { url: 'https://evil.example/' } }, undefined)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    await expect(call({ senderFrame: null }, undefined)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });

  it('answers a call from our app with a validated value', async () => {
    const call = fake.handlers.get('config:get')!;
    await expect(call({ senderFrame: { url: 'app://van/index.html' } }, undefined)).resolves.toMatchObject({
      ok: true,
      value: { officeUrl: 'http://127.0.0.1:9/', transport: 'electron' },
    });
  });

  it('validates every channel: a malformed payload is refused with invalid-request', async () => {
    for (const channel of channelNames) {
      const result = await fake.handlers.get(channel)!({ senderFrame: { url: 'app://van/' } }, { bogus: true });
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
  });

  it('guards the window: navigation and redirects blocked, new windows denied, webviews refused', () => {
    const wc = win.webContents;
    expect(wc.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(wc.fire('will-redirect', 'app://van/other')).toBe(true);
    expect(wc.fire('will-attach-webview')).toBe(true);
    expect(wc.windowOpenHandler!({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
  });

  it('guards every other webContents created later, too', () => {
    const other = new (fake.module.BrowserWindow)({}).webContents;
    for (const l of fake.appListeners.get('web-contents-created') ?? []) l({}, other);
    expect(other.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(other.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check by default', () => {
    const decisions: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'serial', 'openExternal']) {
      fake.sessionHandlers.request!({}, p, (allow) => decisions.push(allow));
      decisions.push(fake.sessionHandlers.check!({}, p));
    }
    expect(decisions.every((d) => d === false)).toBe(true);
  });
});
