/**
 * `van office publish-update --from DIR`: hands a release (the folder `npm run dist` wrote) to the
 * office: every installer its feed files name, their block maps for differential downloads, then
 * the feed files, and asks the office to publish each feed (it checks sizes and SHA-512 first).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { UsageError } from '../command.ts';
import { API_BASE } from '#protocol/version.ts';

const FEEDS = ['latest.yml', 'latest-linux.yml'] as const;

type Io = { out(line: string): void };

/** The installer file names a feed lists. */
function filesOf(feedPath: string): string[] {
  const feed = load(readFileSync(feedPath, 'utf8')) as { files?: { url?: unknown }[] } | null;
  const urls = (feed?.files ?? []).map((f) => f.url).filter((u): u is string => typeof u === 'string');
  if (urls.length === 0) throw new UsageError(`${feedPath} 没有列出任何安装包`);
  return urls;
}

async function upload(base: string, token: string, dir: string, file: string): Promise<void> {
  const res = await fetch(`${base}${API_BASE}/admin/updates/${encodeURIComponent(file)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: readFileSync(join(dir, file)),
  });
  if (!res.ok) throw new UsageError(`上传 ${file} 被办公室拒绝 (HTTP ${res.status}): ${await res.text()}`);
}

export async function publishRelease(base: string, token: string, dir: string, io: Io): Promise<void> {
  const feeds = FEEDS.filter((f) => existsSync(join(dir, f)));
  if (feeds.length === 0) throw new UsageError(`${dir} 中没有 ${FEEDS.join(' 或 ')}：请指向 npm run dist 的输出目录`);
  for (const feed of feeds) {
    const installers = filesOf(join(dir, feed));
    for (const file of installers) {
      if (!existsSync(join(dir, file))) throw new UsageError(`${feed} 列出的安装包 ${file} 不在 ${dir}`);
      await upload(base, token, dir, file);
      if (existsSync(join(dir, `${file}.blockmap`))) await upload(base, token, dir, `${file}.blockmap`);
    }
    await upload(base, token, dir, feed);
    const res = await fetch(`${base}${API_BASE}/admin/updates/publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ feed }),
    });
    const body = (await res.json().catch(() => null)) as { version?: string; message?: string } | null;
    if (!res.ok) throw new UsageError(`办公室拒绝发布 ${feed} (HTTP ${res.status}): ${body?.message ?? ''}`);
    io.out(`已发布 ${feed}：版本 ${body?.version ?? '?'}，安装包 ${installers.join(', ')}`);
  }
}
