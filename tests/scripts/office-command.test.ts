import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { P } from '#server/office/province/province-text.ts';
import { getPage, pageLogin } from '../security/attacker-kit.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

/**
 * `npm run office -- --data DIR --port N --host H --seed demo`, and where it sends the 登簿 接入 messages: the
 * address given by `--province-url`, or else by OFFICE_PROVINCE_URL; with neither, its province page says they wait.
 */
const repo = new URL('../../', import.meta.url).pathname;
const dataDir = tempFolderForTests('npm-run-office');
const running = new Set<() => Promise<void>>();
afterAll(async () => {
  for (const stop of running) await stop();
});

/** The office server as `npm run office` starts it, until it says where it listens. */
async function office(args: string[], env: NodeJS.ProcessEnv): Promise<{ url: string; stop: () => Promise<void> }> {
  const base = { ...process.env };
  delete base['OFFICE_PROVINCE_URL'];
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync/server/main.ts', '--data', join(dataDir(), 'office'), '--port', '0', '--host', '127.0.0.1', ...args], { cwd: repo, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const stop = async () => {
    running.delete(stop);
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  running.add(stop);
  await expect.poll(() => /OFFICE_LISTENING (\S+)/.test(out) || child.exitCode !== null, { timeout: 120_000, interval: 100 }).toBe(true);
  const url = /OFFICE_LISTENING (\S+)/.exec(out)?.[1];
  if (!url) throw new Error(`the office stopped before it listened:\n${out}\n${err.slice(-3000)}`);
  return { url, stop };
}

/** Whether the office's province page (as 陈静, who may see it) says no platform address is configured. */
async function saysNotConfigured(url: string): Promise<boolean> {
  const { cookie } = await pageLogin(url, 'chenjing');
  const page = await getPage(url, '/office/province', cookie);
  expect(page.status).toBe(200);
  return page.html.includes(P.page.notConfigured);
}

describe('npm run office and the province platform', () => {
  it('listens on the host and port given, seeds the demo, and takes the platform from --province-url or OFFICE_PROVINCE_URL', async () => {
    const plain = await office(['--seed', 'demo'], {});
    expect(plain.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await saysNotConfigured(plain.url)).toBe(true);
    await plain.stop();

    // The same data folder again: already seeded, now with a platform address (nothing listens there: no 登簿 yet).
    const byOption = await office(['--province-url', 'http://127.0.0.1:9/province'], {});
    expect(await saysNotConfigured(byOption.url)).toBe(false);
    await byOption.stop();

    const byEnv = await office([], { OFFICE_PROVINCE_URL: 'http://127.0.0.1:9/province' });
    expect(await saysNotConfigured(byEnv.url)).toBe(false);
    await byEnv.stop();
  }, 300_000);
});
