import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * What a test file can do that outlives it in its worker, when workers share their module cache (vitest.config.ts,
 * `isolate: false`): replace a module (`vi.mock`), or move the clock. RxDB's `now()` never runs backwards within
 * a process (it keeps the last time it returned), so a file that sets `Date.now` a day ahead leaves every later
 * file's writes stamped a day ahead, and the van's clock guard (renderer/db/clock-guard.ts) then rightly refuses
 * them.
 */
const OUTLIVES_ITS_FILE = /\bvi\.(?:do)?[mM]ock\(|\bDate,\s*'now'|\bsetSystemTime\(|\buseFakeTimers\(/;

/** The test files (relative to `root`, with `/`) that must run with a module cache, and a process, of their own. */
export function testsNeedingOwnModules(root: string, folder = 'tests'): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.test.ts') && OUTLIVES_ITS_FILE.test(readFileSync(path, 'utf8'))) found.push(relative(root, path).split('\\').join('/'));
    }
  };
  walk(join(root, folder));
  return found.sort();
}
