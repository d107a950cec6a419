import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileDurably } from '#files/replace-file.ts';

export type StoredScan = { sha256: string; bytes: number; path: string };

const SHA256 = /^[0-9a-f]{64}$/;
/** "van scan, format 1": AES-256-GCM, then a 12-byte IV, the ciphertext and the 16-byte tag (NIST SP 800-38D). */
const MAGIC = Buffer.from('VSC1');

export const isSealed = (file: Buffer): boolean => file.subarray(0, MAGIC.length).equals(MAGIC);

/** A scan file on disk that does not open with the key (damaged, altered, or sealed under another key). */
export class ScanUnreadableError extends Error {}

/**
 * The scan files' key: the page hands it over once a staff login has opened the van's data key
 * (renderer/app/scan-key.ts), and it stays in memory only. Reads and writes wait for it.
 */
export class ScanKey {
  private key: Buffer | null = null;
  private readonly waiters: ((key: Buffer) => void)[] = [];

  set(key: Uint8Array): void {
    this.key = Buffer.from(key);
    for (const w of this.waiters.splice(0)) w(this.key);
  }

  get(): Promise<Buffer> {
    return this.key ? Promise.resolve(this.key) : new Promise((resolve) => this.waiters.push(resolve));
  }
}

/** `bytes` sealed as the file named `sha256` (its name is the additional data, so a file renamed does not open). */
export function sealScan(key: Buffer, sha256: string, bytes: Uint8Array): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(sha256));
  return Buffer.concat([MAGIC, iv, cipher.update(bytes), cipher.final(), cipher.getAuthTag()]);
}

function openScan(key: Buffer, sha256: string, sealed: Buffer): Buffer {
  if (sealed.length < MAGIC.length + 28 || !isSealed(sealed)) throw new ScanUnreadableError(`扫描件文件已损坏：${sha256}`);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(4, 16)).setAAD(Buffer.from(sha256));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  try {
    const plain = decipher.update(sealed.subarray(16, sealed.length - 16));
    decipher.final(); // checks the tag; GCM has no bytes left to give, so the plaintext is not copied again
    return plain;
  } catch {
    throw new ScanUnreadableError(`扫描件文件无法用本机密钥打开（已损坏或被改动）：${sha256}`);
  }
}

/**
 * Scan files on disk, named by the SHA-256 of their content (`<dir>/<aa>/<sha256>`) and encrypted under the
 * scan key, so a laptop lost with its power off shows no applicant's ID scan. A write is durable (replace-file.ts):
 * a crash leaves the whole file or nothing; the same content stored twice is one file.
 */
export class ScanStore {
  constructor(
    readonly dir: string,
    readonly key: ScanKey,
  ) {}

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  /** Stores bytes; returns their hash and where they are. */
  async put(bytes: Uint8Array): Promise<StoredScan> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.pathOf(sha256);
    if (!(await this.has(sha256))) {
      await mkdir(dirname(path), { recursive: true });
      await writeFileDurably(path, sealScan(await this.key.get(), sha256, bytes));
    }
    return { sha256, bytes: bytes.byteLength, path };
  }

  /** The file's content. @throws ScanUnreadableError when it does not open with the key. */
  async read(sha256: string): Promise<Buffer> {
    return openScan(await this.key.get(), sha256, await readFile(this.pathOf(sha256)));
  }

  has(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then(() => true, () => false);
  }

  /** Removes a stored file (gone already is fine: removing twice is harmless). */
  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }
}
