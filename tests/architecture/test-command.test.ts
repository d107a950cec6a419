import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import config from '../../vitest.config.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

/** What `npm test` and `.ci/run` run, as the README's "Test" section says. */
const ROOT = new URL('../../', import.meta.url).pathname;
const run = promisify(execFile);
const folder = tempFolderForTests('test-command');
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('npm test', () => {
  it('runs the type check (Node side, domain/, renderer), the lint and vitest, in that order', () => {
    expect(scripts['test']).toBe('npm run typecheck && npm run lint && vitest run');
    expect(scripts['typecheck']).toBe('tsc -p tsconfig.json --noEmit && tsc -p domain/tsconfig.json --noEmit && tsc -p renderer/tsconfig.json --noEmit');
    expect(scripts['lint']).toBe('eslint --max-warnings 0 .');
  });

  it('checks domain/ with no Node or DOM types: a domain file using either does not compile', async () => {
    const probe = join(folder(), 'probe.ts');
    writeFileSync(probe, "export const probe = (b: Buffer): unknown => process.env['X'] ?? document.title ?? b;\n");
    writeFileSync(join(folder(), 'tsconfig.json'), JSON.stringify({ extends: join(ROOT, 'domain/tsconfig.json'), include: [probe] }));
    const result = await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(folder(), 'tsconfig.json'), '--noEmit'], { cwd: ROOT }).then(
      () => '',
      (e: { stdout?: string }) => e.stdout ?? '',
    );
    expect([...result.matchAll(/error TS\d+: Cannot find name '(\w+)'/g)].map((m) => m[1])).toEqual(['Buffer', 'process', 'document']);
  }, 60_000);

  it('runs two test files at a time, each worker keeping its module cache, in processes of their own', () => {
    expect(config.test).toMatchObject({ maxWorkers: 2, isolate: false, pool: 'forks' });
  });
});

describe('.ci/run', () => {
  it('installs the Debian packages the tests need, then runs npm ci and npm test', () => {
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    for (const pkg of ['chromium', 'socat', 'poppler-utils', 'libtiff-tools', 'postgresql', 'fonts-wqy-microhei']) expect(ci, pkg).toContain(`need+=(${pkg})`);
    expect(ci.trim().split('\n').slice(-2)).toEqual(['npm ci', 'npm test']);
  });
});
