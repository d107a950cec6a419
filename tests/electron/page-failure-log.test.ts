import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempFolderForTests } from '../support/temp-folder.ts';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const folder = tempFolderForTests('page-failure-log');

/**
 * The van's log goes to its process's stderr (electron/services/log.ts), so the host runs in a process of its own
 * and its stderr is read: a failure the page reports is there whole, under the code the clerk was shown.
 */
describe('a failure the page caught, in the van\'s log', () => {
  it('is logged with the code shown to the clerk and the cause in its own words; a malformed report is refused', async () => {
    const dir = folder();
    const script = join(dir, 'host.mts');
    writeFileSync(script, `
import { dispatch } from '${root}electron/ipc/handle.ts';
import { createServiceHost } from '${root}electron/services/host.ts';
const host = createServiceHost({ dataDir: ${JSON.stringify(join(dir, 'data'))}, config: {}, officeUrl: 'http://127.0.0.1:9/', isDemo: false, deps: {} });
const handlers = host.handlersFor('http');
const call = (request: unknown) => dispatch(handlers, 'log:pageFailure', request, { transport: 'http', isTrustedSender: true });
const answers = [
  await call({ code: 'K7Q3-M9XA', where: 'intake: record signature scans', name: 'Error', message: 'RxError (COL20): Storage write error', stack: 'Error: RxError (COL20)\\n    at insertNew' }),
  await call({ code: 'not a code', where: 'x', name: 'Error', message: 'y' }),
];
process.stdout.write(JSON.stringify(answers.map((a) => a.ok)));
await host.close();
`);
    const { stdout, stderr } = await run(join(root, 'node_modules/.bin/tsx'), [script], { cwd: root });
    expect(JSON.parse(stdout)).toEqual([true, false]);
    const lines = stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l['module'] === 'page')).toEqual([expect.objectContaining({
      level: 50, code: 'K7Q3-M9XA', where: 'intake: record signature scans', msg: 'page action failed',
      error: { name: 'Error', message: 'RxError (COL20): Storage write error', stack: 'Error: RxError (COL20)\n    at insertNew' },
    })]);
  }, 60_000);
});
