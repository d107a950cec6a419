import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { type BulkWriteRow, createRevision, type RxStorage, type RxStorageInstance, type RxStorageInstanceCreationParams } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { VAN_COLLECTIONS } from '#protocol/collections.ts';
import { type OutboxResult, type OutboxRow } from '#protocol/messages.ts';
import { openVanDatabase, type VanDatabase } from '#renderer/db/database.ts';
import { adoptOlderStore } from '#renderer/db/older-store.ts';
import { drainOutbox } from '#renderer/db/outbox.ts';
import { countPending } from '#renderer/db/pending.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { appendMaterialsEvent, openTestVan, writeCaseHeader } from '../sync/helpers.ts';

const DEVICE = 'dev-order';
// One van open at a time: RxDB's open core counts collections across the realm.
let open: VanDatabase | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await open?.close();
  open = undefined;
});

/** An office that stores every row it is sent, and the rows it was sent. */
function storingOffice(): { sent: string[]; outbox(rows: OutboxRow[]): Promise<OutboxResult[]> } {
  const sent: string[] = [];
  const outbox = (rows: OutboxRow[]): Promise<OutboxResult[]> => {
    sent.push(...rows.map((r) => r.doc.id));
    return Promise.resolve(rows.map((r) => ({ collection: r.collection, id: r.doc.id, status: 'stored' as const })));
  };
  return { sent, outbox };
}

/**
 * This device's run of receipt numbers as the trip ledger's pull stores it: through the storage instance, past the
 * collection's hooks, stamped by RxDB at the time of the write. An office document: the outbox passes it unsent.
 */
async function pulledGrant(db: VanDatabase, id: string): Promise<void> {
  const storage = db.tripLedger.storageInstance as unknown as RxStorageInstance<Record<string, unknown>, unknown, unknown>;
  const document = {
    id, kind: 'receipt-grant', tripId: DEMO_TRIP_ID, deviceId: DEVICE, first: 1, last: 50, grantedAt: '2026-11-30T08:00:00+08:00',
    _deleted: false, _rev: createRevision(db.token), _meta: { lwt: 0 }, _attachments: {},
  };
  const { error } = await storage.bulkWrite([{ document }], 'outbox-write-order-test');
  expect(error).toEqual([]);
}

/** Dexie on fake-indexeddb whose case event writes can be held after RxDB stamped them (as a slow disk or an encryption would). */
function holdingStorage(): { storage: RxStorage<unknown, unknown>; hold: () => { reached: Promise<void>; release: () => void } } {
  const dexie = getRxStorageDexie({ indexedDB, IDBKeyRange });
  let held: { reach(): void; released: Promise<void> } | undefined;
  const storage: RxStorage<unknown, unknown> = {
    name: dexie.name,
    rxdbVersion: dexie.rxdbVersion,
    async createStorageInstance<T>(params: RxStorageInstanceCreationParams<T, unknown>) {
      const instance = await dexie.createStorageInstance<T>(params as never);
      if (params.collectionName !== 'caseEvents') return instance;
      const bulkWrite = instance.bulkWrite.bind(instance);
      instance.bulkWrite = async (rows: BulkWriteRow<T>[], context: string) => {
        const wait = held;
        held = undefined;
        if (wait) {
          wait.reach();
          await wait.released;
        }
        return bulkWrite(rows, context);
      };
      return instance;
    },
  };
  const hold = () => {
    let reach = () => undefined as void;
    let release = () => undefined as void;
    const reached = new Promise<void>((r) => (reach = r));
    const released = new Promise<void>((r) => (release = r));
    held = { reach, released };
    return { reached, release };
  };
  return { storage, hold };
}

describe('the outbox’s mark and writes that land while it reads', () => {
  it('sends an event written after the events were read, though a later pulled document is read further on', async () => {
    const db = (open = await openTestVan());
    await writeCaseHeader(db, DEVICE, 'case-1');
    await appendMaterialsEvent(db, DEVICE, 'ev-1', 'case-1');
    // The outbox reads the collections one after another, in VAN_COLLECTIONS' order. While it reads the scans
    // (after the events, before the trip ledger), staff append an event and the trip ledger's pull stores this
    // device's receipt run after it.
    const order = (['caseEvents', 'scans', 'tripLedger'] as const).map((c) => VAN_COLLECTIONS.indexOf(c));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const scans = db.scans.storageInstance as unknown as RxStorageInstance<unknown, unknown, unknown>;
    const query = scans.query.bind(scans);
    let armed = true;
    vi.spyOn(scans, 'query').mockImplementation(async (q) => {
      if (armed) {
        armed = false;
        await appendMaterialsEvent(db, DEVICE, 'ev-2', 'case-1');
        await pulledGrant(db, 'grant-1');
      }
      return query(q);
    });

    const office = storingOffice();
    await drainOutbox(db, office, DEVICE, 10, () => undefined);
    // The round the event's own write starts (sync-controller.ts drains on every local write).
    await drainOutbox(db, office, DEVICE, 10, () => undefined);
    expect(armed).toBe(false);
    expect(office.sent).toEqual(['case-1', 'ev-1', 'ev-2']);
    expect((await countPending(db)).pendingDocuments).toBe(0);
  });

  it('sends an event stamped before a pulled document that was stored first', async () => {
    const { storage, hold } = holdingStorage();
    const db = (open = await openVanDatabase({ name: `order-${process.pid}-${Date.now()}`, storage }));
    await writeCaseHeader(db, DEVICE, 'case-1');
    await appendMaterialsEvent(db, DEVICE, 'ev-1', 'case-1');
    // Done once per store, before the hold: adding its collection waits until no write is under way.
    await adoptOlderStore(db);
    // ev-2 is stamped, then stays on its way to the disk while a pulled document stamped after it is stored.
    const { reached, release } = hold();
    const appended = appendMaterialsEvent(db, DEVICE, 'ev-2', 'case-1');
    await reached;
    await pulledGrant(db, 'grant-1');

    const office = storingOffice();
    await drainOutbox(db, office, DEVICE, 10, () => undefined);
    release();
    await appended;
    await drainOutbox(db, office, DEVICE, 10, () => undefined);
    expect(office.sent).toEqual(['case-1', 'ev-1', 'ev-2']);
    expect((await countPending(db)).pendingDocuments).toBe(0);
  });
});
