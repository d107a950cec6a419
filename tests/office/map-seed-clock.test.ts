import { afterAll, describe, expect, it } from 'vitest';
import { dbMapStore } from '#server/office/map/db-map-store.ts';
import { DEMO_LAYER, readLayer } from '#server/office/map/layer.ts';
import { seedMap } from '#server/office/map/seed-map.ts';
import { todayInOffice } from '#server/office/today.ts';
import { openTestStorage } from '../support/backend.ts';
import { removeDir, tempDir } from '../support/temp-dir.ts';

/**
 * The demo map is seeded at the office's time, not the computer's: its decisions are dated from the office's day and
 * its import and cost tables stamped with the office's clock (a test office, or a training office, runs at a day of
 * its own). Two days, one of them a leap day that is already 1 March in Beijing.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('the demo map, seeded by the office clock', () => {
  for (const at of ['2026-12-04T01:00:00.000Z', '2028-02-29T20:30:00.000Z']) {
    it(`at ${at}`, async () => {
      const dir = tempDir('map-seed-clock');
      dirs.push(dir);
      const clock = { now: () => new Date(at) };
      const { storage, dispose } = await openTestStorage(dir, { clock });
      try {
        const seeded = await seedMap(storage.db, 'demo', clock);
        expect(seeded.seeded).toBe(true);
        const store = dbMapStore(storage.db);
        expect((await store.costTables())?.changedAt).toBe(at);
        const day = todayInOffice(clock);
        const stored = await store.decisionsAfter(0);
        expect(stored.every((d) => d.recordedAt === at)).toBe(true);
        // The same dates as the layer read for the office's day; none after it.
        const expected = readLayer(DEMO_LAYER, day);
        for (const d of stored) expect(d.decidedOn).toBe(expected.decisions.get(d.buildingId)?.decidedOn);
        expect(stored.filter((d) => d.decidedOn > day)).toEqual([]);
      } finally {
        await storage.close?.();
        await dispose();
      }
    });
  }
});
