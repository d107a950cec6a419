import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempFolderForTests } from '../support/temp-folder.ts';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const folder = tempFolderForTests('page-failure-log');

/** What RxDB says of a write it refused: its parameters as JSON, the document with them. */
const QUOTED = 'RxError (CONFLICT): Document update conflict. Given parameters: {"collection":"cases","id":"case-1","writeRow":{"document":{"id":"case-1","applicants":[{"name":"刘建国","idType":"resident-id","idNumber":"230803195003151234","phone":"13904541234","side":"holder"}]}}}';
const MASKED = 'RxError (CONFLICT): Document update conflict. Given parameters: {"collection":"cases","id":"case-1","writeRow":{"document":{"id":"case-1","applicants":[{"name":"(hidden)","idType":"resident-id","idNumber":"(hidden)","phone":"(hidden)","side":"holder"}]}}}';

/**
 * The van's log goes to its process's stderr (electron/services/log.ts), so the host runs in a process of its own
 * and its stderr is read: a failure the page reports is there whole, under the code the clerk was shown.
 */
describe('a failure the page caught, in the van\'s log', () => {
  it('is logged with the code shown to the clerk and the cause in its own words, personal data masked; a malformed report is refused', async () => {
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
  await call({ code: 'P7Q3-M9XB', where: 'intake: save the case or its charge', name: 'RxError', message: ${JSON.stringify(QUOTED)}, stack: ${JSON.stringify(`RxError: ${QUOTED}\n    at insertNew`)} }),
];
process.stdout.write(JSON.stringify(answers.map((a) => a.ok)));
await host.close();
`);
    const { stdout, stderr } = await run(join(root, 'node_modules/.bin/tsx'), [script], { cwd: root });
    expect(JSON.parse(stdout)).toEqual([true, false, true]);
    const lines = stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const page = lines.filter((l) => l['module'] === 'page');
    expect(page[0]).toEqual(expect.objectContaining({
      level: 50, code: 'K7Q3-M9XA', where: 'intake: record signature scans', msg: 'page action failed',
      error: { name: 'Error', message: 'RxError (COL20): Storage write error', stack: 'Error: RxError (COL20)\n    at insertNew' },
    }));
    // A store's error quoting the record it refused: the applicant's name, ID number and phone stay out of the log,
    // what support looks for (the error, the collection, the record's id) stays in.
    expect(page[1]).toEqual(expect.objectContaining({ code: 'P7Q3-M9XB', error: { name: 'RxError', message: MASKED, stack: `RxError: ${MASKED}\n    at insertNew` } }));
    expect(page).toHaveLength(2);
    expect(stderr).not.toMatch(/刘建国|230803195003151234|13904541234/);
  }, 60_000);
});
