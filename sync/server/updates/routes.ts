/**
 * Update feed routes: `GET /updates/<file>` for the vans (installers are public; electron-updater
 * checks their hash and signature), and the admin's upload and publish of a release.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_BASE } from '#protocol/version.ts';
import { refuse, requireStaff } from '#server/auth/guards.ts';
import { type OfficeContext } from '#server/context.ts';
import { FEED_FILE, publishFeed, stagingDir, updatesDir } from './update-feed.ts';

/** An installer is ~100–200 MB; leave room. */
const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

export function registerUpdateRoutes(app: FastifyInstance, ctx: OfficeContext): void {
  const { storage } = ctx;

  app.get<{ Params: { file: string } }>('/updates/:file', async (req, reply) => {
    const file = req.params.file;
    if (!FEED_FILE.test(file)) return refuse(reply, 404, 'not-found', '没有这个更新文件');
    const path = join(updatesDir(ctx.dataDir), file);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return refuse(reply, 404, 'not-found', '没有这个更新文件');
    const type = file.endsWith('.yml') ? 'text/yaml; charset=utf-8' : 'application/octet-stream';
    // The feed changes with each release; the installers never change under their versioned names.
    const cache = file.endsWith('.yml') ? 'no-store' : 'public, max-age=86400';
    return reply.header('content-length', info.size).header('cache-control', cache).type(type).send(createReadStream(path));
  });

  // Raw bytes for the upload: no JSON parsing of a 100 MB installer.
  app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

  app.put<{ Params: { file: string } }>(`${API_BASE}/admin/updates/:file`, { bodyLimit: MAX_UPLOAD_BYTES }, async (req, reply) => {
    if (!(await requireStaff(storage, req, reply, ctx.adminRoles))) return reply;
    const file = req.params.file;
    if (!FEED_FILE.test(file)) return refuse(reply, 400, 'malformed', '文件名只能含字母、数字、点、下划线和连字符');
    // Only the raw upload arrives as a stream; a body of another type was parsed already and is no file.
    if (!(req.body instanceof Readable)) return refuse(reply, 415, 'malformed', '更新文件须以 application/octet-stream 上传');
    const dir = stagingDir(ctx.dataDir);
    await mkdir(dir, { recursive: true });
    // Its own name, so that two uploads of one file do not write into each other's part.
    const partial = join(dir, `.${file}.${randomBytes(6).toString('hex')}.part`);
    try {
      await pipeline(req.body, createWriteStream(partial));
    } catch (error) {
      // A connection cut midway (or a full disk) leaves no part behind: nothing was taken.
      await rm(partial, { force: true });
      if (req.raw.destroyed || req.raw.readableAborted) return refuse(reply, 400, 'malformed', '上传中断，未作任何保存');
      throw error;
    }
    await rename(partial, join(dir, file));
    return reply.send({ file, bytes: (await stat(join(dir, file))).size });
  });

  app.post(`${API_BASE}/admin/updates/publish`, async (req, reply) => {
    if (!(await requireStaff(storage, req, reply, ctx.adminRoles))) return reply;
    const body = z.object({ feed: z.string() }).safeParse(req.body);
    if (!body.success) return refuse(reply, 400, 'malformed', '需要更新清单文件名 feed');
    const outcome = await publishFeed(ctx.dataDir, body.data.feed);
    if (!outcome.ok) return refuse(reply, outcome.code === 'malformed' ? 400 : outcome.code === 'not-found' ? 404 : 422, outcome.code, outcome.message);
    return reply.send(outcome);
  });
}
