import { createHash, type Hash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type FileHandle, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable } from 'node:stream';
import { type Configstore, FileConfigstore, FileStore } from '@tus/file-store';
import { ERRORS, type Upload } from '@tus/server';

const UPLOAD_ID = /^[0-9a-f]{32}$/;
const WRITE_RUN_BYTES = 1 << 20;

/** @tus/server answers a thrown error with its `status_code` and `body` (here its own ERRORS as `Error`s). */
class TusStoreError extends Error {
  readonly status_code: number;
  readonly body: string;
  constructor(known: { status_code: number; body: string }, cause?: unknown) {
    super(known.body, cause === undefined ? undefined : { cause });
    this.status_code = known.status_code;
    this.body = known.body;
  }
}

/** The names tus gives new uploads: 32 hex digits, so an id from a URL can never leave the upload folder. */
export const newUploadId = (): string => randomBytes(16).toString('hex');

/**
 * @tus/file-store with the SHA-256 worked out while the bytes arrive, so the office does not read each scan
 * back from disk to verify it. The running hash of an upload is kept together with the offset it covers;
 * when a PATCH starts at another offset (the office restarted, or a cut write) the hash is rebuilt from the
 * bytes already on disk, so the digest is always that of the file's content. Upload records (`<id>.json`) are
 * written through to disk as before and also kept in memory, so a PATCH does not re-read them. A scan sent
 * whole in its creating request never comes here (routes.ts takes it, with `receiveWhole`).
 */
export class HashingFileStore extends FileStore {
  private readonly hashes = new Map<string, { hash: Hash; offset: number }>();

  /** `expiryMs`: an upload not finished this long after it was created is refused (410) and then deleted. */
  constructor(directory: string, expiryMs = 0) {
    super({ directory, configstore: new CachedConfigstore(new FileConfigstore(directory)), expirationPeriodInMilliseconds: expiryMs });
  }

  private pathOf(id: string): string {
    if (!UPLOAD_ID.test(id)) throw new TusStoreError(ERRORS.FILE_NOT_FOUND);
    return join(this.directory, id);
  }

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    const path = this.pathOf(id);
    let state = this.hashes.get(id);
    if (state?.offset !== offset) state = { hash: await hashPrefix(path, offset), offset };
    this.hashes.set(id, state);
    const fh = await open(path, 'r+');
    let failed: unknown;
    try {
      failed = await writeHashed(readable, fh, state); // kept as the cause, for the answer and the log
    } finally {
      await fh.close();
    }
    // What was written stays (tus resumes from the file's size); the hash covers exactly those bytes.
    if (failed !== null) throw new TusStoreError(ERRORS.FILE_WRITE_ERROR, failed);
    return state.offset;
  }

  /** The SHA-256 of a finished upload of `size` bytes (from the running hash, or by reading the file). */
  async digest(id: string, size: number): Promise<string> {
    const state = this.hashes.get(id);
    this.hashes.delete(id);
    if (state?.offset === size) return state.hash.digest('hex');
    return (await hashPrefix(this.pathOf(id), size)).digest('hex');
  }

  /** Forgets a finished upload: its record and running hash (the data file was moved or deleted already). */
  async forget(id: string): Promise<void> {
    this.hashes.delete(id);
    await this.configstore.delete(id).catch(() => undefined);
  }

  override async remove(id: string): Promise<void> {
    this.hashes.delete(id);
    await super.remove(id);
  }

  /** Deletes a refused upload's data file and record. */
  async discard(id: string): Promise<void> {
    this.hashes.delete(id);
    await rm(this.pathOf(id), { force: true });
    await this.configstore.delete(id).catch(() => undefined);
  }
}

/**
 * FileStore's constructor makes its folder with a callback that throws any error (its source notes the call does not belong in a constructor):
 * an uncaught exception, which ended the process when the data folder went away just after the office started (a
 * failed start cleaned up at once). The office makes and awaits the folder before building the store (routes.ts),
 * so the store's own attempt is switched off. The method is private in FileStore's types, hence the assignment.
 */
(HashingFileStore.prototype as unknown as { checkOrCreateDirectory: () => void }).checkOrCreateDirectory = () => undefined;

/**
 * Writes a request body to `fh` from `at.offset`, hashing it into `at.hash` and moving `at.offset` over what is
 * on disk. Chunks arrive at ~64 KB; they are written in runs of up to 1 MB, each hashed once it is written.
 * Bytes received before a cut connection are still written (a resumable upload goes on after them). Resolves
 * with what failed (a cut connection, or the disk: ENOSPC), null when nothing did.
 */
async function writeHashed(readable: AsyncIterable<unknown>, fh: FileHandle, at: { hash: Hash; offset: number }): Promise<unknown> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const run = pending;
    const runBytes = pendingBytes;
    pending = [];
    pendingBytes = 0;
    let done = (await fh.writev(run, at.offset)).bytesWritten;
    if (done < runBytes) {
      const rest = Buffer.concat(run); // a short write (rare on files): finish it piece by piece
      while (done < runBytes) done += (await fh.write(rest, done, runBytes - done, at.offset + done)).bytesWritten;
    }
    for (const b of run) at.hash.update(b);
    at.offset += runBytes;
  };
  let cut: unknown = null;
  try {
    for await (const chunk of readable) {
      const buf = chunk as Buffer;
      pending.push(buf);
      pendingBytes += buf.length;
      if (pendingBytes >= WRITE_RUN_BYTES) await flush();
    }
  } catch (error) {
    cut = error;
  }
  try {
    await flush();
  } catch (error) {
    cut ??= error; // a cut connection stays the cause
  }
  return cut;
}

/**
 * Receives a body of exactly `size` bytes into a new file at `path`; resolves with the bytes' SHA-256 and the file
 * still open and not flushed, for the caller to rename to its final name, flush (together with its new folder:
 * routes.ts `keep`) and close. A body cut short or a failed write (the cause) closes and deletes the file and throws.
 */
export async function receiveWhole(body: AsyncIterable<unknown>, path: string, size: number): Promise<{ sha256: string; file: FileHandle }> {
  const at = { hash: createHash('sha256'), offset: 0 };
  let fh: FileHandle | undefined;
  try {
    fh = await open(path, 'wx');
    const failed = await writeHashed(body, fh, at);
    if (failed !== null || at.offset !== size) throw new Error(`scan upload not received whole: ${at.offset} of ${size} bytes`, { cause: failed });
  } catch (error) {
    await fh?.close();
    await rm(path, { force: true });
    throw error;
  }
  return { sha256: at.hash.digest('hex'), file: fh };
}

/** A hash of the first `bytes` bytes of a file (none when `bytes` is 0). */
async function hashPrefix(path: string, bytes: number): Promise<Hash> {
  const hash = createHash('sha256');
  if (bytes > 0) for await (const chunk of createReadStream(path, { start: 0, end: bytes - 1, highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash;
}

/** Upload records on disk (the source of truth after a restart) with a write-through memory copy. */
class CachedConfigstore implements Configstore {
  private readonly memory = new Map<string, Upload>();
  constructor(private readonly disk: FileConfigstore) {}

  async get(key: string): Promise<Upload | undefined> {
    const hit = this.memory.get(key);
    if (hit) return hit;
    const stored = await this.disk.get(key);
    if (stored) this.memory.set(key, stored);
    return stored;
  }

  async set(key: string, value: Upload): Promise<void> {
    await this.disk.set(key, value);
    this.memory.set(key, JSON.parse(JSON.stringify(value)) as Upload); // a copy: tus goes on changing the object it passed
  }

  async delete(key: string): Promise<void> {
    this.memory.delete(key);
    await this.disk.delete(key);
  }

  list(): Promise<string[]> {
    return this.disk.list();
  }
}
