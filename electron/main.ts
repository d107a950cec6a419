/**
 * Electron main: only wires modules (CONTRIBUTING.md). Started by `npm start` (scripts/start.ts), which
 * runs the office and the device emulators and passes their addresses in the environment.
 */
import { join } from 'node:path';
import { BrowserWindow, app, ipcMain, protocol, session, shell } from 'electron';
import { defaultDataDir, loadStoredConfig } from './config.ts';
import { openExternalUrl } from './external-links.ts';
import { handleAll } from './ipc/handle.ts';
import { eventNames } from './ipc/contract.ts';
import { guardSession, guardWebContents, trustedOrigins } from './security.ts';
import { createServiceHost } from './services/host.ts';
import { loadHostDependencies } from './services/wiring.ts';
import { createLogger } from './services/log.ts';
import { privateUmask } from './services/data-folder.ts';
import { APP_LOCALE } from './windows/app-locale.ts';
import { appSchemePrivileges, registerAppProtocol } from './windows/app-protocol.ts';
import { createMainWindow } from './windows/main-window.ts';
import { holdSingleInstance } from './windows/single-instance.ts';
import { enableUpdates, type Updater } from './updates/update-service.ts';

const log = createLogger('main');
// Before anything is written: this process is the van's own, and all it writes is private.
privateUmask();
const env = process.env;
const dataDir = env['VAN_DATA_DIR'] ?? defaultDataDir();
const officeUrl = env['VAN_OFFICE_URL'] ?? 'http://127.0.0.1:8620/';
const devServerUrl = env['VAN_DEV_SERVER_URL'];
const rendererRoot = env['VAN_RENDERER_DIR'] ?? join(import.meta.dirname, '..', 'renderer');
const preloadPath = env['VAN_PRELOAD'] ?? join(import.meta.dirname, 'preload.cjs');

// Before `ready`, as both must be: the window speaks Chinese on a laptop set up in English, and app:// is a
// standard, secure scheme so fetch and CSP 'self' work.
app.commandLine.appendSwitch('lang', APP_LOCALE);
protocol.registerSchemesAsPrivileged([appSchemePrivileges]);

const openExternal = (url: string) => {
  void openExternalUrl(url, (u) => shell.openExternal(u)).then((r) => {
    if (!r.ok) log.warn({ url, reason: r.reason }, 'external link refused');
  });
};

// A second launch (a double click while the first window is still coming up) only brings the first to the front.
let win: BrowserWindow | null = null;
if (holdSingleInstance(app, () => win)) await start();
else {
  log.info({}, 'another van app is running: its window is brought to the front');
  app.exit(0);
}

async function start(): Promise<void> {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, openExternal, log));

  app.on('window-all-closed', () => app.quit());

  await app.whenReady();
  guardSession(session.defaultSession);
  const stored = loadStoredConfig(dataDir);
  if (!stored.ok) log.error({ reason: stored.reason }, 'config unreadable; starting with defaults');
  const host = createServiceHost({
    dataDir,
    config: stored.ok ? stored.config : {},
    officeUrl,
    isDemo: env['VAN_DEMO'] === '1',
    deps: await loadHostDependencies({ dataDir, officeUrl, log, deviceToken: stored.ok ? (stored.config.deviceToken ?? null) : null }),
    emulatorPaths: (env['VAN_EMULATOR_PORTS'] ?? '').split(',').filter(Boolean),
    appVersion: app.getVersion(),
    // Not enrolled at start (the office unreachable): keep trying with the code `npm start` passed.
    ...(env['VAN_ENROLL_CODE'] ? { pendingEnrollment: { code: env['VAN_ENROLL_CODE'] } } : {}),
  });
  handleAll(ipcMain, host.handlersFor('electron'), trustedOrigins(devServerUrl), log);
  const router = registerAppProtocol(protocol, { root: rendererRoot, officeUrl, scanFiles: host.scanFiles, log });

  win = await createMainWindow({ BrowserWindow, preloadPath, openExternal, ...(devServerUrl ? { devServerUrl } : {}), log });
  for (const event of eventNames) host.events.on(event, (payload) => win?.webContents.send(event, payload));

  const updater = await loadUpdater();
  const updates = updater ? enableUpdates({ updater, officeUrl, log: createLogger('updates'), now: () => new Date() }) : null;

  app.on('before-quit', () => {
    updates?.close();
    router.close();
    void host.close();
  });
}

/** electron-updater, when it loads (it needs the real Electron runtime); the app runs without updates otherwise. */
async function loadUpdater(): Promise<Updater | null> {
  try {
    const mod = await import('electron-updater');
    return mod.default.autoUpdater;
  } catch (error) {
    log.warn({ err: error instanceof Error ? error.message : String(error) }, 'updater unavailable');
    return null;
  }
}
