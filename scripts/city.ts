/**
 * `npm run city`: the city–county platform on one machine, for a demonstration. Starts two county offices
 * (桦南县 230822 and 桦川县 230826), each on its own SQLite database under `.data/city/<code>`, seeded with
 * the demo data and minting ids with its code, then the city office (`.data/city/230800`, port 8787 or
 * `--port`; `--data` moves the whole folder) reading both counties' feeds every 15 seconds. Open
 * http://127.0.0.1:8787/office/city (login admin, the demo password) for the links, the chains and the
 * statistics. Ctrl-C (or SIGTERM to this process) stops all three; if one office stops by itself, the
 * others are stopped too, so the demo never runs half-started.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string', default: '8787' }, data: { type: 'string', default: '.data/city' } } });
const DEMO_COUNTIES = ['230822', '230826'];
/** How long an office may take to close (its rounds finish, its database closes) before it is killed. */
const CLOSE_GRACE_MS = 15_000;
const children: { name: string; child: ChildProcess }[] = [];
let stopping = false;

mkdirSync(values.data, { recursive: true });
// One token for the demo's links, kept so a restarted demo's counties and city still agree.
const tokenFile = join(values.data, 'city-token');
if (!existsSync(tokenFile)) writeFileSync(tokenFile, randomBytes(24).toString('hex'), { mode: 0o600 });
const token = readFileSync(tokenFile, 'utf8').trim();

const running = (c: ChildProcess): boolean => c.exitCode === null && c.signalCode === null;

/** Stops every office still running, and kills any that has not closed within the grace period. */
function stop(): void {
  if (stopping) return;
  stopping = true;
  for (const { child: c } of children.filter((c) => running(c.child))) {
    c.kill('SIGTERM');
    const killer = setTimeout(() => c.kill('SIGKILL'), CLOSE_GRACE_MS);
    killer.unref();
    c.once('exit', () => clearTimeout(killer));
  }
}

/** Starts an office server and answers its address once it listens. */
function office(name: string, args: readonly string[]): Promise<string> {
  if (stopping) return Promise.reject(new Error('stopping'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync/server/main.ts', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push({ name, child });
  return new Promise((resolve, reject) => {
    let out = '';
    const listening = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const address = /OFFICE_LISTENING (\S+)/.exec(out)?.[1];
      if (!address) return;
      child.stdout.off('data', listening);
      child.stdout.resume();
      resolve(address);
    };
    child.stdout.on('data', listening);
    child.on('exit', (code, signal) => {
      const why = `${name} office stopped (${signal ?? `exit ${String(code)}`})`;
      reject(new Error(why));
      if (children.every((c) => !running(c.child))) {
        console.log(`stopped: ${children.map((c) => `${c.name} ${c.child.signalCode ?? `exit ${String(c.child.exitCode)}`}`).join(', ')}`);
      }
      // An office that dies while the others run takes the demo down with it, saying which one.
      if (!stopping) {
        console.error(why);
        process.exitCode = 1;
        stop();
      }
    });
  });
}

process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// `npm run city` runs this under `sh -c`, and npm passes a SIGTERM to the shell alone, which dies without
// passing it on: a parent that goes away is taken as the signal to stop (Node has no PR_SET_PDEATHSIG).
const parent = process.ppid;
const parentWatch = setInterval(() => {
  if (process.ppid !== parent) stop();
}, 500);
parentWatch.unref();
// With the parent gone, so is whoever read our output: a write to the closed pipe must not end this process
// before its offices are stopped.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

try {
  // The counties start side by side (each its own process and database): the demo is up one office start sooner.
  const links = await Promise.all(DEMO_COUNTIES.map(async (code) => {
    const url = await office(code, ['--county', code, '--city-token', token, '--data', join(values.data, code), '--port', '0', '--seed', 'demo']);
    return { code, url, token };
  }));
  for (const { code, url } of links) console.log(`county ${code} office: ${url}`);
  const countiesFile = join(values.data, 'counties.json');
  writeFileSync(countiesFile, JSON.stringify(links, null, 2));
  const city = await office('city', ['--counties', countiesFile, '--data', join(values.data, '230800'), '--port', values.port, '--seed', 'demo']);
  console.log(`city office: ${city}/office/city (login admin)`);
} catch (error) {
  if (!stopping) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
    stop();
  }
}
