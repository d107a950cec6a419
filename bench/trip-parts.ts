/**
 * The sync suite's trip alone, for finding where its time goes (docs/benchmark-log.md):
 *   npx tsx bench/trip-parts.ts [both|events|scans] [runs] [--profile <dir>]
 * One untimed trip first (JIT, caches), then `runs` trips, each printed with its wall time and the process's CPU
 * time (van and office share the process, as in the suite). With `--profile`, each trip's timed part (not the
 * office's start or clean-up) is written as a V8 CPU profile of the main thread (`<part>-<n>.cpuprofile`, for
 * Chrome DevTools or speedscope). Run old and new code alternately (A B A B) in one window: the machine is shared.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanStore, tripThroughSync } from './sync.ts';

const [part = 'both', runsArg = '3'] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--profile');
const profileAt = process.argv.indexOf('--profile');
const profileDir = profileAt > 0 ? process.argv[profileAt + 1] : undefined;
if (part !== 'both' && part !== 'events' && part !== 'scans') throw new Error(`part: both, events or scans, not ${part}`);

const scanDir = mkdtempSync(join(tmpdir(), 'bench-trip-'));
const session = profileDir ? new Session() : null;
try {
  const store = scanStore(scanDir);
  const scans = [];
  for (let i = 0; i < 200; i++) scans.push(await store.put(randomBytes(500 * 1024)));
  await tripThroughSync(scanDir, scans, part);
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
    });
    console.log(`${part} ${n}: wall ${trip.ms.toFixed(0)} ms, CPU ${trip.cpuMs.toFixed(0)} ms, load ${loadavg()[0]?.toFixed(2)}`);
  }
} finally {
  session?.disconnect();
  rmSync(scanDir, { recursive: true, force: true });
}
