import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';
import { API_BASE } from '#protocol/version.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const repo = new URL('../../', import.meta.url).pathname;
const dataDir = tempFolderForTests('npm-run-city');
const DEMO_COUNTIES = ['230822', '230826'];

/** Every process whose command line names this test's data folder: the command and the offices it started. */
function processesOf(folder: string): { pid: number; cmd: string }[] {
  const found: { pid: number; cmd: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.includes(folder)) found.push({ pid: Number(entry), cmd });
    } catch {
      // the process ended while the folder was being read
    }
  }
  return found;
}

afterAll(() => {
  // A failed run must not leave its offices behind on the shared machine: these are this test's own.
  for (const { pid } of processesOf(dataDir())) process.kill(pid, 'SIGKILL');
});

type Started = { child: ChildProcess; out: () => string; err: () => string; exited: Promise<number | null> };

/** `npm run city` in its own process group, as a terminal runs it, until it prints the city's address. */
async function npmRunCity(): Promise<Started & { counties: Map<string, string>; city: string }> {
  const child = spawn('npm', ['run', 'city', '--', '--port', '0', '--data', join(dataDir(), 'city')], { cwd: repo, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  await expect.poll(() => /city office: (\S+)\/office\/city/.test(out) || child.exitCode !== null, { timeout: 150_000, interval: 250 }).toBe(true);
  const city = /city office: (\S+)\/office\/city/.exec(out)?.[1];
  if (!city) throw new Error(`npm run city stopped before the city listened:\n${out}\n${err.slice(-3000)}`);
  const counties = new Map([...out.matchAll(/county (\d{6}) office: (\S+)/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
  return { child, out: () => out, err: () => err, exited, counties, city };
}

/** The sum of new-home sales, second-hand sales and supply in the rows a statistics table shows for one office. */
function pageSums(page: string, office: string): number {
  let sum = 0;
  for (const row of page.matchAll(new RegExp(`<tr data-office="${office}"[^>]*>([\\s\\S]*?)</tr>`, 'g'))) {
    const cells = [...(row[1] ?? '').matchAll(/<td>([^<]*)<\/td>/g)].map((c) => c[1] ?? '');
    // Columns: office, month, kind, use, registrations, units, fees, new homes, area, price, second-hand, area, price, supply units, area.
    sum += Number(cells[7]) + Number(cells[10]) + Number(cells[13]);
  }
  return sum;
}

describe('npm run city', () => {
  it('starts two county offices and the city, the counties’ data reaches the city, and Ctrl-C stops them all', { timeout: 300_000 }, async () => {
    const run = await npmRunCity();
    try {
      expect([...run.counties.keys()]).toEqual(DEMO_COUNTIES);
      const token = readFileSync(join(dataDir(), 'city', 'city-token'), 'utf8').trim();
      // Each county office answers the city's feed with its own facts, under its own code.
      const own = new Map<string, number>();
      for (const [code, url] of run.counties) {
        const res = await fetch(`${url}${API_BASE}/county/facts?limit=1000`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
        const page = (await res.json()) as { office: string; facts: { measures: Record<string, number> }[]; pending: number };
        expect(page.office).toBe(code);
        expect(page.pending).toBe(0);
        const m = page.facts.map((f) => f.measures);
        own.set(code, m.reduce((s, x) => s + (x['newHomeCount'] ?? 0) + (x['secondHandCount'] ?? 0) + (x['supplyUnits'] ?? 0), 0));
        // The demo market has sales and supply, so the comparison below compares something.
        expect(own.get(code)).toBeGreaterThan(0);
      }
      const login = await fetch(`${run.city}${API_BASE}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: DEMO_PASSWORD }) });
      expect(login.status).toBe(200);
      const { token: staff } = (await login.json()) as { token: string };
      // The city reads both counties by itself: its page shows each county's figures, equal to the county's own.
      await expect.poll(async () => {
        const page = await (await fetch(`${run.city}/office/city`, { headers: { authorization: `Bearer ${staff}` } })).text();
        return DEMO_COUNTIES.map((code) => [code, pageSums(page, code), page.includes(`<tr data-county="${code}">`)]);
      }, { timeout: 60_000, interval: 1_000 }).toEqual(DEMO_COUNTIES.map((code) => [code, own.get(code), true]));
      expect(processesOf(dataDir()).filter((p) => p.cmd.includes('sync/server/main.ts'))).toHaveLength(3);
    } finally {
      // Ctrl-C: the terminal signals the whole process group.
      if (run.child.pid !== undefined) process.kill(-run.child.pid, 'SIGINT');
    }
    await run.exited;
    expect(run.out()).toContain('stopped: 230822 exit 0, 230826 exit 0, city exit 0');
    // Every office closed: none of the command's processes is left.
    await expect.poll(() => processesOf(dataDir()), { timeout: 20_000, interval: 250 }).toEqual([]);
  });

  it('stops every office when npm itself is sent SIGTERM (npm passes it to its shell alone)', { timeout: 300_000 }, async () => {
    const run = await npmRunCity();
    expect(processesOf(dataDir()).filter((p) => p.cmd.includes('sync/server/main.ts'))).toHaveLength(3);
    if (run.child.pid !== undefined) process.kill(run.child.pid, 'SIGTERM');
    await run.exited;
    await expect.poll(() => processesOf(dataDir()), { timeout: 30_000, interval: 250 }).toEqual([]);
  });

  it('stops the others when one office dies by itself, says which one, and exits non-zero', { timeout: 300_000 }, async () => {
    const run = await npmRunCity();
    const offices = processesOf(dataDir()).filter((p) => p.cmd.includes('sync/server/main.ts'));
    expect(offices).toHaveLength(3);
    // 桦川县's office, found by its own data folder, dies as a crashed server would: no signal reaches the command.
    const county = offices.filter((p) => p.cmd.includes(`--county 230826 `));
    expect(county).toHaveLength(1);
    process.kill(county[0]!.pid, 'SIGKILL');
    // Within the others' close, not the test's timeout: a command that kept running would wait for Ctrl-C forever.
    await expect.poll(() => run.child.exitCode !== null || run.child.signalCode !== null, { timeout: 60_000, interval: 250 }).toBe(true);
    const code = await run.exited;
    expect(code).not.toBe(0);
    expect(run.err()).toContain('230826 office stopped (SIGKILL)');
    // The two that were still running were stopped by the command, and closed as on Ctrl-C.
    expect(run.out()).toContain('stopped: 230822 exit 0, 230826 SIGKILL, city exit 0');
    await expect.poll(() => processesOf(dataDir()), { timeout: 30_000, interval: 250 }).toEqual([]);
  });
});
