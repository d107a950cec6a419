import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { FileStore } from '@tus/file-store';
import { Server as TusServer } from '@tus/server';
import { type FastifyInstance } from 'fastify';
import { ScanAckDoc } from '#protocol/documents/office.ts';
import { MAX_SCAN_BYTES, type ScanState } from '#protocol/messages.ts';
import { API_BASE } from '#protocol/version.ts';
import { refuse, requireDevice } from '#server/auth/guards.ts';
import { hashToken } from '#server/auth/tokens.ts';
import { type OfficeContext } from '#server/context.ts';

export const TUS_PATH = `${API_BASE}/scans/uploads`;
const SHA256 = /^[0-9a-f]{64}$/;

/** @tus/server answers a thrown error with its `status_code` and `body`. */
class TusHttpError extends Error {
  constructor(
    readonly status_code: number,
    readonly body: string,
  ) {
    super(body);
  }
}
const tusError = (status: number, body: string) => new TusHttpError(status, body);

/**
 * Resumable scan uploads (tus 1.0 via @tus/server, files under `data/uploads`). On the last byte the office
 * hashes the file; only when the SHA-256 matches the one the van declared does it move the file to
 * `data/scans/<aa>/<sha256>` (fsync'd), record it and write the `scanAcks` document the van pulls. A
 * mismatch deletes the upload and answers 460 (the tus checksum-mismatch status).
 */
export async function registerScanRoutes(app: FastifyInstance, ctx: OfficeContext): Promise<void> {
  const { storage, hub } = ctx;
  const uploadDir = `${ctx.dataDir}/uploads`;
  const scanDir = `${ctx.dataDir}/scans`;
  await mkdir(uploadDir, { recursive: true });
  await mkdir(scanDir, { recursive: true });
  const deviceOf = async (req: { headers: Headers }) => {
    const h = req.headers.get('authorization') ?? '';
    return h.startsWith('Bearer ') ? storage.deviceByTokenHash(hashToken(h.slice(7).trim())) : undefined;
  };

  const tus = new TusServer({
    path: TUS_PATH,
    datastore: new FileStore({ directory: uploadDir }),
    maxSize: MAX_SCAN_BYTES,
    respectForwardedHeaders: false,
    relativeLocation: true,
    async onIncomingRequest(req) {
      if (!(await deviceOf(req))) throw tusError(401, '设备未登记或令牌无效');
    },
    onUploadCreate(_req, upload) {
      const sha = upload.metadata?.['sha256'] ?? '';
      if (!SHA256.test(sha)) return Promise.reject(tusError(400, '上传元数据缺少合格的 sha256'));
      if (upload.size === undefined) return Promise.reject(tusError(400, '扫描件上传必须声明文件大小'));
      return Promise.resolve({});
    },
    async onUploadFinish(req, upload) {
      const device = await deviceOf(req);
      const declared = upload.metadata?.['sha256'] ?? '';
      const file = `${uploadDir}/${upload.id}`;
      const actual = await sha256File(file);
      if (actual !== declared) {
        await rm(file, { force: true });
        await rm(`${file}.json`, { force: true });
        await storage.recordIncident({
          at: new Date().toISOString(), deviceId: device?.id ?? null, collection: 'scans', docId: declared,
          code: 'scan-hash-mismatch', detail: `收到的文件哈希为 ${actual}`,
        });
        throw tusError(460, `扫描件哈希不符: 声明 ${declared}，收到 ${actual}`);
      }
      const finalPath = `${scanDir}/${actual.slice(0, 2)}/${actual}`;
      await mkdir(`${scanDir}/${actual.slice(0, 2)}`, { recursive: true });
      await fsyncFile(file);
      await rename(file, finalPath);
      await fsyncFile(`${scanDir}/${actual.slice(0, 2)}`);
      const verifiedAt = new Date().toISOString();
      const ack = ScanAckDoc.parse({ id: actual, sha256: actual, bytes: upload.size ?? 0, verifiedAt, _deleted: false });
      await storage.acknowledgeScan(
        { sha256: actual, bytes: upload.size ?? 0, path: finalPath, deviceId: device?.id ?? null, verifiedAt },
        { body: ack, audienceVans: null, ownerDevice: device?.id ?? null },
      );
      hub.publish('scanAcks', { vanIds: [], ownerDevice: device?.id ?? null });
      ctx.events.emit('scan-verified', { sha256: actual, deviceId: device?.id ?? null });
      return {};
    },
  });

  // The tus handler reads the raw request stream itself, so Fastify must not parse these bodies.
  app.addContentTypeParser('application/offset+octet-stream', (_req: unknown, _payload: IncomingMessage, done: (err: null) => void) => done(null));
  const handle = async (req: { raw: IncomingMessage }, reply: { hijack(): void; raw: ServerResponse }) => {
    reply.hijack();
    await tus.handle(req.raw, reply.raw);
  };
  app.all(TUS_PATH, handle);
  app.all(`${TUS_PATH}/*`, handle);

  app.get<{ Params: { sha256: string } }>(`${API_BASE}/scans/:sha256`, async (req, reply) => {
    if (!(await requireDevice(storage, req, reply))) return reply;
    if (!SHA256.test(req.params.sha256)) return refuse(reply, 400, 'malformed', 'sha256 必须是 64 位小写十六进制');
    const blob = await storage.scanBlob(req.params.sha256);
    const state: ScanState = { sha256: req.params.sha256, verified: blob !== undefined, bytes: blob?.bytes ?? null };
    return reply.send(state);
  });
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function fsyncFile(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
