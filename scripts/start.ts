/**
 * `npm start`: the embedded default. The local office (seeded with the demo on first run), the
 * device emulators unless real ports are given, the main-side services, and the Electron app
 * pointed at that office. Electron's binary is not fetched by `npm install` (allowScripts has
 * electron:false); the first start runs its installer, and where that cannot download (no
 * network), says so plainly and names `npm run start:browser`.
 *
 * Options: --data DIR  --office-url URL  --office-port N  --id-reader-port PATH  --printer-port PATH  --public-url URL
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isPublicUrl, loadStoredConfig, saveStoredConfig } from '#electron/config.ts';
import { enrollVan } from '#electron/services/enrollment.ts';
import { DEMO_ENROLL_CODE } from '#fixtures/demo/constants.ts';
import { buildMain } from './build-main.ts';
import { startDemoDevices } from './demo-devices.ts';
import { startLocalOffice } from './local-office.ts';
import { buildRenderer } from './start-browser.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

const NO_RUNTIME = [
  '无法下载 Electron 运行环境（本机没有网络或无法访问下载地址）。',
  '请改用浏览器模式：npm run start:browser',
  '',
  'The Electron runtime could not be downloaded (no network, or the download site is unreachable).',
  'Use the browser mode instead: npm run start:browser',
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

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: '.data' },
      'office-url': { type: 'string' },
      'office-port': { type: 'string', default: '8620' },
      'id-reader-port': { type: 'string' },
      'printer-port': { type: 'string' },
      'public-url': { type: 'string' },
    },
  });
  const publicUrl = values['public-url'];
  if (publicUrl !== undefined && !isPublicUrl(publicUrl)) {
    console.error(`--public-url 应为 http(s) 地址 / must be an http(s) URL, got ${publicUrl}`);
    return 2;
  }
  // Check the runtime first: nothing is started when the app cannot open anyway.
  const binary = electronBinary();
  if (!binary) {
    console.error(NO_RUNTIME);
    return 1;
  }
  const dataDir = resolve(values.data);
  const vanDir = join(dataDir, 'van');
  mkdirSync(vanDir, { recursive: true });
  const office = values['office-url'] ? null : await startLocalOffice({ dataDir: join(dataDir, 'office'), port: Number(values['office-port']) });
  const officeUrl = values['office-url'] ?? office?.url ?? '';
  const loaded = loadStoredConfig(vanDir);
  if (!loaded.ok) throw new Error(loaded.reason);
  if (!loaded.config.deviceToken) {
    const enrolled = await enrollVan(officeUrl, DEMO_ENROLL_CODE, loaded.config);
    if (enrolled.ok) saveStoredConfig(vanDir, enrolled.config);
    else console.error(enrolled.reason);
  }
  const devices = await startDemoDevices({ needIdReader: !values['id-reader-port'], needPrinter: !values['printer-port'] });
  const idReader = values['id-reader-port'] ?? devices.idReaderPath;
  const printer = values['printer-port'] ?? devices.printerPath;
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
      VAN_DEMO: values['office-url'] ? '0' : '1',
    },
  });
  const code = await new Promise<number>((done) => child.on('exit', (c) => done(c ?? 0)));
  await devices.close();
  await office?.close();
  return code;
}

process.exitCode = await main();
