import { createRxDatabase, type RxCollection } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, describe, expect, it } from 'vitest';
import { type ReceiptDoc } from '#protocol/documents/van.ts';
import { openVanDatabase, type VanDatabase } from '#renderer/db/database.ts';
import { receiptSchema } from '#renderer/db/schemas/receipts.ts';

type Receipt = Omit<ReceiptDoc, '_deleted'>;
const storage = () => getRxStorageDexie({ indexedDB, IDBKeyRange });
const receipt = (n: number, tripId: string): Receipt => ({
  id: `${tripId}:JMS${n}`, tripId, caseId: `case-${n}`, deviceId: 'device-1', number: `JMS${n}`, amountFen: 8000,
  items: [{ code: 'item-1', label: '住宅登记费', amountFen: 8000 }], payer: '李建国', issuedAt: '2026-11-28T02:00:00.000Z', issuedBy: 'staff-zhangwei',
});

describe('the receipts collection on the van', () => {
  const name = `van-receipts-${process.pid}`;
  let db: VanDatabase | undefined;
  afterAll(async () => {
    await db?.remove();
  });

  it('moves a version 0 store to version 1 keeping every receipt and its local write time, and finds a trip\'s receipts through the tripId index', async () => {
    const old = await createRxDatabase<{ receipts: RxCollection<Receipt> }>({ name, storage: storage(), multiInstance: false });
    await old.addCollections({ receipts: { schema: { ...receiptSchema, version: 0, indexes: ['number', 'caseId'] } } });
    await old.receipts.bulkInsert([receipt(1, 'trip-a'), receipt(2, 'trip-b'), receipt(3, 'trip-a')]);
    const before = await old.receipts.storageInstance.findDocumentsById(['trip-a:JMS1', 'trip-b:JMS2', 'trip-a:JMS3'], false);
    await old.close();

    db = await openVanDatabase({ name, storage: storage() });
    const after = await db.receipts.storageInstance.findDocumentsById(['trip-a:JMS1', 'trip-b:JMS2', 'trip-a:JMS3'], false);
    expect(after.map((d) => [d.id, d._meta.lwt])).toEqual(before.map((d) => [d.id, d._meta.lwt]));
    const query = db.receipts.find({ selector: { tripId: 'trip-a' } });
    expect((await query.exec()).map((r) => r.number).sort()).toEqual(['JMS1', 'JMS3']);
    const plan = query.getPreparedQuery().queryPlan;
    expect(plan.index).toContain('tripId');
    expect(plan.selectorSatisfiedByIndex).toBe(true);
  });
});
