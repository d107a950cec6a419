import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Caches kept on purpose by the tools tests run (tsx's and jiti's compile caches), not something a test left. */
const CACHES = /^(?:tsx-\d+|jiti)$/;

/**
 * The run's own temp folder: TMPDIR points there for every worker, and so for what they start (Chromium, the
 * CLI, PostgreSQL), before any test runs. At the end, whatever is still in it was left by the run, and only by
 * the run (other work on the machine writes to /tmp, not here): it is named, then removed.
 */
export function setup(): () => void {
  const outer = process.env['TMPDIR'];
  const dir = mkdtempSync(join(tmpdir(), 'van-test-run-'));
  // PostgreSQL's socket folder is made in here and the server runs as another user.
  chmodSync(dir, 0o755);
  process.env['TMPDIR'] = dir;
  return () => {
    const left = readdirSync(dir).filter((name) => !CACHES.test(name));
    if (outer === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = outer;
    rmSync(dir, { recursive: true, force: true });
    if (left.length > 0) console.error(`\nThe tests left ${left.length} entries in the temp folder (a test makes or starts something it does not remove or close): ${left.sort().join(', ')}\n`);
  };
}
