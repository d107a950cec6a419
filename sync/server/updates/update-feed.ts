/**
 * The update feed the office serves to its vans: electron-updater's generic provider reads
 * `<office>/updates/latest.yml` (Windows) or `latest-linux.yml` (AppImage) and downloads the
 * installer it names, checking its SHA-512 (and on Windows the installer's Authenticode publisher).
 * A release is handed to the office file by file into a staging folder, then published: each
 * installer the feed names must be staged with exactly the size and SHA-512 the feed states, the
 * installers move into place first and the feed file last, so a van never reads a feed whose
 * installer is missing or different.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { z } from 'zod';
import { parseForm } from '#domain/forms/form-issues.ts';
import { syncPath } from '#files/replace-file.ts';
import { UPDATE_TEXT } from './update-text.ts';

/** A file name the feed may serve: no folders, no dot files. */
export const FEED_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
/** The feed files electron-updater asks for (its channel `latest`, per platform). */
export const FEED_NAMES = ['latest.yml', 'latest-linux.yml'] as const;

const FeedFile = z.object({ url: z.string().regex(FEED_FILE), sha512: z.string().min(80), size: z.number().int().positive() });
const Feed = z.object({ version: z.string().min(1), files: z.array(FeedFile).min(1), releaseDate: z.string().optional() });
export type Feed = z.infer<typeof Feed>;

export type PublishOutcome =
  | { ok: true; version: string; files: string[] }
  | { ok: false; code: 'malformed' | 'not-found' | 'rejected'; message: string };

export const updatesDir = (dataDir: string): string => join(dataDir, 'updates');
export const stagingDir = (dataDir: string): string => join(dataDir, 'updates', '.staging');

async function sha512Base64(path: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}


/** Checks the staged feed `name` against the staged installers and moves all of them into the served folder. */
export async function publishFeed(dataDir: string, name: string): Promise<PublishOutcome> {
  if (!(FEED_NAMES as readonly string[]).includes(name)) return { ok: false, code: 'malformed', message: `更新清单只能是 ${FEED_NAMES.join(' 或 ')}` };
  const staging = stagingDir(dataDir);
  let feed: Feed;
  try {
    const parsed = parseForm(Feed, load(await readFile(join(staging, name), 'utf8')), UPDATE_TEXT.feedFields, UPDATE_TEXT.issues);
    if (!parsed.ok) return { ok: false, code: 'malformed', message: UPDATE_TEXT.feedInvalid(name, parsed.message) };
    feed = parsed.data;
  } catch (error) {
    return { ok: false, code: 'not-found', message: `未找到已上传的更新清单 ${name}：${error instanceof Error ? error.message : String(error)}` };
  }
  for (const file of feed.files) {
    const path = join(staging, file.url);
    const size = await stat(path).then((s) => s.size, () => null);
    if (size === null) return { ok: false, code: 'not-found', message: `更新清单列出的安装包 ${file.url} 尚未上传` };
    if (size !== file.size) return { ok: false, code: 'rejected', message: `安装包 ${file.url} 大小 ${size} 与清单不符（应为 ${file.size}），拒绝发布` };
    if ((await sha512Base64(path)) !== file.sha512) return { ok: false, code: 'rejected', message: `安装包 ${file.url} 的 SHA-512 与清单不符，拒绝发布` };
  }
  const served = updatesDir(dataDir);
  await mkdir(served, { recursive: true });
  // Block maps (for differential downloads) travel with their installers when the release has them.
  const blockMaps: string[] = [];
  for (const file of feed.files) {
    if (await stat(join(staging, `${file.url}.blockmap`)).then(() => true, () => false)) blockMaps.push(`${file.url}.blockmap`);
  }
  for (const file of [...feed.files.map((f) => f.url), ...blockMaps, name]) {
    await syncPath(join(staging, file));
    await rename(join(staging, file), join(served, file));
  }
  await syncPath(served);
  return { ok: true, version: feed.version, files: feed.files.map((f) => f.url) };
}
