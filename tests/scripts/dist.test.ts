import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPackageJson } from '#scripts/dist.ts';
import { distConfig } from '#scripts/dist-config.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const repo = new URL('../../', import.meta.url).pathname;
const rootPackage = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as Parameters<typeof appPackageJson>[0];
const cache = tempFolderForTests('van-dist-cache');

describe('the van installer (npm run dist)', () => {
  it('packs only what the Electron main process loads, at the repository’s versions', () => {
    const app = appPackageJson(rootPackage);
    expect(app).toMatchObject({ name: 'jms-van', version: rootPackage.version, main: 'electron/main.js', type: 'module' });
    expect(app['dependencies']).toEqual({ serialport: rootPackage.dependencies['serialport'], 'electron-updater': rootPackage.dependencies['electron-updater'] });
  });

  it('builds NSIS per machine for Windows and AppImage for Linux, updating from the office’s feed', () => {
    const config = distConfig({ appDir: '/x/app', outputDir: '/x/out', updateUrl: 'https://bdc.jms.gov.cn/', publisherName: '佳木斯市不动产登记中心' });
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false, deleteAppDataOnUninstall: false });
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.win?.signtoolOptions).toEqual({ publisherName: ['佳木斯市不动产登记中心'] });
    expect(config.linux?.target).toEqual([{ target: 'AppImage', arch: ['x64'] }]);
    expect(config.publish).toEqual([{ provider: 'generic', url: 'https://bdc.jms.gov.cn/updates/', channel: 'latest' }]);
    expect(config.asarUnpack).toEqual(['**/*.node']);
    // The window's language ships (electron/main.ts sets it), with Chromium's fallback.
    expect(config.electronLanguages).toEqual(['zh-CN', 'en-US']);
  });

  it('gets through the configuration check, the app build and the native rebuild for Electron, up to the runtime download', async () => {
    // An unreachable mirror stands in for "no network": electron-builder must stop at the download, having done the rest.
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dist.ts', '--linux', '--out', join(cache(), 'release')], {
      cwd: repo,
      // Without VITEST in its environment electron-builder logs its steps as it does for a person.
      env: { ...process.env, VITEST: '', ELECTRON_MIRROR: 'http://127.0.0.1:9/', ELECTRON_BUILDER_CACHE: join(cache(), 'eb'), electron_config_cache: join(cache(), 'e') },
    });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code, log).toBe(1);
    expect(log).toMatch(/executing @electron\/rebuild\s+electronVersion=40\.\d+\.\d+/);
    expect(log).toMatch(/finished\s+moduleName=@serialport\/bindings-cpp/);
    expect(log).toContain('completed installing native dependencies');
    expect(log).toMatch(/packaging\s+platform=linux arch=x64 electron=40/);
    expect(log).toContain('安装包未能生成 / the installer could not be built: connect ECONNREFUSED 127.0.0.1:9');
    for (const file of ['package.json', 'electron/main.js', 'electron/preload.cjs', 'renderer/index.html']) expect(existsSync(join(repo, 'dist', 'app', file)), file).toBe(true);
  }, 300_000);
});
