import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import { openVanDatabase, type VanDatabase } from '#renderer/db/database.ts';
import { DecryptionError, decryptValue, encryptValue } from '#renderer/db/encrypted-storage.ts';
import { newDataKey } from '#renderer/db/vault.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';

const NAME = '王秀英';
const ID_NUMBER = '230803194501012345';
let counter = 0;

const open = (name: string, key: CryptoKey) =>
  openVanDatabase({ name, storage: getRxStorageDexie({ indexedDB, IDBKeyRange }), encryptionKey: () => Promise.resolve(key) });

async function writeCase(db: VanDatabase, id: string): Promise<void> {
  await db.cases.insert({
    id, tripId: DEMO_TRIP_ID, appointmentId: 'appt-001', deviceId: 'dev-1', businessKind: 'transfer', unitIds: [],
    applicants: [{ name: NAME, idType: 'resident-id', idNumber: ID_NUMBER, side: 'holder' }], createdAt: '2026-11-30T09:01:00+08:00', createdBy: 'staff-zhangwei',
  });
  await db.receipts.insert({
    id: `${id}-r`, tripId: DEMO_TRIP_ID, caseId: id, deviceId: 'dev-1', number: 'JMS2026-001001', amountFen: 8000,
    items: [{ code: 'registration-residential', label: '登记费', amountFen: 8000 }], payer: NAME, issuedAt: '2026-11-30T09:10:00+08:00', issuedBy: 'staff-zhangwei',
  });
}

/** Every record of every IndexedDB database whose name contains `name`, as the files on disk would hold them. */
async function rawRecords(name: string): Promise<string> {
  const out: unknown[] = [];
  for (const info of await indexedDB.databases()) {
    if (!info.name?.includes(name)) continue;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(info.name!);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(new Error(String(req.error)));
    });
    for (const store of Array.from(db.objectStoreNames)) {
      const all = await new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result as unknown[]);
        req.onerror = () => reject(new Error(String(req.error)));
      });
      out.push(...all);
    }
    db.close();
  }
  return JSON.stringify(out);
}

describe('personal data in the van’s local store, encrypted at rest', () => {
  it('stores names, ID numbers and payers only as ciphertext, while lookups by id and trip still work', async () => {
    const name = `enc-${process.pid}-${++counter}`;
    const db = await open(name, await newDataKey());
    await writeCase(db, 'case-1');
    expect((await db.cases.find({ selector: { tripId: DEMO_TRIP_ID } }).exec()).map((d) => d.applicants[0]?.name)).toEqual([NAME]);
    expect((await db.receipts.findOne({ selector: { caseId: 'case-1' } }).exec())?.payer).toBe(NAME);
    await db.close();
    const raw = await rawRecords(name);
    expect(raw).toContain('case-1');
    expect(raw).toContain('JMS2026-001001');
    expect(raw).not.toContain(NAME);
    expect(raw).not.toContain(ID_NUMBER);
  });

  it('reads nothing with a wrong key, and everything again with the right one', async () => {
    const name = `enc-${process.pid}-${++counter}`;
    const right = await newDataKey();
    const first = await open(name, right);
    await writeCase(first, 'case-2');
    await first.close();

    const wrong = await open(name, await newDataKey());
    await expect(wrong.cases.findOne('case-2').exec()).rejects.toThrow();
    await expect(wrong.receipts.find({ selector: { caseId: 'case-2' } }).exec()).rejects.toThrow();
    await wrong.close();

    const again = await open(name, right);
    expect((await again.cases.findOne('case-2').exec())?.applicants[0]).toMatchObject({ name: NAME, idNumber: ID_NUMBER });
    await again.close();
  });

  it('seals the intake draft among the local documents, while the others stay readable before any login', async () => {
    const name = `enc-${process.pid}-${++counter}`;
    let open_: (k: CryptoKey) => void = () => undefined;
    const key = new Promise<CryptoKey>((resolve) => (open_ = resolve));
    const db = await openVanDatabase({ name, storage: getRxStorageDexie({ indexedDB, IDBKeyRange }), encryptionKey: () => key });
    // No key yet: a sync mark is written and read back at once.
    await db.upsertLocal('sync-mark', { lwt: 1 });
    expect((await db.getLocal<{ lwt: number }>('sync-mark'))?.toJSON().data).toEqual({ lwt: 1 });
    open_(await newDataKey());
    await db.upsertLocal('intake-draft', { draft: { applicants: [{ name: NAME, idNumber: ID_NUMBER }] } });
    expect((await db.getLocal<{ draft: unknown }>('intake-draft'))?.toJSON().data).toEqual({ draft: { applicants: [{ name: NAME, idNumber: ID_NUMBER }] } });
    await db.close();
    const raw = await rawRecords(name);
    expect(raw).toContain('intake-draft');
    expect(raw).toContain('"lwt":1');
    expect(raw).not.toContain(NAME);
    expect(raw).not.toContain(ID_NUMBER);
  });

  it('refuses a value moved to another document or altered by one byte', async () => {
    const key = await newDataKey();
    const sealed = await encryptValue(key, [{ name: NAME }], 'cases/case-3/applicants');
    await expect(decryptValue(key, sealed, 'cases/case-3/applicants')).resolves.toEqual([{ name: NAME }]);
    await expect(decryptValue(key, sealed, 'cases/case-4/applicants')).rejects.toBeInstanceOf(DecryptionError);
    // Alter one whole byte of the ciphertext: changing a base64 character next to the padding may
    // change only padding bits, which decode to the same bytes.
    const prefix = sealed.slice(0, sealed.indexOf('.') + 1);
    const bytes = Buffer.from(sealed.slice(prefix.length), 'base64');
    bytes[20] = (bytes[20] ?? 0) ^ 0x01;
    const flipped = prefix + bytes.toString('base64');
    await expect(decryptValue(key, flipped, 'cases/case-3/applicants')).rejects.toBeInstanceOf(DecryptionError);
  });
});
