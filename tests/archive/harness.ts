import { type Clock } from '#domain/clock.ts';
import { buildOfficeApp } from '#server/app.ts';
import { seedArchive, DEMO_BUILDING } from '#server/office/archive/seed-register.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { todayInOffice } from '#server/office/today.ts';
import { seedOffice } from '#server/seed.ts';
import { openTestStorage } from '../support/backend.ts';
import { UnitDoc } from '#protocol/documents/office.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';
import { type Office } from '../office/harness.ts';
import { type Db } from '#office/platform/db/db.ts';
import { barrier } from '../support/barrier.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';

/**
 * The office with its pages and the demo register, once every seeded unit's snapshot has been rebuilt from it;
 * `clock` is its time (default: the system clock); `stationCardWaitMs` how long a reader station waits for a card
 * (the office's default is 20 seconds).
 */
export async function startArchiveOffice(opts: { clock?: Clock; stationCardWaitMs?: number } = {}): Promise<Office> {
  const dataDir = tempDir('archive');
  const clock = opts.clock ?? { now: () => new Date() };
  const { storage, dispose } = await openTestStorage(dataDir, { clock });
  await seedOffice(storage, 'demo', clock);
  await seedArchive(storage, 'demo', todayInOffice(clock));
  const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, clock, plugins: [officePlugin], stationCardWaitMs: opts.stationCardWaitMs });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const office: Office = { url, app, storage, dataDir, close: async () => { await app.close(); await dispose(); removeDir(dataDir); } };
  // The demo building's flats are written last; their snapshots appear once the whole outbox has run.
  const lastFlat = `${DEMO_BUILDING.key}0704`;
  for (let i = 0; i < 600 && !(await storage.getDocument('units', lastFlat)); i++) await new Promise((r) => setTimeout(r, 50));
  if (!(await storage.getDocument('units', lastFlat))) throw new Error('the register did not rebuild the unit snapshots');
  return office;
}

export async function unitDoc(office: Office, unitNumber: string): Promise<UnitDoc> {
  const d = await office.storage.getDocument('units', unitNumber);
  if (!d) throw new Error(`no snapshot of ${unitNumber}`);
  return UnitDoc.parse(d.body);
}

/**
 * Waits until `check` holds (the archive works its outbox once a second, and at once after a court act), for up
 * to `seconds`: longer where work passes several workers, which a loaded machine on PostgreSQL slows.
 */
export async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean, what: string, seconds = 5): Promise<T> {
  for (let i = 0; i < seconds * 20; i++) {
    const v = await read();
    if (check(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Holds a ledger import after its first batch: its second progress write waits until `release` is called.
 * `held` settles once the import is waiting there; `restore` puts the office's database back as it was.
 */
export function holdImportAfterFirstBatch(office: Office): { held: Promise<void>; release: () => Promise<void>; restore: () => void } {
  const db = office.storage.db as { run: Db['run'] };
  const run = db.run.bind(db);
  const gate = barrier(2);
  let arrived = () => undefined as void;
  const held = new Promise<void>((r) => (arrived = r));
  let progressWrites = 0;
  db.run = async (q) => {
    if (q.chunks[0]?.startsWith('UPDATE archive_imports SET imported') && ++progressWrites === 2) {
      arrived();
      await gate();
    }
    return run(q);
  };
  return { held, release: gate, restore: () => (db.run = run) };
}
