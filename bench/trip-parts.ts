/**
 * The sync suite's trip alone, for finding where its time goes (docs/benchmark-log.md):
 *   npx tsx bench/trip-parts.ts [both|events|scans] [runs] [--own-process] [--profile <dir>]
 * One untimed trip first (JIT, caches), then `runs` trips, each printed with its wall time and CPU time (van and
 * office, both processes with `--own-process`). The van runs in this process, on the office's event loop, or with
 * `--own-process` in a child of its own, as in the suite's default (bench/trip-van.ts). With `--profile`, each
 * trip's timed part (not the office's start or clean-up) is written as a V8 CPU profile of this process's main
 * thread (`<part>-<n>.cpuprofile`, for Chrome DevTools or speedscope): van and office, or the office alone with
 * `--own-process`. Run old and new code alternately (A B A B) in one window: the machine is shared.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanStore, tripThroughSync } from './sync.ts';
import { VanSide } from './trip-van.ts';

const [part = 'both', runsArg = '3'] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--profile');
const profileAt = process.argv.indexOf('--profile');
const profileDir = profileAt > 0 ? process.argv[profileAt + 1] : undefined;
if (part !== 'both' && part !== 'events' && part !== 'scans') throw new Error(`part: both, events or scans, not ${part}`);

const scanDir = mkdtempSync(join(tmpdir(), 'bench-trip-'));
const session = profileDir ? new Session() : null;
const van = new VanSide(process.argv.includes('--own-process') ? 'own-process' : 'in-process');
try {
  const store = scanStore(scanDir);
  const scans = [];
  for (let i = 0; i < 200; i++) scans.push(await store.put(randomBytes(500 * 1024)));
  await tripThroughSync(scanDir, scans, part, undefined, van);
  if (session && profileDir) {
    mkdirSync(profileDir, { recursive: true });
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 250 });
  }
  for (let n = 1; n <= Number(runsArg); n++) {
    const trip = await tripThroughSync(scanDir, scans, part, async (phase) => {
      if (!session || !profileDir) return;
      if (phase === 'start') return void (await session.post('Profiler.start'));
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(join(profileDir, `${part}-${n}.cpuprofile`), JSON.stringify(profile));
    }, van);
    console.log(`${part} ${n} (${van.setup}): wall ${trip.ms.toFixed(0)} ms, CPU ${trip.cpuMs.toFixed(0)} ms, load ${loadavg()[0]?.toFixed(2)}`);
  }
} finally {
  session?.disconnect();
  await van.close();
  rmSync(scanDir, { recursive: true, force: true });
}
