/** The office without its web pages, for the crash test's 50 restarts (bundled by office-crash.test.ts). */
import { parseArgs } from 'node:util';
import { buildOfficeApp } from '#server/app.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';

const { values } = parseArgs({ options: { data: { type: 'string' } } });
const dataDir = values.data ?? '';
const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`OFFICE_LISTENING ${address}\n`);
