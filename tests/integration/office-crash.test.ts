import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { appendCaseEvent } from '#renderer/db/case-events.ts';
import { startSync } from '#renderer/db/sync-controller.ts';
import { countPending } from '#renderer/db/pending.ts';
import { hashEnrollCode, hashToken } from '#server/auth/tokens.ts';
import { seedOffice } from '#server/seed.ts';
import { openSqliteStorage } from '#server/storage/open-storage.ts';
import { DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { openTestVan } from '../sync/helpers.ts';
import { TcpProxy } from '../sync/tcp-proxy.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const KILLS = 50;
const dataDir = tempFolderForTests('office-crash');
// The office's bundle (bundleOffice): made here, before the hook below, so that it is removed after that hook stops the office.
const buildDir = tempFolderForTests('office-bundle');
let child: ChildProcess | undefined;
const proxy = new TcpProxy();

afterAll(async () => {
  child?.kill('SIGKILL');
  await proxy.close();
});

/**
 * The office (sync/server/app.ts, without the web pages) bundled once into a temp folder, so each of the 50 restarts costs a plain
 * `node` start instead of a TypeScript compile: migrations sit where the bundle looks for them and the
 * packages resolve through a node_modules link.
 */
async function bundleOffice(): Promise<string> {
  const out = join(buildDir(), 'bin', 'office.mjs');
  await build({
    entryPoints: ['tests/integration/crash-office-entry.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['better-sqlite3'], // native: loaded from node_modules through the link below
    outfile: out,
    logLevel: 'error',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  cpSync('office/platform/migrations', join(buildDir(), 'migrations'), { recursive: true });
  symlinkSync(join(process.cwd(), 'node_modules'), join(buildDir(), 'node_modules'), 'dir');
  return out;
}
let officeBundle = '';

/** Starts the office in a child process on the data folder; resolves with its port. */
function startChild(): Promise<{ proc: ChildProcess; port: number }> {
  const proc = spawn(process.execPath, [officeBundle, '--data', dataDir()], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  let stderr = '';
  proc.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout });
    lines.on('line', (line) => {
      const m = /^OFFICE_LISTENING http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
      if (m) resolve({ proc, port: Number(m[1]) });
    });
    proc.once('exit', (code) => reject(new Error(`office exited early (${code}): ${stderr}`)));
  });
}

const exited = (proc: ChildProcess) => new Promise<void>((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once('exit', () => resolve())));

describe('the office killed at random points during pushes', () => {
  it(`loses nothing and duplicates nothing over ${KILLS} SIGKILLs`, { timeout: 240_000 }, async () => {
    officeBundle = await bundleOffice();
    // The device is enrolled straight in the data folder (no admin login needed in the child).
    const token = 'crash-test-token';
    const setup = openSqliteStorage(dataDir());
    await seedOffice(setup, 'demo');
    await setup.createEnrollCode({ codeHash: hashEnrollCode('CRASH-TEST1'), vanId: DEMO_VAN_ID, createdBy: 'test', expiresAt: '2999-01-01T00:00:00Z' });
    const device = await setup.enrollDevice({ codeHash: hashEnrollCode('CRASH-TEST1'), deviceId: 'dev-crash', name: 'crash', tokenHash: hashToken(token), now: new Date().toISOString() });
    await setup.close();
    expect(device?.id).toBe('dev-crash');

    await proxy.listen();
    const van = await openTestVan();
    const sync = startSync(van, { officeUrl: proxy.url, deviceToken: token, deviceId: 'dev-crash', retryBaseMs: 10, retryMaxMs: 100, pushBatchSize: 4, live: false });

    let written = 0;
    const write = async (n: number) => {
      for (let i = 0; i < n; i++, written++) {
        await appendCaseEvent(van, 'dev-crash', {
          id: `crash-${written}`, caseId: `case-${written % 7}`, at: new Date(Date.UTC(2026, 10, 30, 2, 0, written)).toISOString(),
          actor: 'staff-zhangwei', kind: 'materials-received', payload: { materials: [], complete: false },
        });
      }
    };

    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let k = 0; k < KILLS; k++) {
      const { proc, port } = await startChild();
      child = proc;
      proxy.upstreamPort = port;
      await write(6);
      // Let the van push for a random while, then kill the office without warning.
      await new Promise((r) => setTimeout(r, 5 + random() * 120));
      proc.kill('SIGKILL');
      await exited(proc);
      proxy.cutAll();
    }

    const { proc, port } = await startChild();
    child = proc;
    proxy.upstreamPort = port;
    // RxDB's own in-sync signal, bounded; then the van's pending count computed afresh, not from the
    // throttled state stream, so the assertion is about what is pending rather than when the screen updates.
    await Promise.race([sync.awaitInSync(), new Promise((_, reject) => setTimeout(() => reject(new Error('van not in sync after 120 s')), 120_000))]);
    expect((await countPending(van)).pendingDocuments).toBe(0);
    const quarantined = (await van.syncQuarantine.find().exec()).map((d) => d.toJSON());
    await sync.report();
    await sync.stop();
    await van.close();
    proc.kill('SIGTERM');
    await exited(proc);

    const storage = openSqliteStorage(dataDir());
    try {
      const ids = (await storage.listDocuments('caseEvents')).map((d) => d.id);
      const have = new Set(ids);
      expect([...Array(written).keys()].map((n) => `crash-${n}`).filter((id) => !have.has(id)), JSON.stringify(quarantined)).toEqual([]);
      expect(ids.length).toBe(written);
      expect(new Set(ids).size).toBe(written);
      expect(await storage.countDeviceEvents('dev-crash')).toBe(written);
      expect(await storage.chainStatus('dev-crash')).toMatchObject({ state: 'ok', verifiedSeq: written });
    } finally {
      await storage.close();
    }
  });
});
