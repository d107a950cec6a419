import { randomBytes } from 'node:crypto';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * A temporary name of its own beside `path`: two writes of one file at once (a double tap, a retry) would
 * otherwise rename the same temporary file twice and the second fail with ENOENT; with their own, the last
 * rename wins with a whole copy.
 */
const tempBeside = (path: string): string => `${path}.${randomBytes(6).toString('hex')}.tmp`;

/** Flushes a file's data, or a folder's names (so a name just renamed into it survives a crash). */
export async function syncPath(path: string): Promise<void> {
  const dh = await open(path, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

/**
 * Replaces `path` with `bytes` so that a crash leaves either the whole new file or the old one: written to a
 * temporary file (`tmp`, beside `path` unless given), fsynced, renamed into place, and the folder fsynced. The
 * temporary file is removed when the write fails.
 */
export async function writeFileDurably(path: string, bytes: Uint8Array, tmp = tempBeside(path)): Promise<void> {
  try {
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  await syncPath(dirname(path));
}

/**
 * Replaces a small JSON file whole (temporary file and rename, no fsync): for indexes the app can rebuild,
 * where a reader must never see half a file but the last write may be lost in a power cut.
 */
export async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  const tmp = tempBeside(path);
  try {
    await writeFile(tmp, JSON.stringify(value));
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
