/**
 * `npm run city`: the city–county platform on one machine, for a demonstration. Starts two county offices
 * (桦南县 230822 and 桦川县 230826), each on its own SQLite database under `.data/city/<code>`, seeded with
 * the demo data and minting ids with its code, then the city office (`.data/city/230800`, port 8787 or
 * `--port`) reading both counties' feeds every 15 seconds. Open http://127.0.0.1:8787/office/city (login
 * admin, the demo password) for the links, the chains and the statistics. Ctrl-C stops all three.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string', default: '8787' }, data: { type: 'string', default: '.data/city' } } });
const DEMO_COUNTIES = ['230822', '230826'];
const children: ChildProcess[] = [];

mkdirSync(values.data, { recursive: true });
// One token for the demo's links, kept so a restarted demo's counties and city still agree.
const tokenFile = join(values.data, 'city-token');
if (!existsSync(tokenFile)) writeFileSync(tokenFile, randomBytes(24).toString('hex'), { mode: 0o600 });
const token = readFileSync(tokenFile, 'utf8').trim();

/** Starts an office server and answers its address once it listens. */
function office(name: string, args: readonly string[]): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync/server/main.ts', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const address = /OFFICE_LISTENING (\S+)/.exec(out)?.[1];
      if (address) resolve(address);
    });
    child.on('exit', (code) => reject(new Error(`${name} stopped (exit ${String(code)})`)));
  });
}

const stop = () => {
  for (const c of children) c.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

try {
  const links = [];
  for (const code of DEMO_COUNTIES) {
    const url = await office(code, ['--county', code, '--city-token', token, '--data', join(values.data, code), '--port', '0', '--seed', 'demo']);
    console.log(`county ${code} office: ${url}`);
    links.push({ code, url, token });
  }
  const countiesFile = join(values.data, 'counties.json');
  writeFileSync(countiesFile, JSON.stringify(links, null, 2));
  const city = await office('city', ['--counties', countiesFile, '--data', join(values.data, '230800'), '--port', values.port, '--seed', 'demo']);
  console.log(`city office: ${city}/office/city (login admin)`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  stop();
  process.exitCode = 1;
}
