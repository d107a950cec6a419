// Without vitest: the benchmarks make their folders with these too (through tests/sync/helpers.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh temp folder. Made in a hook or a test, never at import: vitest imports a file in every project that
 * includes it but runs no hook of a file whose tests it all skips (an SQLite-only file under the postgres project),
 * so a folder made at import would outlive the run.
 */
export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `${prefix}-`));
export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });
