import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/**
 * A fresh temp folder. Made in a hook or a test, never at import: vitest imports a file in every project that
 * includes it but runs no hook of a file whose tests it all skips (an SQLite-only file under the postgres project),
 * so a folder made at import would outlive the run.
 */
export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `${prefix}-`));
export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

/**
 * A temp folder for the tests of one file, made (by `tempDir`) before them and removed after them; read it inside
 * tests or hooks. Call it at the top of the file, before the hooks that use the folder: vitest runs before-hooks in
 * the order they are registered and after-hooks in reverse (sequence.hooks 'stack'), so those hooks find the folder
 * made, and are done with it before it is removed.
 */
export function tempFolderForFile(prefix: string): () => string {
  let folder: string | undefined;
  beforeAll(() => {
    folder = tempDir(prefix);
  });
  afterAll(() => {
    if (folder !== undefined) removeDir(folder);
  });
  // Read at load time (outside hooks and tests) it does not exist yet: say so rather than hand on undefined.
  return () => {
    if (folder === undefined) throw new Error(`the temp folder ${prefix}-… is made before the tests: read it within hooks and tests`);
    return folder;
  };
}
