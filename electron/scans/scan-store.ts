import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { syncPath, writeFileDurably } from '#files/replace-file.ts';

export type StoredScan = { sha256: string; bytes: number; path: string };

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Scan files on disk, named by their SHA-256 (`<dir>/<aa>/<sha256>`). A write goes to a temp file, is
 * fsync'd, renamed into place and the directory fsync'd, so a crash leaves either the whole file or
 * nothing; the same content stored twice is one file.
 */
export class ScanStore {
  constructor(readonly dir: string) {}

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  /** Stores bytes; returns their hash and where they are. */
  async put(bytes: Uint8Array): Promise<StoredScan> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.pathOf(sha256);
    if (await exists(path)) return { sha256, bytes: bytes.byteLength, path };
    const tmp = await this.tempPath();
    await mkdir(dirname(path), { recursive: true });
    await writeFileDurably(path, bytes, tmp);
    return { sha256, bytes: bytes.byteLength, path };
  }

  /** Stores a copy of a file (e.g. the scanner's output), hashing it while it is copied. */
  async putFile(source: string): Promise<StoredScan> {
    const tmp = await this.tempPath();
    const hash = createHash('sha256');
    const fh = await open(tmp, 'wx');
    let bytes = 0;
    try {
      for await (const chunk of createReadStream(source, { highWaterMark: 1 << 20 })) {
        const buf = chunk as Buffer;
        hash.update(buf);
        await fh.write(buf);
        bytes += buf.byteLength;
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    const sha256 = hash.digest('hex');
    const path = this.pathOf(sha256);
    if (await exists(path)) await rm(tmp, { force: true });
    else await this.commit(tmp, path);
    return { sha256, bytes, path };
  }

  async has(sha256: string): Promise<boolean> {
    return exists(this.pathOf(sha256));
  }

  /** Removes a stored file (gone already is fine: removing twice is harmless). */
  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  async read(sha256: string): Promise<Buffer> {
    return readFile(this.pathOf(sha256));
  }

  async list(): Promise<StoredScan[]> {
    const out: StoredScan[] = [];
    let prefixes: string[] = [];
    try {
      prefixes = await readdir(this.dir);
    } catch {
      return out;
    }
    for (const p of prefixes.filter((x) => /^[0-9a-f]{2}$/.test(x)).sort()) {
      for (const name of (await readdir(join(this.dir, p))).filter((x) => SHA256.test(x)).sort()) {
        const path = join(this.dir, p, name);
        out.push({ sha256: name, bytes: (await stat(path)).size, path });
      }
    }
    return out;
  }

  private async tempPath(): Promise<string> {
    await mkdir(join(this.dir, 'tmp'), { recursive: true });
    return join(this.dir, 'tmp', `${randomBytes(8).toString('hex')}.part`);
  }

  private async commit(tmp: string, path: string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    await rename(tmp, path);
    await syncPath(dirname(path));
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
