import { createRxDatabase, type RxCollection } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, describe, expect, it } from 'vitest';
import { type StaffDoc } from '#protocol/documents/office.ts';
import { openVanDatabase, type VanDatabase } from '#renderer/db/database.ts';
import { staffSchema } from '#renderer/db/schemas/staff.ts';

type Staff = Omit<StaffDoc, '_deleted'>;
const storage = () => getRxStorageDexie({ indexedDB, IDBKeyRange });
const HASH = 'pbkdf2-sha256$600000$AAECAwQFBgcICQoLDA0ODw==$YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXphYmNkZWY=';
const staff = (id: string, login: string): Staff => ({ id, login, name: '张伟', roles: ['van-clerk'], passwordHash: HASH, active: true, updatedAt: '2026-11-28T02:00:00.000Z' });

describe('the staff collection on the van', () => {
  const name = `van-staff-${process.pid}`;
  let db: VanDatabase | undefined;
  afterAll(async () => {
    await db?.remove();
  });

  it('moves a version 0 store to version 1 keeping every account, its hash and its local write time, then holds a van key', async () => {
    const { vanKey: _vanKey, ...v0Properties } = staffSchema.properties;
    const old = await createRxDatabase<{ staff: RxCollection<Staff> }>({ name, storage: storage(), multiInstance: false });
    await old.addCollections({ staff: { schema: { ...staffSchema, version: 0, properties: v0Properties } } });
    await old.staff.bulkInsert([staff('staff-a', 'a'), staff('staff-b', 'b')]);
    const before = await old.staff.storageInstance.findDocumentsById(['staff-a', 'staff-b'], false);
    await old.close();

    db = await openVanDatabase({ name, storage: storage() });
    const after = await db.staff.storageInstance.findDocumentsById(['staff-a', 'staff-b'], false);
    expect(after.map((d) => [d.id, d.passwordHash, d._meta.lwt])).toEqual(before.map((d) => [d.id, d.passwordHash, d._meta.lwt]));
    expect((await db.staff.findOne({ selector: { login: 'b' } }).exec())?.id).toBe('staff-b');
    const vanKey = { version: 1, publicKey: 'X8TlL7ae2VMfV4ZgIAfzFhiFZscLdWoQH5bNGRnN1DQ=', salt: 'AAECAwQFBgcICQoLDA0ODw==', iterations: 600_000 };
    await db.staff.storageInstance.bulkWrite([{ previous: after[0], document: { ...after[0]!, vanKey, _rev: '2-b', _meta: { lwt: Date.now() } } }], 'test');
    expect((await db.staff.findOne('staff-a').exec())?.vanKey).toEqual(vanKey);
  });
});
