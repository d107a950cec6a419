import { type FileHandle, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncPath } from '#files/replace-file.ts';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { Metadata, Server as TusServer } from '@tus/server';
import { AsyncLocalStorage } from 'node:async_hooks';
import { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { ScanAckDoc } from '#protocol/documents/office.ts';
import { MAX_SCAN_BYTES, type ScanState } from '#protocol/messages.ts';
import { API_BASE } from '#protocol/version.ts';
import { bearer, deviceForToken, refuse, requireDevice } from '#server/auth/guards.ts';
import { type OfficeContext } from '#server/context.ts';
import { type Device } from '#server/storage/storage.ts';
import { HashingFileStore, newUploadId, receiveWhole } from './hashing-file-store.ts';
import { DbLocker } from './db-locker.ts';
import { isDiskFull } from '#server/log/disk-full.ts';
import { FAILURE_TEXT } from '#server/log/failure-text.ts';
import { SCAN_TEXT } from './scan-text.ts';

export const TUS_PATH = `${API_BASE}/scans/uploads`;
const SHA256 = /^[0-9a-f]{64}$/;
/** The upload metadata key under which the office records the device that created an upload (not the van's to set). */
const DEVICE_KEY = 'office-device';

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
 * Resumable scan uploads (tus 1.0 via @tus/server, files under `data/uploads`; a scan sent whole in its
 * creating request is taken without it, `takeWhole`). The office hashes the bytes as they arrive; on the last
 * byte, only when the SHA-256 matches the one the van declared does it move the file to
 * `data/scans/<aa>/<sha256>`, make the file and that name durable (fsync of the file and of its folder),
 * record it and write the `scanAcks` document the van pulls (one SQLite commit, shared with the writes that
 * finish at the same time). Nothing is acknowledged before all three are on disk. A mismatch deletes the
 * upload and answers 460 (the tus checksum-mismatch status).
 */
export async function registerScanRoutes(app: FastifyInstance, ctx: OfficeContext): Promise<void> {
  const { storage, hub } = ctx;
  const uploadDir = `${ctx.dataDir}/uploads`;
  const scanDir = `${ctx.dataDir}/scans`;
  await mkdir(uploadDir, { recursive: true });
  await makeShardFolders(scanDir);
  /** The device an upload request's bearer token names (a device being wiped still uploads). */
  const deviceFor = (authorization: string | undefined) => deviceForToken(storage, bearer({ headers: { authorization } }), { duringWipe: true });
  /**
   * The device `onIncomingRequest` found for a tus request, which @tus/server hands to every later hook of that
   * request as the same object: creating and finishing an upload read it here, not from the database again.
   */
  const deviceOfRequest = new WeakMap<Request, Device>();
  const deviceOf = (req: Request): Device => {
    const device = deviceOfRequest.get(req);
    if (!device) throw new Error('tus hook before onIncomingRequest'); // @tus/server calls that hook first, on every method
    return device;
  };
  /**
   * An upload belongs to a scan its device declared (a scans document of its own); otherwise any enrolled
   * device could fill the office's disk. 409, not a refusal: the van retries once the document is pushed.
   * Returns the vans of every device that declared these bytes.
   */
  const requireDeclared = async (sha: string, deviceId: string | undefined): Promise<string[]> => {
    const declarers = await storage.scanDeclarers(sha);
    if (deviceId === undefined || !declarers.some((d) => d.deviceId === deviceId)) throw tusError(409, SCAN_TEXT.notDeclared(sha));
    return vansOf(declarers);
  };
  /** The office's own failure under an upload, logged with its cause and request id: 507 in Chinese for a full disk. */
  const failureOf = (error: unknown, log: FastifyBaseLogger): { status: number; body: string | undefined } => {
    const full = isDiskFull(error);
    log.error({ err: error, diskFull: full }, full ? 'disk full: scan upload not stored' : 'scan upload failed');
    return full ? { status: 507, body: FAILURE_TEXT.diskFull } : { status: 500, body: undefined };
  };

  const store = new HashingFileStore(uploadDir, ctx.uploadExpiryMs);
  /** The Fastify request's logger (with its request id) while tus handles that request. */
  const requestLog = new AsyncLocalStorage<FastifyBaseLogger>();
  // Two uploads of the same content finishing at once take turns, on whichever office servers they run, so
  // a recorded file is never renamed over.
  const inTurn = <T>(sha256: string, fn: () => Promise<T>): Promise<T> => ctx.storage.db.withLock(`scan-file:${sha256}`, fn);
  const locker = new DbLocker(ctx.storage.db);
  await locker.start();
  ctx.onClose(() => locker.stop());
  const tus = new TusServer({
    path: TUS_PATH,
    datastore: store,
    locker,
    namingFunction: newUploadId,
    maxSize: MAX_SCAN_BYTES,
    respectForwardedHeaders: false,
    relativeLocation: true,
    // tus answers its own errors; the office's failures among them are logged here with their cause and the
    // request's id, and a full disk is answered 507 with the Chinese text (nothing of the upload was acknowledged).
    onResponseError(_req, error) {
      const status = 'status_code' in error ? error.status_code : 500;
      if (status < 500) return undefined;
      const failure = failureOf(error, requestLog.getStore() ?? app.log);
      return failure.body === undefined ? undefined : { status_code: failure.status, body: failure.body };
    },
    async onIncomingRequest(req, id) {
      const found = await deviceFor(req.headers.get('authorization') ?? undefined);
      if (!found.ok) throw tusError(401, found.message);
      deviceOfRequest.set(req, found.device);
      // An upload is its creating device's: to any other its URL names nothing (one created before the office
      // recorded its device is anyone's, as before). A creation's id is new; an unknown one tus answers itself.
      if (req.method === 'POST') return;
      const owner = (await store.getUpload(id).catch(() => undefined))?.metadata?.[DEVICE_KEY];
      if (typeof owner === 'string' && owner !== found.device.id) throw tusError(404, SCAN_TEXT.notFound);
    },
    async onUploadCreate(req, upload) {
      const sha = upload.metadata?.['sha256'] ?? '';
      if (!SHA256.test(sha)) throw tusError(400, '上传元数据缺少合格的 sha256');
      if (upload.size === undefined) throw tusError(400, '扫描件上传必须声明文件大小');
      // Checked before the upload is created: tus would create it, then refuse the body, leaving an upload nobody has the URL of.
      if (Number(req.headers.get('content-length') ?? 0) > upload.size) throw tusError(413, '上传的内容超过声明的文件大小');
      const device = deviceOf(req).id;
      await requireDeclared(sha, device);
      return { metadata: { ...upload.metadata, [DEVICE_KEY]: device } };
    },
    async onUploadFinish(req, upload) {
      const device = deviceOf(req);
      const bytes = upload.size ?? 0;
      const sha = upload.metadata?.['sha256'] ?? '';
      await verifyAndKeep(upload.id, bytes, await store.digest(upload.id, bytes), sha, device.id, vansOf(await storage.scanDeclarers(sha)), null);
      return {};
    },
  });

  /**
   * Keeps a finished upload whose bytes hash to the SHA-256 the van declared (keep, below) and tells the
   * vans; refuses it otherwise (460, the tus checksum-mismatch status), deleting it and recording an incident.
   */
  const verifyAndKeep = async (id: string, bytes: number, actual: string, declared: string, deviceId: string | null, vans: string[], whole: FileHandle | null): Promise<void> => {
    if (actual !== declared) {
      await drop(id, whole);
      await storage.recordIncident({
        at: ctx.clock.now().toISOString(), deviceId, collection: 'scans', docId: declared,
        code: 'scan-hash-mismatch', detail: `收到的文件哈希为 ${actual}`,
      });
      throw tusError(460, `扫描件哈希不符: 声明 ${declared}，收到 ${actual}`);
    }
    const folder = `${scanDir}/${actual.slice(0, 2)}`;
    const audience = await inTurn(actual, () => keep(id, bytes, actual, folder, `${folder}/${actual}`, deviceId, vans, whole));
    hub.publish('scanAcks', { vanIds: audience, ownerDevice: deviceId });
    ctx.events.emit('scan-verified', { sha256: actual, deviceId });
  };

  /**
   * Makes a verified upload durable under its final name, then records it with its `scanAcks` document. The
   * acknowledgement goes to the van of every device that declared these bytes (a device that finds them
   * already verified never uploads them, and its case would wait for the acknowledgement forever).
   * `vans`: those the office found when it checked the upload was declared. Returns them with any found since.
   * `whole`: the file, still open, when `takeWhole` took it (no tus record; flushed here, after the rename).
   */
  const keep = async (id: string, bytes: number, actual: string, folder: string, finalPath: string, deviceId: string | null, vans: string[], whole: FileHandle | null): Promise<string[]> => {
    const file = `${uploadDir}/${id}`;
    if (await storage.scanBlob(actual)) {
      // Already verified (the same content sent twice, or by another device): keep the durable copy, drop this one.
      await drop(id, whole);
      await storage.shareWithVans('scanAcks', actual, vans);
      return vans;
    }
    // Renamed first, then the data and the new name are flushed together; the record below is the only
    // thing that makes the file count, and it is written after both, so a crash in between leaves an
    // unrecorded file that the next upload of the same content replaces.
    await rename(file, finalPath).catch(async () => {
      // The shard folder went missing since the office started: make it (durably) and try once more.
      await mkdir(folder, { recursive: true });
      await syncPath(scanDir);
      await rename(file, finalPath);
    });
    await Promise.all([whole ? whole.sync() : syncPath(finalPath), syncPath(folder)]);
    if (!whole) await store.forget(id);
    const verifiedAt = ctx.clock.now().toISOString();
    const ack = ScanAckDoc.parse({ id: actual, sha256: actual, bytes, verifiedAt, _deleted: false });
    await storage.acknowledgeScan(
      { sha256: actual, bytes, path: finalPath, deviceId, verifiedAt },
      { body: ack, audienceVans: vans, ownerDevice: deviceId },
    );
    // A device that declared the bytes while this one was being received or recorded found no blob yet: asked
    // again after the commit, one of the two sides always sees the other. Only a van new to the ack needs a write.
    const late = vansOf(await storage.scanDeclarers(actual));
    const added = late.filter((v) => !vans.includes(v));
    if (added.length > 0) await storage.shareWithVans('scanAcks', actual, added);
    return late;
  };

  /** Deletes an upload's file (and its tus record and running hash, unless it was taken whole). */
  const drop = (id: string, whole: FileHandle | null): Promise<void> => (whole ? rm(`${uploadDir}/${id}`, { force: true }) : store.discard(id));

  /**
   * A scan sent whole in the request that creates it (tus creation-with-upload, Upload-Length equal to
   * Content-Length: how the van sends scans up to 1 MB), taken here rather than by @tus/server. Nobody learns
   * its URL before the answer, so it can never be resumed or touched by another request: it needs no upload
   * record and no lock, and a cut request leaves nothing. The checks and answers are those of the tus path
   * (401, 400, 409, 460, 507), the bytes hashed as they arrive and flushed by `keep`, after the rename (one fsync
   * fewer in a row than flushing them before it).
   */
  const takeWhole = async (raw: IncomingMessage, res: ServerResponse, size: number, metadata: Record<string, string | null>, log: FastifyBaseLogger): Promise<void> => {
    const answer = (status: number, body = '', headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'tus-resumable': '1.0.0', 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), ...headers });
      res.end(body);
    };
    const id = newUploadId();
    try {
      const found = await deviceFor(raw.headers.authorization);
      if (!found.ok) throw tusError(401, found.message);
      const sha = metadata['sha256'] ?? '';
      if (!SHA256.test(sha)) throw tusError(400, '上传元数据缺少合格的 sha256');
      const vans = await requireDeclared(sha, found.device.id);
      const { sha256: actual, file } = await receiveWhole(raw, `${uploadDir}/${id}`, size);
      try {
        await verifyAndKeep(id, size, actual, sha, found.device.id, vans, file);
      } finally {
        await file.close();
      }
      answer(201, '', { location: `${TUS_PATH}/${id}`, 'upload-offset': String(size) });
    } catch (error) {
      await rm(`${uploadDir}/${id}`, { force: true }); // what a failure left behind (no expiry sweeps an upload without record)
      if (error instanceof TusHttpError) return answer(error.status_code, error.body);
      if (raw.readableAborted) return void res.destroy(); // the van is gone; it sends the scan again
      const failure = failureOf(error, log);
      answer(failure.status, failure.body ?? 'Something went wrong with that request\n');
    }
  };

  // Uploads never finished are deleted once they expire (tus expiration extension: HEAD and PATCH answer 410
  // from then on, and the van starts that scan again).
  if (ctx.uploadExpiryMs > 0) {
    const sweep = setInterval(() => {
      tus.cleanUpExpiredUploads().catch((error: unknown) => app.log.error({ err: error }, 'expired uploads not cleaned up'));
    }, Math.min(ctx.uploadExpiryMs, 3600_000));
    sweep.unref();
    ctx.onClose(() => clearInterval(sweep));
  }

  // The tus handler reads the raw request stream itself, so Fastify must not parse these bodies.
  app.addContentTypeParser('application/offset+octet-stream', (_req: unknown, _payload: IncomingMessage, done: (err: null) => void) => done(null));
  const handle = async (req: { raw: IncomingMessage; log: FastifyBaseLogger }, reply: { hijack(): void; raw: ServerResponse }) => {
    reply.hijack();
    const whole = wholeUpload(req.raw);
    if (whole) await takeWhole(req.raw, reply.raw, whole.size, whole.metadata, req.log);
    else await requestLog.run(req.log, () => tus.handle(req.raw, reply.raw));
  };
  app.all(TUS_PATH, handle);
  app.all(`${TUS_PATH}/*`, handle);

  app.get<{ Params: { sha256: string } }>(`${API_BASE}/scans/:sha256`, async (req, reply) => {
    if (!(await requireDevice(storage, req, reply, { duringWipe: true }))) return reply;
    if (!SHA256.test(req.params.sha256)) return refuse(reply, 400, 'malformed', 'sha256 必须是 64 位小写十六进制');
    const blob = await storage.scanBlob(req.params.sha256);
    const state: ScanState = { sha256: req.params.sha256, verified: blob !== undefined, bytes: blob?.bytes ?? null };
    return reply.send(state);
  });
}

/**
 * The size and metadata of a well-formed tus creation-with-upload that carries the whole file (`takeWhole`);
 * null for every other request, which @tus/server answers (malformed ones with its own errors).
 */
function wholeUpload(raw: IncomingMessage): { size: number; metadata: Record<string, string | null> } | null {
  const h = raw.headers;
  if (raw.method !== 'POST' || raw.url !== TUS_PATH || h['tus-resumable'] !== '1.0.0' || h['content-type'] !== 'application/offset+octet-stream') return null;
  if (h['upload-defer-length'] !== undefined || h['upload-concat'] !== undefined) return null;
  const length = h['upload-length'];
  const metadata = h['upload-metadata'];
  if (typeof length !== 'string' || typeof metadata !== 'string' || length !== h['content-length'] || !/^(0|[1-9]\d{0,14})$/.test(length) || Number(length) > MAX_SCAN_BYTES) return null;
  try {
    return { size: Number(length), metadata: Metadata.parse(metadata) };
  } catch {
    return null;
  }
}

const vansOf = (declarers: readonly { vanId: string }[]): string[] => [...new Set(declarers.map((d) => d.vanId))];

/** `scans/00` … `scans/ff`, made once and made durable, so storing a scan never creates a folder. */
async function makeShardFolders(scanDir: string): Promise<void> {
  await mkdir(scanDir, { recursive: true });
  const present = new Set(await readdir(scanDir));
  const missing = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0')).filter((name) => !present.has(name));
  if (missing.length === 0) return;
  for (const name of missing) await mkdir(`${scanDir}/${name}`, { recursive: true });
  await syncPath(scanDir);
  await syncPath(dirname(scanDir));
}

