/**
 * `npm start`: the embedded default. The local office (seeded with the demo on first run), the
 * device emulators unless real ports are given, the main-side services, and the app pointed at
 * that office. Electron's binary is not fetched by `npm install` (allowScripts has electron:false);
 * the first start runs its installer. Where that cannot download, the same services start as in
 * `npm run start:browser` and the app opens in an installed Chromium or Edge in app mode with its
 * own profile (scripts/app-window.ts); where no display exists either, the URL is printed.
 *
 * Options (scripts/start-options.ts): --data DIR  --office-url URL  --office-port N  --id-reader-port PATH
 *          --printer-port PATH  --public-url URL  --port N (the app's address without Electron)  --browser PATH  --help
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadStoredConfig, saveStoredConfig } from '#electron/config.ts';
import { enrollVan } from '#electron/services/enrollment.ts';
import { privateUmask } from '#electron/services/data-folder.ts';
import { DEMO_ENROLL_CODE } from '#fixtures/demo/constants.ts';
import { buildMain } from './build-main.ts';
import { startDemoDevices } from './demo-devices.ts';
import { startLocalOffice } from './local-office.ts';
import { buildRenderer, startBrowserHost } from './start-browser.ts';
import { findAppBrowser, hasDisplay, openAppWindow } from './app-window.ts';
import { firstBusyPort, isAddressInUse, portInUseMessage, type PortUse, useOfError } from './ports.ts';
import { parseStartOptions, type StartOptions } from './start-options.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

const NO_RUNTIME = [
  '无法下载 Electron 运行环境（本机没有网络或无法访问下载地址），改用本机的 Chromium / Edge 打开。',
  'The Electron runtime could not be downloaded (no network, or the download site is unreachable); using an installed Chromium or Edge instead.',
].join('\n');

/** The Electron binary's path, installing it on first start; null when it cannot be had. */
function electronBinary(): string | null {
  const pkgDir = join(repoRoot, 'node_modules', 'electron');
  if (!existsSync(join(pkgDir, 'package.json'))) return null;
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) {
    console.log('首次启动：正在下载 Electron 运行环境… / First start: downloading the Electron runtime…');
    // The installer's own error is a stack trace; staff see its first line as the cause, then what to do.
    const install = spawnSync(process.execPath, [join(pkgDir, 'install.js')], { cwd: pkgDir, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8', timeout: 10 * 60_000 });
    if (install.status !== 0 || !existsSync(pathFile)) {
      const cause = (install.stderr || install.error?.message || '').split('\n').find((line) => line.trim() !== '');
      if (cause) console.error(`原因 / cause: ${cause.trim()}`);
      return null;
    }
  }
  const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** The Electron app: the office, enrollment and devices here, then Electron's main process on the built files. */
async function runElectron(values: StartOptions, binary: string): Promise<number> {
  const { publicUrl } = values;
  const dataDir = resolve(values.data);
  const vanDir = join(dataDir, 'van');
  mkdirSync(vanDir, { recursive: true });
  const office = values.officeUrl ? null : await startLocalOffice({ dataDir: join(dataDir, 'office'), port: values.officePort });
  const officeUrl = values.officeUrl ?? office?.url ?? '';
  const loaded = loadStoredConfig(vanDir);
  if (!loaded.ok) throw new Error(loaded.reason);
  let pendingCode: string | null = null;
  if (!loaded.config.deviceToken) {
    const enrolled = await enrollVan(officeUrl, DEMO_ENROLL_CODE, loaded.config);
    // Kept either way: the installation key lets a later attempt with the same code get this device back.
    saveStoredConfig(vanDir, enrolled.config);
    if (!enrolled.ok) {
      console.error(enrolled.reason);
      pendingCode = DEMO_ENROLL_CODE;
    }
  }
  const devices = await startDemoDevices({ needIdReader: !values.idReaderPort, needPrinter: !values.printerPort });
  const idReader = values.idReaderPort ?? devices.idReaderPath;
  const printer = values.printerPort ?? devices.printerPath;
  const stored = loadStoredConfig(vanDir);
  if (stored.ok) saveStoredConfig(vanDir, { ...stored.config, ...(publicUrl ? { publicUrl } : {}), ...(idReader ? { idReader: { path: idReader } } : {}), ...(printer ? { printer: { path: printer } } : {}) });

  const outDir = join(repoRoot, 'dist', 'electron');
  await buildRenderer();
  await buildMain(outDir);
  const child = spawn(binary, [join(outDir, 'main.js')], {
    stdio: 'inherit',
    env: {
      ...process.env,
      VAN_DATA_DIR: vanDir,
      VAN_OFFICE_URL: officeUrl,
      VAN_RENDERER_DIR: join(repoRoot, 'dist', 'renderer'),
      VAN_PRELOAD: join(outDir, 'preload.cjs'),
      VAN_EMULATOR_PORTS: devices.paths.join(','),
      VAN_DEMO: values.officeUrl ? '0' : '1',
      ...(pendingCode ? { VAN_ENROLL_CODE: pendingCode } : {}),
    },
  });
  const code = await new Promise<number>((done) => child.on('exit', (c) => done(c ?? 0)));
  await devices.close();
  await office?.close();
  return code;
}

/**
 * Without Electron: the same services as `start:browser` on a fixed port (the van's local store
 * belongs to that address), and the app in a Chromium or Edge window until it is closed; with no
 * window possible, the URL until Ctrl+C.
 */
async function runInBrowser(values: StartOptions): Promise<number> {
  console.error(NO_RUNTIME);
  const browser = findAppBrowser({ platform: process.platform, env: process.env, ...(values.browser ? { override: values.browser } : {}) });
  const display = hasDisplay(process.platform, process.env);
  const stopped = new Promise<number>((done) => {
    process.once('SIGINT', () => done(0));
    process.once('SIGTERM', () => done(0));
  });
  const host = await startBrowserHost({
    port: values.port,
    dataDir: values.data,
    officePort: values.officePort,
    build: 'always',
    ...(values.officeUrl ? { officeUrl: values.officeUrl } : {}),
    ...(values.idReaderPort ? { idReaderPort: values.idReaderPort } : {}),
    ...(values.printerPort ? { printerPort: values.printerPort } : {}),
    ...(values.publicUrl ? { publicUrl: values.publicUrl } : {}),
  });
  try {
    if (host.office) console.log(`Office (办公室) at ${host.office.url}office/login`);
    if (browser && display) {
      console.log(`便民服务直通车 opened in / 已在此浏览器中打开: ${browser}`);
      return await Promise.race([openAppWindow(browser, host.launchUrl(), join(host.dataDir, 'van', 'browser-profile')), stopped]);
    }
    console.log(browser ? '没有图形界面，无法打开窗口 / No display to open a window on.' : '未找到 Chromium 或 Edge / No Chromium or Edge found (--browser PATH names one).');
    console.log(`便民服务直通车 is running. Open in Chromium / 用浏览器打开:\n  ${host.url}`);
    return await stopped;
  } finally {
    await host.close();
  }
}

async function main(): Promise<number> {
  privateUmask();
  // Every option is checked before anything starts: a bad one is refused by name, with nothing started or written.
  const command = parseStartOptions(process.argv.slice(2), existsSync);
  if (command.kind === 'help') {
    console.log(command.text);
    return 0;
  }
  if (command.kind === 'refused') {
    console.error(command.message);
    return 2;
  }
  const values = command.options;
  const office: PortUse[] = values.officeUrl ? [] : [{ port: values.officePort, flag: '--office-port', what: '本机办公室 / the local office' }];
  const app: PortUse = { port: values.port, flag: '--port', what: '直通车应用 / the van app' };
  const busy = await firstBusyPort(office);
  if (busy) return portInUse(busy);
  const binary = electronBinary();
  // Without Electron the app itself listens too; checked before its build, which takes a while.
  const uses = binary ? office : [...office, app];
  const appBusy = binary ? null : await firstBusyPort([app]);
  if (appBusy) return portInUse(appBusy);
  try {
    return await (binary ? runElectron(values, binary) : runInBrowser(values));
  } catch (error) {
    // Taken between the check and the listen (another start racing this one): the same words, not a stack trace.
    if (isAddressInUse(error)) return portInUse(useOfError(error, uses));
    throw error;
  }
}

function portInUse(use: PortUse): number {
  console.error(portInUseMessage(use));
  return 1;
}

process.exitCode = await main();
