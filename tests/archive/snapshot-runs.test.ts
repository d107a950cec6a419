import { afterEach, describe, expect, it } from 'vitest';
import { sql } from '#office/platform/db/sql.ts';
import { buildOfficeApp } from '#server/app.ts';
import { DEMO_BUILDING, seedArchive } from '#server/office/archive/seed-register.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { todayInOffice } from '#server/office/today.ts';
import { seedOffice } from '#server/seed.ts';
import { type DbStorage } from '#server/storage/db-storage.ts';
import { openTestStorage } from '../support/backend.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';
import { eventually } from './harness.ts';

const clock = { now: () => new Date() };
let closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.reverse()) await close();
  closing = [];
});

/**
 * The demo register (its every unit queued for a snapshot) and an office over it, with each write of `units`
 * documents seen by `onWrite` first, which may refuse it by throwing.
 */
async function officeOverDemoRegister(onWrite: (unitNumbers: string[]) => void): Promise<{ storage: DbStorage; queued: number }> {
  const dataDir = tempDir('snapshot-runs');
  const { storage, dispose } = await openTestStorage(dataDir, { clock });
  closing.push(async () => { await dispose(); removeDir(dataDir); });
  await seedOffice(storage, 'demo', clock);
  await seedArchive(storage, 'demo', todayInOffice(clock));
  const queued = (await storage.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM archive_outbox WHERE kind = 'snapshot'`))?.n ?? 0;
  const write = storage.writeOfficeDocuments.bind(storage);
  storage.writeOfficeDocuments = (collection, docs) => {
    if (collection === 'units') onWrite(docs.map((d) => String(d.body['unitNumber'])));
    return write(collection, docs);
  };
  const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, clock, plugins: [officePlugin] });
  closing.push(() => app.close());
  return { storage, queued: Number(queued) };
}

const outboxLeft = (storage: DbStorage) => storage.db.all<{ unit_number: string }>(sql`SELECT unit_number FROM archive_outbox ORDER BY id`);

describe('the archive rebuilds unit snapshots from the register', () => {
  it('writes a run of queued snapshots together: one write per batch of the outbox, not one per unit', async () => {
    const writes: string[][] = [];
    const { storage, queued } = await officeOverDemoRegister((units) => writes.push(units));
    await eventually(() => outboxLeft(storage), (left) => left.length === 0, 'the archive outbox', 20);
    expect(queued).toBeGreaterThan(200);
    // Every queued unit got its snapshot, in a few writes (the outbox is read 100 items at a time).
    expect(new Set(writes.flat()).size).toBe(queued);
    expect(writes.length).toBeLessThanOrEqual(Math.ceil(queued / 100));
    expect(await storage.getDocument('units', `${DEMO_BUILDING.key}0704`)).toBeDefined();
  });

  it('tries each of a run alone when the run cannot be written, so one unit that fails holds back only itself', async () => {
    const broken = `${DEMO_BUILDING.key}0101`;
    const { storage, queued } = await officeOverDemoRegister((units) => {
      if (units.includes(broken)) throw new Error('disk refused this unit');
    });
    await eventually(() => outboxLeft(storage), (left) => left.length === 1, 'every other snapshot', 20);
    expect(await outboxLeft(storage)).toEqual([{ unit_number: broken }]);
    expect(await storage.getDocument('units', broken)).toBeUndefined();
    expect(await storage.getDocument('units', `${DEMO_BUILDING.key}0102`)).toBeDefined();
    expect(queued).toBeGreaterThan(200);
  });
});
