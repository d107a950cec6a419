import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseUpdateInfo, resolveFiles } from 'electron-updater/out/providers/Provider.js';
import { runCli } from '#electron/cli/run-cli.ts';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';
import { API_BASE } from '#protocol/version.ts';
import { adminToken, startOffice, type RunningOffice } from '../sync/helpers.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const work = tempFolderForTests('update-feed');
let office: RunningOffice;
beforeAll(async () => {
  office = await startOffice(join(work(), 'office'));
});
afterAll(async () => {
  await office.close();
});

const sha512 = (bytes: Uint8Array) => createHash('sha512').update(bytes).digest('base64');

/** A release folder as `npm run dist` writes it for Linux: the AppImage, its block map, the feed. */
function release(name: string, version: string, opts: { tamper?: boolean; dropInstaller?: boolean; size?: number } = {}): { dir: string; installer: string; bytes: Buffer } {
  const dir = join(work(), name);
  mkdirSync(dir, { recursive: true });
  const installer = `jms-van-${version}-linux-x86_64.AppImage`;
  const bytes = randomBytes(300_000);
  if (!opts.dropInstaller) writeFileSync(join(dir, installer), opts.tamper ? Buffer.concat([bytes, Buffer.from('x')]).subarray(1) : bytes);
  writeFileSync(join(dir, `${installer}.blockmap`), randomBytes(64));
  writeFileSync(join(dir, 'latest-linux.yml'), dump({ version, files: [{ url: installer, sha512: sha512(bytes), size: opts.size ?? bytes.length }], path: installer, sha512: sha512(bytes), releaseDate: '2026-12-01T08:00:00.000Z' }));
  return { dir, installer, bytes };
}

async function publish(dir: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['office', 'publish-update', '--from', dir, '--office', office.url, '--password', DEMO_PASSWORD], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** What a van's electron-updater reads: the feed through its own parser, then the installer it names. */
async function readFeedAsTheVan(): Promise<{ version: string; installerUrl: string; installer: Buffer; sha512: string }> {
  const feedUrl = new URL('updates/latest-linux.yml', office.url);
  const text = await (await fetch(feedUrl)).text();
  const info = parseUpdateInfo(text, 'latest-linux.yml', feedUrl);
  const [file] = resolveFiles(info, new URL('updates/', office.url));
  const installer = Buffer.from(await (await fetch(file!.url)).arrayBuffer());
  return { version: info.version, installerUrl: file!.url.href, installer, sha512: file!.info.sha512 };
}

describe('the office serves the update feed it received from a release', () => {
  it('publishes a release and serves the feed and installer electron-updater will check', async () => {
    const r = release('v020', '0.2.0');
    const published = await publish(r.dir);
    expect(published.code, published.err).toBe(0);
    expect(published.out).toContain('版本 0.2.0');
    const seen = await readFeedAsTheVan();
    expect(seen.version).toBe('0.2.0');
    expect(seen.installerUrl).toBe(new URL(`updates/${r.installer}`, office.url).href);
    expect(seen.installer.equals(r.bytes)).toBe(true);
    expect(sha512(seen.installer)).toBe(seen.sha512);
    expect((await fetch(new URL(`updates/${r.installer}.blockmap`, office.url))).status).toBe(200);
  });

  it('refuses a release whose installer does not match its feed, and keeps serving the previous one', async () => {
    const bad = await publish(release('v030-tampered', '0.3.0', { tamper: true }).dir);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('SHA-512 与清单不符');
    expect((await readFeedAsTheVan()).version).toBe('0.2.0');
  });

  it('refuses a feed naming an installer that is not there', async () => {
    const bad = await publish(release('v031-missing', '0.3.1', { dropInstaller: true }).dir);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('不在');
    expect((await readFeedAsTheVan()).version).toBe('0.2.0');
  });

  it('refuses a feed that is not one, naming its fields in Chinese, and keeps serving the previous one', async () => {
    const bad = await publish(release('v032-malformed', '', { size: -1 }).dir);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('(HTTP 400): 更新清单 latest-linux.yml 内容不正确：版本号：请填写；安装包大小：超出允许的范围');
    // zod's English (`Too small: expected string to have >=1 characters`) and the feed's keys stay out of it.
    expect(bad.err.split('内容不正确：')[1]).not.toMatch(/[A-Za-z]{3,}/);
    // The code a program reads stays the protocol's; the feed is staged, so asking again gets the same answer.
    const again = await fetch(`${office.url}${API_BASE}/admin/updates/publish`, {
      method: 'POST', headers: { authorization: `Bearer ${await adminToken(office.url)}`, 'content-type': 'application/json' }, body: JSON.stringify({ feed: 'latest-linux.yml' }),
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ code: 'malformed', message: '更新清单 latest-linux.yml 内容不正确：版本号：请填写；安装包大小：超出允许的范围' });
    expect((await readFeedAsTheVan()).version).toBe('0.2.0');
  });

  it('takes uploads only from an office admin, and serves nothing outside the feed folder', async () => {
    const put = await fetch(new URL('api/v1/admin/updates/latest-linux.yml', office.url), { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: 'version: 9.9.9' });
    expect(put.status).toBe(401);
    for (const path of ['updates/..%2Foffice.sqlite', 'updates/.staging', 'updates/latest.yml']) {
      expect((await fetch(new URL(path, office.url))).status, path).toBe(404);
    }
  });
});
