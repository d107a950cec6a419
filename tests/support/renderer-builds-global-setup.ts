import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestProject } from 'vitest/node';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- vitest's provide/inject typing is an interface
  export interface ProvidedContext {
    rendererBuildsDir: string;
  }
}

/**
 * One folder for the renderer builds of the run's end-to-end tests (one per worker, tests/e2e/harness.ts), removed
 * when the run ends. A worker cannot remove its own build on exit: vitest ends its workers without Node's `exit`.
 */
export function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'van-e2e-renderers-'));
  project.provide('rendererBuildsDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
