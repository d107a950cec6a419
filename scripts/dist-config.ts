/**
 * The installer build (electron-builder) for the van laptops: NSIS for Windows, installed per
 * machine (one install serves every staff account on the laptop), and AppImage for Linux. The app
 * is packed from its own folder (`dist/app`) whose package.json lists only what the Electron main
 * process loads at run time (serialport's native binding, electron-updater); electron-builder
 * installs those there and rebuilds native modules for Electron's ABI. Everything else is bundled
 * into `main.js` by scripts/build-main.ts, and the office's own dependencies (Fastify, SQLite) never
 * ship on a van.
 */
import { type Configuration } from 'electron-builder';
import { APP_LOCALE } from '#electron/windows/app-locale.ts';

export const APP_ID = 'cn.gov.jms.bdc.van';
export const PRODUCT_NAME = '便民服务直通车';
/** Where electron-updater looks for `latest.yml` / `latest-linux.yml`, below the office's address. */
export const UPDATE_FEED_PATH = 'updates/';

/** What the packed app needs from npm at run time; versions come from the repository's package.json. */
export const APP_RUNTIME_DEPENDENCIES = ['serialport', 'electron-updater'] as const;

export type DistOptions = {
  /** The folder holding the app's package.json and built files. */
  appDir: string;
  outputDir: string;
  /** The office address the built app's updater checks by default (each van's own office overrides it at run time). */
  updateUrl: string;
  /** Windows code signing: the publisher name electron-updater checks before it installs an update. */
  publisherName?: string;
};

export function distConfig(opts: DistOptions): Configuration {
  return {
    appId: APP_ID,
    productName: PRODUCT_NAME,
    // ASCII names for files and folders: NSIS and AppImage tools choke on others on some systems.
    artifactName: 'jms-van-${version}-${os}-${arch}.${ext}',
    directories: { app: opts.appDir, output: opts.outputDir },
    files: ['**/*', '!**/*.map'],
    asar: true,
    // Chromium's words for the window's language only (the app sets it, electron/windows/app-locale.ts), and
    // en-US, which Chromium falls back to: the other ~50 locale files are weight on every van's update.
    electronLanguages: [APP_LOCALE, 'en-US'],
    // serialport's addon is loaded from outside the archive (a .node file cannot be loaded from inside asar).
    asarUnpack: ['**/*.node'],
    npmRebuild: true,
    nodeGypRebuild: false,
    buildDependenciesFromSource: false,
    publish: [{ provider: 'generic', url: new URL(UPDATE_FEED_PATH, opts.updateUrl).href, channel: 'latest' }],
    win: {
      target: [{ target: 'nsis', arch: ['x64'] }],
      ...(opts.publisherName ? { signtoolOptions: { publisherName: [opts.publisherName] } } : {}),
    },
    nsis: {
      oneClick: false,
      perMachine: true,
      allowElevation: true,
      allowToChangeInstallationDirectory: false,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      shortcutName: PRODUCT_NAME,
      // Keep the van's data (its keys, unsent work) when the app is removed or updated: wiping is the office's call.
      deleteAppDataOnUninstall: false,
      language: '2052',
    },
    linux: {
      target: [{ target: 'AppImage', arch: ['x64'] }],
      category: 'Office',
      executableName: 'jms-van',
    },
  };
}
