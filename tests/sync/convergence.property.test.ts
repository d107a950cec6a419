import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '#protocol/canonical-json.ts';
import { UnitDoc } from '#protocol/documents/office.ts';
import { appendCaseEvent } from '#renderer/db/case-events.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { startSync } from '#renderer/db/sync-controller.ts';
import { hashEnrollCode, hashToken } from '#server/auth/tokens.ts';
import { DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { openTestVan, removeDir, startOffice, type RunningOffice } from './helpers.ts';

let office: RunningOffice;
beforeAll(async () => {
  office = await startOffice();
});
afterAll(async () => {
  await office.close();
  removeDir(office.dataDir);
});

let deviceCounter = 0;
async function enrollDirect(): Promise<{ deviceId: string; token: string }> {
  const n = ++deviceCounter;
  const code = `PROP${n}-CODE`;
  await office.storage.createEnrollCode({ codeHash: hashEnrollCode(code), vanId: DEMO_VAN_ID, createdBy: 'test', expiresAt: '2999-01-01T00:00:00Z' });
  const token = `prop-token-${n}`;
  const device = await office.storage.enrollDevice({ codeHash: hashEnrollCode(code), deviceId: `dev-prop-${n}`, name: `prop ${n}`, tokenHash: hashToken(token), now: new Date().toISOString() });
  return { deviceId: device!.id, token };
}

type Op = { by: 'A' | 'B'; caseNo: number } | { by: 'office'; unitIndex: number; seized: boolean };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ by: fc.constantFrom('A' as const, 'B' as const), caseNo: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ by: fc.constant('office' as const), unitIndex: fc.integer({ min: 0, max: 199 }), seized: fc.boolean() }),
);

/** Opens the van, lets `work` run on it offline, closes it (one van open at a time: RxDB's 13-collection limit). */
async function withVan<T>(name: string, work: (db: VanDatabase) => Promise<T>): Promise<T> {
  const db = await openTestVan(name);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** Content only: RxDB keeps `_deleted` outside `toJSON()`, the office keeps it in the body. */
const comparable = (doc: object): string => {
  const { _deleted: _d, ...content } = doc as Record<string, unknown>;
  return canonicalJson(content);
};

async function syncOnce(name: string, device: { deviceId: string; token: string }): Promise<string[]> {
  return withVan(name, async (db) => {
    const sync = startSync(db, { officeUrl: office.url, deviceToken: device.token, deviceId: device.deviceId, retryBaseMs: 20, live: false });
    await sync.awaitOfficeData();
    await sync.awaitInSync();
    await sync.stop();
    const units = await db.units.find({ sort: [{ id: 'asc' }] }).exec();
    return units.map((u) => comparable(u.toJSON()));
  });
}

describe('two vans working offline', () => {
  it('converge with the office after they sync, whatever each did offline', { timeout: 200_000 }, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), async (ops) => {
        run++;
        const a = await enrollDirect();
        const b = await enrollDirect();
        const names = { A: `prop-${process.pid}-${run}-a`, B: `prop-${process.pid}-${run}-b` };
        const expected: Record<'A' | 'B', string[]> = { A: [], B: [] };
        // Offline work, in op order per van; the office edits unit snapshots meanwhile.
        for (const who of ['A', 'B'] as const) {
          await withVan(names[who], async (db) => {
            const device = who === 'A' ? a : b;
            for (const [i, op] of ops.entries()) {
              if (op.by !== who) continue;
              const id = `${device.deviceId}-ev-${i}`;
              expected[who].push(id);
              await appendCaseEvent(db, device.deviceId, {
                id, caseId: `${device.deviceId}-case-${op.caseNo}`, at: new Date(Date.UTC(2026, 10, 30, 1, 0, i)).toISOString(),
                actor: 'staff-zhangwei', kind: 'materials-received', payload: { materials: [], complete: false },
              });
            }
          });
        }
        for (const op of ops) {
          if (op.by !== 'office') continue;
          const units = await office.storage.listDocuments('units');
          const unit = UnitDoc.parse(units.sort((x, y) => x.id.localeCompare(y.id))[op.unitIndex]?.body);
          await office.storage.writeOfficeDocuments('units', [{ body: { ...unit, flags: { ...unit.flags, seized: op.seized } }, audienceVans: [DEMO_VAN_ID], ownerDevice: null }]);
        }

        const unitsA = await syncOnce(names.A, a);
        const unitsB = await syncOnce(names.B, b);

        // Both vans hold the same office data, equal to the office's own.
        const officeUnits = (await office.storage.listDocuments('units')).map((d) => comparable(d.body)).sort();
        expect(unitsA).toEqual(unitsB);
        expect([...unitsA].sort()).toEqual(officeUnits);
        // The office holds every event of each van exactly once, each chain whole.
        for (const [who, device] of [['A', a], ['B', b]] as const) {
          const stored = (await office.storage.listDocuments('caseEvents')).filter((d) => d.deviceId === device.deviceId).map((d) => d.id);
          expect(stored.sort()).toEqual([...expected[who]].sort());
          expect(await office.storage.chainStatus(device.deviceId)).toMatchObject({ state: 'ok', verifiedSeq: expected[who].length });
        }
      }),
      { numRuns: 5, seed: 20261130, endOnFailure: true },
    );
  });
});
