import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Browser, chromium } from 'playwright-core';
import { tempFolderForTests } from '../support/temp-folder.ts';

const repo = new URL('../../', import.meta.url).pathname;
const dataDir = tempFolderForTests('van-scripts');

function run(script: string, args: string[], env: NodeJS.ProcessEnv, until?: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repo, env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return new Promise<{ code: number | null; out: string; err: string; kill: () => void; exited: Promise<number | null> }>((resolve) => {
    if (until) child.stdout.on('data', () => until.test(out) && resolve({ code: null, out, err, kill: () => child.kill('SIGTERM'), exited }));
    child.on('exit', (code) => resolve({ code, out, err, kill: () => undefined, exited }));
  });
}

/** A file another process writes, once it is there and not empty. */
async function waitForFile(path: string): Promise<string> {
  for (let i = 0; i < 600; i += 1) {
    try {
      const text = readFileSync(path, 'utf8');
      if (text.trim()) return text;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${path} never appeared`);
}

describe('npm start and npm run start:browser', () => {
  // A mirror that refuses connections stands in for "no network", whatever this machine has.
  const noElectron = () => ({ ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: join(dataDir(), 'cache') });

  it('npm start without Electron or a display says why in one line each and prints a URL that serves the app', async () => {
    const r = await run('scripts/start.ts', ['--data', join(dataDir(), 'start'), '--port', '0', '--office-port', '0'], { ...noElectron(), DISPLAY: '', WAYLAND_DISPLAY: '' }, /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/);
    try {
      expect(r.err).toContain('无法下载 Electron 运行环境');
      expect(r.err).toContain('The Electron runtime could not be downloaded');
      // The installer's failure is named in one line, not dumped as a stack trace.
      expect(r.err).toMatch(/原因 \/ cause: \S+/);
      expect(r.err).not.toMatch(/^\s+at /m);
      expect(r.out).toMatch(/没有图形界面|未找到 Chromium 或 Edge/);
      const url = /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.exec(r.out)![0];
      expect(await (await fetch(url)).text()).toContain('便民服务直通车');
    } finally {
      r.kill();
    }
    expect(await r.exited).toBe(0);
  }, 180_000);

  it('npm start without Electron opens the app in Chromium in app mode with its own profile, and stops when the window closes', async () => {
    // The "installed browser": the real Chromium, headless, with a debugging port so the test can look into the window.
    const wrapper = join(dataDir(), 'browser.sh');
    writeFileSync(wrapper, `#!/bin/sh\nprintf '%s\\n' "$@" > ${join(dataDir(), 'browser-args.txt')}\nexec /usr/bin/chromium --headless --no-sandbox --disable-gpu --remote-debugging-port=0 "$@"\n`);
    chmodSync(wrapper, 0o755);
    const data = join(dataDir(), 'window');
    const profile = join(data, 'van', 'browser-profile');
    const r = await run('scripts/start.ts', ['--data', data, '--port', '0', '--office-port', '0', '--browser', wrapper], { ...noElectron(), DISPLAY: ':99' }, /已在此浏览器中打开/);
    let browser: Browser | null = null;
    try {
      const args = await waitForFile(join(dataDir(), 'browser-args.txt'));
      expect(args.split('\n')).toEqual(expect.arrayContaining([expect.stringMatching(/^--app=http:\/\/127\.0\.0\.1:\d+\/#launch=[\w-]{32}$/), `--user-data-dir=${profile}`]));
      // The launch code is on a command line other users can read; the token itself is not.
      expect(args).not.toContain('token=');
      const port = (await waitForFile(join(profile, 'DevToolsActivePort'))).split('\n')[0]!;
      browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
      const page = browser.contexts()[0]!.pages()[0]!;
      // The page traded its launch code for the token and came up: the login screen, with staff ready for offline login.
      await page.getByText(/本机已有 \d+ 名员工/).waitFor({ timeout: 60_000 });
      expect(page.url()).not.toContain('launch=');
      await page.getByLabel('工号').waitFor();
      await browser.newBrowserCDPSession().then((cdp) => cdp.send('Browser.close'));
    } finally {
      if (!browser) r.kill();
    }
    expect(await r.exited).toBe(0);
  }, 180_000);

  /** A port some other program holds for the test's length. */
  async function takenPort(): Promise<{ port: number; release: () => Promise<void> }> {
    const server: Server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = server.address();
    return { port: typeof address === 'object' && address ? address.port : 0, release: () => new Promise((done) => server.close(() => done())) };
  }

  it('npm start with the office port taken (a second start) says so and how to choose another, exits 1, and builds nothing', async () => {
    const taken = await takenPort();
    try {
      const r = await run('scripts/start.ts', ['--data', join(dataDir(), 'busy-office'), '--port', '0', '--office-port', String(taken.port)], { ...noElectron(), DISPLAY: '' });
      expect(r.code).toBe(1);
      expect(r.err).toContain(`端口 ${taken.port}（本机办公室 / the local office）已被占用`);
      expect(r.err).toContain('--office-port');
      expect(r.err).not.toMatch(/^\s+at |EADDRINUSE/m);
      // Refused before the Electron download and the app's build: nothing was started or built.
      expect(r.out + r.err).not.toContain('Electron 运行环境');
    } finally {
      await taken.release();
    }
  }, 180_000);

  it('npm start without Electron with the app port taken, and start:browser likewise, say so and exit 1', async () => {
    const taken = await takenPort();
    try {
      const start = await run('scripts/start.ts', ['--data', join(dataDir(), 'busy-app'), '--port', String(taken.port), '--office-port', '0'], { ...noElectron(), DISPLAY: '' });
      expect(start.code).toBe(1);
      expect(start.err).toContain(`端口 ${taken.port}（直通车应用 / the van app）已被占用`);
      expect(start.err).toContain('--port N');
      expect(start.err).not.toMatch(/^\s+at |EADDRINUSE/m);
      const browser = await run('scripts/start-browser.ts', ['--port', String(taken.port), '--data', join(dataDir(), 'busy-browser')], {});
      expect(browser.code).toBe(1);
      expect(browser.err).toContain(`端口 ${taken.port}（直通车应用 / the van app）已被占用`);
      expect(browser.err).not.toMatch(/^\s+at |EADDRINUSE/m);
    } finally {
      await taken.release();
    }
  }, 180_000);

  it('start:browser prints a loopback URL with a launch token that serves the app, with the device ports, --public-url and van-config.json settings given', async () => {
    // A van whose config sets its own offline limit; the public address is given on the command line.
    mkdirSync(join(dataDir(), 'browser', 'van'), { recursive: true });
    writeFileSync(join(dataDir(), 'browser', 'van', 'van-config.json'), JSON.stringify({ offlineLockDays: 3 }));
    const publicUrl = 'https://bdc.example.gov.cn/';
    // Device ports given on the command line (nothing there: they show as not found, and no emulator replaces them).
    const ports = { idReader: join(dataDir(), 'ttyReader'), printer: join(dataDir(), 'ttyPrinter') };
    const r = await run('scripts/start-browser.ts', ['--port', '0', '--data', join(dataDir(), 'browser'), '--public-url', publicUrl, '--id-reader-port', ports.idReader, '--printer-port', ports.printer], {}, /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/);
    try {
      const url = /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.exec(r.out)?.[0];
      expect(url, r.err).toBeDefined();
      const page = await fetch(url!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('便民服务直通车');
      const token = new URL(url!).hash.slice('#token='.length);
      const config = await fetch(new URL('/ipc/config:get', url), { method: 'POST', headers: { 'x-van-token': token, 'content-type': 'application/json' }, body: '{}' });
      expect(await config.json()).toMatchObject({ ok: true, value: { transport: 'http', isDemo: true, offlineLockDays: 3, publicUrl, publicUrlSource: 'configured' } });
      const devices = await fetch(new URL('/ipc/devices:status', url), { method: 'POST', headers: { 'x-van-token': token, 'content-type': 'application/json' }, body: '{}' });
      const statuses = (await devices.json()) as { ok: boolean; value: { kind: 'idReader' | 'printer'; path: string | null; isEmulator: boolean }[] };
      expect(statuses.value.map((d) => ({ kind: d.kind, path: d.path, isEmulator: d.isEmulator })).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
        { kind: 'idReader', path: ports.idReader, isEmulator: false },
        { kind: 'printer', path: ports.printer, isEmulator: false },
      ]);
      // The public address is kept in the van's config, beside what was there.
      expect(JSON.parse(readFileSync(join(dataDir(), 'browser', 'van', 'van-config.json'), 'utf8'))).toMatchObject({ offlineLockDays: 3, publicUrl });
      // Everything it wrote is private to this user: the device token, the van's folder, the demo office's database.
      const mode = (p: string) => statSync(join(dataDir(), 'browser', p)).mode & 0o777;
      expect({ van: mode('van'), config: mode('van/van-config.json'), office: mode('office/office.sqlite') }).toEqual({ van: 0o700, config: 0o600, office: 0o600 });
    } finally {
      r.kill();
    }
  }, 180_000);
});
