import fc from 'fast-check';
import { firstValueFrom, filter, timeout } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '#protocol/canonical-json.ts';
import { UnitDoc } from '#protocol/documents/office.ts';
import { appendCaseEvent } from '#renderer/db/case-events.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { startSync } from '#renderer/db/sync-controller.ts';
import { hashEnrollCode, hashToken } from '#server/auth/tokens.ts';
import { DEMO_TRIP_ID, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
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

/** A van records an event, or a receipt numbered outside its trip's block (which the office must refuse); the office edits a unit. */
type Op = { by: 'A' | 'B'; caseNo: number; refused: boolean } | { by: 'office'; unitIndex: number; seized: boolean };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ by: fc.constantFrom('A' as const, 'B' as const), caseNo: fc.integer({ min: 0, max: 3 }), refused: fc.constant(false) }) },
  { weight: 1, arbitrary: fc.record({ by: fc.constantFrom('A' as const, 'B' as const), caseNo: fc.integer({ min: 0, max: 3 }), refused: fc.constant(true) }) },
  { weight: 2, arbitrary: fc.record({ by: fc.constant('office' as const), unitIndex: fc.integer({ min: 0, max: 199 }), seized: fc.boolean() }) },
);

/**
 * A new seed each run, so every CI run explores new cases; fast-check prints the seed and path of a failure,
 * and `PROPERTY_SEED=<seed>` replays it.
 */
const SEED = process.env['PROPERTY_SEED'] ? Number(process.env['PROPERTY_SEED']) : Math.floor(Math.random() * 2 ** 31);

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

async function syncOnce(name: string, device: { deviceId: string; token: string }, refusals: number): Promise<{ units: string[]; quarantined: string[] }> {
  return withVan(name, async (db) => {
    const sync = startSync(db, { officeUrl: office.url, deviceToken: device.token, deviceId: device.deviceId, retryBaseMs: 20, live: false });
    await sync.awaitOfficeData();
    await sync.awaitInSync();
    // Every refused receipt set aside with the office's code, nothing else left waiting.
    await firstValueFrom(sync.state$.pipe(filter((s) => s.quarantined.length === refusals && s.pendingDocuments === 0), timeout(20_000)));
    const quarantined = sync.state().quarantined.map((q) => `${q.docId} ${q.code}`).sort();
    await sync.stop();
    const units = await db.units.find({ sort: [{ id: 'asc' }] }).exec();
    return { units: units.map((u) => comparable(u.toJSON())), quarantined };
  });
}

describe('two vans working offline', () => {
  it('converge with the office after they sync, whatever each did offline, refusals included', { timeout: 400_000 }, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), async (ops) => {
        run++;
        const a = await enrollDirect();
        const b = await enrollDirect();
        const names = { A: `prop-${process.pid}-${run}-a`, B: `prop-${process.pid}-${run}-b` };
        const expected: Record<'A' | 'B', string[]> = { A: [], B: [] };
        const refused: Record<'A' | 'B', string[]> = { A: [], B: [] };
        // Offline work, in op order per van; the office edits unit snapshots meanwhile.
        for (const who of ['A', 'B'] as const) {
          await withVan(names[who], async (db) => {
            const device = who === 'A' ? a : b;
            for (const [i, op] of ops.entries()) {
              if (op.by !== who) continue;
              if (op.refused) {
                const id = `${device.deviceId}-rc-${i}`;
                refused[who].push(`${id} receipt-outside-block`);
                await db.receipts.insert({
                  id, tripId: DEMO_TRIP_ID, caseId: `${device.deviceId}-case-${op.caseNo}`, deviceId: device.deviceId, number: `JMS2026-99${String(i).padStart(4, '0')}`, amountFen: 8000,
                  items: [{ code: 'registration-residential', label: '登记费', amountFen: 8000 }], payer: '王秀英', issuedAt: new Date(Date.UTC(2026, 10, 30, 1, 0, i)).toISOString(), issuedBy: 'staff-zhangwei',
                });
                continue;
              }
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

        const { units: unitsA, quarantined: quarantinedA } = await syncOnce(names.A, a, refused.A.length);
        const { units: unitsB, quarantined: quarantinedB } = await syncOnce(names.B, b, refused.B.length);
        expect(quarantinedA).toEqual([...refused.A].sort());
        expect(quarantinedB).toEqual([...refused.B].sort());
        expect((await office.storage.listDocuments('receipts')).filter((d) => d.deviceId === a.deviceId || d.deviceId === b.deviceId)).toEqual([]);

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
      { numRuns: 10, seed: SEED, endOnFailure: true },
    );
  });
});
