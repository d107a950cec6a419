/**
 * The van's data folder holds the device token, applicants' scans and documents: nobody but the
 * user running the app may read it. At every start the folder and everything in it is set to
 * 0700 (folders) and 0600 (files), mending folders written by older versions or copied in with
 * looser modes; the app's processes also start with umask 077 so what they write later is born
 * private. Symbolic links are left alone (never followed). On Windows the modes mean little: the
 * per-user profile folder's ACL is what protects it there.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dataDir` if needed and makes it and all it holds private; returns how many entries had to be changed. */
export function secureDataFolder(dataDir: string): number {
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  let changed = 0;
  const walk = (path: string) => {
    const info = lstatSync(path);
    if (info.isSymbolicLink()) return;
    const want = info.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
    if ((info.mode & 0o777) !== want) {
      chmodSync(path, want);
      changed += 1;
    }
    if (info.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dataDir);
  return changed;
}

/** For a process that is the van's own (Electron main, `npm start`): files it creates from now on are private. */
export function privateUmask(): void {
  if (process.platform !== 'win32') process.umask(0o077);
}

/** Entries an erase leaves: the browser profile of `npm start`'s app window (its store is removed by the page itself). */
const KEPT_ON_ERASE = new Set(['browser-profile']);

/**
 * Erases the van's data in `dataDir` (the office ordered it, renderer/db/remote-wipe.ts): the scans, the archived
 * notices and receipt copies, upload and printer journals, and the config with the device token. Answers the
 * names removed. Deleting is what the OS offers: on an SSD the blocks may linger until trimmed, which is why the
 * store and (see docs/data-at-rest.md) the scans are encrypted in the first place.
 */
export async function eraseDataFolder(dataDir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dataDir)) {
    if (KEPT_ON_ERASE.has(name)) continue;
    await rm(join(dataDir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
