import { afterAll, beforeAll } from 'vitest';
import { removeDir, tempDir } from './temp-dir.ts';

/**
 * A temp folder for the tests of the file, or of the `describe` block it is called in, made (by `tempDir`) before them
 * and removed after them; read it inside tests or hooks. Call it before the hooks that use the folder: vitest runs before-hooks in
 * the order they are registered and after-hooks in reverse (sequence.hooks 'stack'), so those hooks find the folder
 * made, and are done with it before it is removed.
 */
export function tempFolderForTests(prefix: string): () => string {
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
