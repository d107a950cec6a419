import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = new URL('../../', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'van-scripts-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function run(script: string, args: string[], env: NodeJS.ProcessEnv, until?: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repo, env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise<{ code: number | null; out: string; err: string; kill: () => void }>((resolve) => {
    if (until) child.stdout.on('data', () => until.test(out) && resolve({ code: null, out, err, kill: () => child.kill('SIGTERM') }));
    child.on('exit', (code) => resolve({ code, out, err, kill: () => undefined }));
  });
}

describe('npm start and npm run start:browser', () => {
  it('npm start says plainly, in Chinese and English, that Electron cannot be had and names start:browser', async () => {
    // A mirror that refuses connections stands in for "no network", whatever this machine has.
    const r = await run('scripts/start.ts', ['--data', join(dataDir, 'start')], { ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: join(dataDir, 'cache') });
    if (r.code === 0) return; // An Electron runtime exists here after all: nothing to refuse.
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('无法下载 Electron 运行环境');
    expect(r.err).toContain('The Electron runtime could not be downloaded');
    // The installer's failure is named in one line, not dumped as a stack trace.
    expect(r.err).toMatch(/原因 \/ cause: \S+/);
    expect(r.err).not.toMatch(/^\s+at /m);
    expect(r.err).toContain('npm run start:browser');
  }, 120_000);

  it('start:browser prints a loopback URL with a launch token that serves the app', async () => {
    const r = await run('scripts/start-browser.ts', ['--port', '0', '--data', join(dataDir, 'browser')], {}, /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/);
    try {
      const url = /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.exec(r.out)?.[0];
      expect(url, r.err).toBeDefined();
      const page = await fetch(url!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('便民服务直通车');
      const token = new URL(url!).hash.slice('#token='.length);
      const config = await fetch(new URL('/ipc/config:get', url), { method: 'POST', headers: { 'x-van-token': token, 'content-type': 'application/json' }, body: '{}' });
      expect(await config.json()).toMatchObject({ ok: true, value: { transport: 'http', isDemo: true } });
    } finally {
      r.kill();
    }
  }, 180_000);
});
