/**
 * `npm run dist`: the van installer. Builds the renderer and the main-process bundles into
 * `dist/app`, writes that folder's package.json (the run-time dependencies only, at the versions
 * this repository uses), then runs electron-builder (scripts/dist-config.ts). electron-builder
 * downloads the Electron runtime and headers for the target; where that cannot be had, it stops
 * there with the cause, after everything before it has been built and checked.
 *
 * Options: --win | --linux (default: this platform)  --update-url URL  --publisher NAME  --out DIR
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildMain } from './build-main.ts';
import { APP_RUNTIME_DEPENDENCIES, distConfig } from './dist-config.ts';
import { buildRenderer } from './start-browser.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

type RootPackage = { name: string; version: string; description: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** The packed app's package.json: its entry, and the run-time dependencies at the repository's versions. */
export function appPackageJson(root: RootPackage): Record<string, unknown> {
  const dependencies = Object.fromEntries(
    APP_RUNTIME_DEPENDENCIES.map((name) => {
      const version = root.dependencies[name];
      if (!version) throw new Error(`${name} is not a dependency of ${root.name}`);
      return [name, version];
    }),
  );
  const electron = root.devDependencies['electron'];
  if (!electron) throw new Error('electron is not a devDependency');
  return {
    name: 'jms-van',
    version: root.version,
    description: root.description,
    author: '佳木斯市不动产登记中心',
    type: 'module',
    main: 'electron/main.js',
    dependencies,
    devDependencies: { electron: electron.replace(/^[\^~]/, '') },
  };
}

/** Builds everything electron-builder packs into `appDir`. */
export async function prepareApp(appDir: string): Promise<void> {
  rmSync(appDir, { recursive: true, force: true });
  mkdirSync(appDir, { recursive: true });
  await buildRenderer(join(appDir, 'renderer'));
  await buildMain(join(appDir, 'electron'));
  const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as RootPackage;
  writeFileSync(join(appDir, 'package.json'), `${JSON.stringify(appPackageJson(root), null, 2)}\n`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      win: { type: 'boolean', default: false },
      linux: { type: 'boolean', default: false },
      'update-url': { type: 'string', default: 'http://127.0.0.1:8787/' },
      publisher: { type: 'string' },
      out: { type: 'string', default: join(repoRoot, 'dist', 'release') },
    },
  });
  const appDir = join(repoRoot, 'dist', 'app');
  await prepareApp(appDir);
  const { Platform, build } = await import('electron-builder');
  const targets = values.win ? Platform.WINDOWS.createTarget() : values.linux ? Platform.LINUX.createTarget() : undefined;
  const config = distConfig({ appDir, outputDir: resolve(values.out), updateUrl: values['update-url'], ...(values.publisher ? { publisherName: values.publisher } : {}) });
  try {
    const files = await build({ projectDir: repoRoot, config, publish: 'never', ...(targets ? { targets } : {}) });
    console.log(`安装包已生成 / installers built:\n${files.join('\n')}`);
    return 0;
  } catch (error) {
    console.error(`安装包未能生成 / the installer could not be built: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exitCode = await main();
