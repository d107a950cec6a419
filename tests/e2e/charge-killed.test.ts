import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import { basename, dirname, join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '#protocol/domain-bridge.ts';
import { CHROMIUM_ARGS } from '../support/chromium.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

/**
 * The van's one-write charge (docs/receipt-numbers.md) against real process death: Chromium, holding the van's
 * store in its IndexedDB on disk, is killed with SIGKILL at random points while the intake's `issueReceipt`
 * charges case after case (charge-killed-page.ts), then started again on the same profile. After every restart
 * each charge is whole or absent (the device's hash chain verifies over every stored event, with no receipt
 * document beside them), and every number the page had printed is still held by its case, so no printed number
 * is charged again.
 */

const KILLS = 12;
const root = tempFolderForTests('charge-killed');
let profile = '';
let browser: ChildProcess | undefined;
let server: Server | undefined;

/** Every process of a browser started here, found by its own profile folder (its zygote leaves the group). */
function browserPids(): number[] {
  // No profile yet (its folder was never made): every command line contains '', so nothing may match.
  if (profile === '') return [];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(profile)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

function killBrowser(): void {
  for (const pid of browserPids()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  // A killed Chromium leaves its singleton socket's folder in the temp folder (the profile links to the socket).
  try {
    const folder = dirname(readlinkSync(join(profile, 'SingletonSocket')));
    if (basename(folder).startsWith('org.chromium.Chromium.')) rmSync(folder, { recursive: true, force: true });
  } catch {
    // Never started, or no socket.
  }
}

beforeAll(() => {
  profile = join(root(), 'profile');
});
afterAll(async () => {
  killBrowser();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

type StoredEvent = { id: string; caseId: string; seq: number; kind: string; payload: Record<string, unknown> };
type Report = { path: string; body: Record<string, unknown> };

const bodyOf = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return JSON.parse(text || '{}') as Record<string, unknown>;
};

describe('the van killed while it charges, in Chromium on a profile kept on disk', () => {
  it(`keeps every charge whole or absent, and never charges a printed number again, over ${KILLS} SIGKILLs`, { timeout: 600_000 }, async () => {
    const bundle = await build({
      entryPoints: ['tests/e2e/charge-killed-page.ts'], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'error', define: { 'process.env.NODE_ENV': '"production"' },
    });
    const script = bundle.outputFiles[0]?.text ?? '';
    let onReport: (r: Report) => void = () => undefined;
    server = createServer((req, res) => {
      if (req.method === 'GET') {
        const js = req.url === '/page.js';
        res.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html; charset=utf-8' });
        res.end(js ? script : '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>');
        return;
      }
      void bodyOf(req).then((body) => {
        res.writeHead(204).end();
        onReport({ path: req.url ?? '', body });
      });
    });
    // One port for every start: the page's origin, and so its IndexedDB, includes it.
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;

    const printed = new Map<string, string>();
    let seed = Number(process.env['PROPERTY_SEED'] ?? Date.now() % 2_147_483_647);
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    const seedText = `seed ${seed}`;
    let lastStored = 0;
    let killedWithout = 0;

    /** Starts the browser on the profile; resolves with what its store held at the start. */
    const start = (): Promise<StoredEvent[]> =>
      new Promise((resolve, reject) => {
        onReport = ({ path, body }) => {
          if (path === '/state') {
            expect(body['receiptDocuments'], seedText).toBe(0);
            resolve(body['events'] as StoredEvent[]);
          } else if (path === '/printed') printed.set(String(body['caseId']), String(body['number']));
          else reject(new Error(`the page failed (${seedText}): ${String(body['error'])}`));
        };
        browser = spawn('/usr/bin/chromium', [...CHROMIUM_ARGS, `--user-data-dir=${profile}`, url], { stdio: 'ignore' });
        browser.once('exit', (code, signal) => signal === null && reject(new Error(`chromium exited (${code}) before the page reported`)));
      });

    /** What a restart finds: whole charges 1..n in chain order, each printed number still its case's. */
    const check = (events: StoredEvent[]) => {
      const chain = [...events].sort((a, b) => a.seq - b.seq);
      expect(verifyChain('van-killed', chain as unknown as Parameters<typeof verifyChain>[1]).ok, seedText).toBe(true);
      expect(chain.every((e) => e.kind === 'fee-charged'), seedText).toBe(true);
      const numbers = chain.map((e) => String(e.payload['receiptNumber']));
      expect(numbers, seedText).toEqual(chain.map((_, i) => `JMS2026-${String(i + 1).padStart(6, '0')}`));
      expect(chain.map((e) => e.caseId), seedText).toEqual(chain.map((_, i) => `case-${i + 1}`));
      const held = new Map(chain.map((e) => [e.caseId, String(e.payload['receiptNumber'])]));
      for (const [caseId, number] of printed) expect(held.get(caseId), `${caseId}, printed as ${number} (${seedText})`).toBe(number);
      expect(chain.length, seedText).toBeGreaterThanOrEqual(lastStored);
      lastStored = chain.length;
    };

    for (let k = 0; k < KILLS; k++) {
      check(await start());
      const before = printed.size;
      // Charging now, one after another: killed after a random while, mid-write or between writes.
      await new Promise((r) => setTimeout(r, 50 + random() * 1500));
      const dead = browser ? new Promise((r) => browser?.once('exit', r)) : Promise.resolve();
      killBrowser();
      await dead;
      if (printed.size === before) killedWithout++;
    }
    const final = await start();
    check(final);
    killBrowser();
    console.info(`charge-killed: ${seedText}, ${KILLS} kills, ${final.length} charges stored, ${printed.size} printed, ${killedWithout} kills before any charge of their run`);
    // The kills fell among charges: most runs printed something before dying, and the store holds them all.
    expect(killedWithout, seedText).toBeLessThan(KILLS);
    expect(final.length, seedText).toBeGreaterThanOrEqual(printed.size);
  });
});
