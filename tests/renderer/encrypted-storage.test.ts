import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { createRevision, getDefaultRxDocumentMeta } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import { openVanDatabase, type VanDatabase } from '#renderer/db/database.ts';
import { appendCaseEvent } from '#renderer/db/case-events.ts';
import { DecryptionError, decryptValue, ENCRYPTED_FIELDS, encryptValue } from '#renderer/db/encrypted-storage.ts';
import { newDataKey } from '#renderer/db/vault.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { type AppointmentDoc, type UnitDoc } from '#protocol/documents/office.ts';

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

/**
 * The personal fields README's "A lost or stolen van laptop" names, each with a value found nowhere else in the store
 * (applicants' names, ID numbers, phones, home addresses, owners, case event payloads, payers, visit notes): pinned
 * here rather than read from ENCRYPTED_FIELDS, so a field dropped from that list shows up as plaintext on disk.
 */
const SECRETS = {
  appointments: { applicantName: ['赵桂兰'], phone: ['13904541234'], address: ['前进区长安路88号3单元502'], notes: ['老人行动不便请敲门三次'] },
  units: { owners: ['钱守义'] },
  cases: { applicants: ['孙玉珍', ID_NUMBER] },
  caseEvents: { payload: ['周建国', '230803196203154321'] },
  receipts: { payer: ['李德胜'] },
  tripLedger: { note: ['邻居说申请人住院了'] },
} as const satisfies Record<string, Record<string, readonly string[]>>;

const officeRow = <T extends object>(db: VanDatabase, doc: T) => ({
  document: { ...doc, _deleted: false, _attachments: {}, _meta: getDefaultRxDocumentMeta(), _rev: createRevision(db.token) },
});

/** One document per collection holding every secret of SECRETS, written as the app and the office's replication write them. */
async function writeEveryPersonalField(db: VanDatabase): Promise<void> {
  const s = SECRETS;
  // Office collections refuse local inserts; their replication writes to the storage instance, as here.
  const appointment: Omit<AppointmentDoc, '_deleted'> = { id: 'appt-enc', tripId: DEMO_TRIP_ID, applicantName: s.appointments.applicantName[0], phone: s.appointments.phone[0], address: s.appointments.address[0], category: 'elderly', businessKind: 'transfer', unitIds: ['unit-enc'], scheduledAt: '2026-11-30T09:00:00+08:00', notes: s.appointments.notes[0], updatedAt: '2026-11-29T17:00:00+08:00' };
  expect((await db.appointments.storageInstance.bulkWrite([officeRow(db, appointment)], 'test')).error).toEqual([]);
  const unit: Omit<UnitDoc, '_deleted'> = { id: 'unit-enc', unitNumber: '230803001001GB00001F00010001', certificateNumber: '黑(2020)佳木斯市不动产权第0000001号', districtCode: '230803', address: '前进区友谊路1号', use: 'residential', areaM2: 88.5, owners: [{ name: s.units.owners[0], share: '全部' }], flags: { seized: false, mortgaged: false, advanceNotice: false, inProgress: false }, snapshotAt: '2026-11-29T17:00:00+08:00' };
  expect((await db.units.storageInstance.bulkWrite([officeRow(db, unit)], 'test')).error).toEqual([]);
  await db.cases.insert({
    id: 'case-enc', tripId: DEMO_TRIP_ID, appointmentId: 'appt-enc', deviceId: 'dev-1', businessKind: 'transfer', unitIds: ['unit-enc'],
    applicants: [{ name: s.cases.applicants[0], idType: 'resident-id', idNumber: s.cases.applicants[1], side: 'holder' }], createdAt: '2026-11-30T09:01:00+08:00', createdBy: 'staff-zhangwei',
  });
  await appendCaseEvent(db, 'dev-1', {
    id: 'event-enc', caseId: 'case-enc', kind: 'accepted', at: '2026-11-30T09:02:00+08:00', actor: 'staff-zhangwei',
    payload: {
      caseNumber: 'JMS-2026-00001-enc', queryCode: 'Q100001', businessKind: 'transfer', use: 'residential',
      applicants: [{ name: s.caseEvents.payload[0], idType: 'resident-id', idNumber: s.caseEvents.payload[1], side: 'holder' }],
      units: [{ unitNumber: unit.unitNumber, address: unit.address, snapshotAt: unit.snapshotAt }],
      materials: [], certificates: 1,
    },
  });
  await db.receipts.insert({
    id: 'receipt-enc', tripId: DEMO_TRIP_ID, caseId: 'case-enc', deviceId: 'dev-1', number: 'JMS2026-001002', amountFen: 8000,
    items: [{ code: 'registration-residential', label: '登记费', amountFen: 8000 }], payer: s.receipts.payer[0], issuedAt: '2026-11-30T09:10:00+08:00', issuedBy: 'staff-zhangwei',
  });
  await db.tripLedger.insert({ id: 'visit-enc', kind: 'visit-outcome', tripId: DEMO_TRIP_ID, deviceId: 'dev-1', appointmentId: 'appt-enc', outcome: 'not-home', note: s.tripLedger.note[0], at: '2026-11-30T09:30:00+08:00', actor: 'staff-zhangwei' });
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

  it('stores every personal field of every collection only as ciphertext, and reads each back intact', async () => {
    // Every field the code encrypts has a document here: a field added to ENCRYPTED_FIELDS gets a value to look for.
    for (const [collection, fields] of Object.entries(ENCRYPTED_FIELDS)) {
      for (const field of fields) expect(Object.keys(SECRETS[collection as keyof typeof SECRETS] ?? {}), `${collection}.${field}`).toContain(field);
    }
    const name = `enc-${process.pid}-${++counter}`;
    const db = await open(name, await newDataKey());
    await writeEveryPersonalField(db);
    const a = SECRETS.appointments;
    expect((await db.appointments.findOne('appt-enc').exec())?.toJSON()).toMatchObject({ applicantName: a.applicantName[0], phone: a.phone[0], address: a.address[0], notes: a.notes[0] });
    expect((await db.units.findOne('unit-enc').exec())?.owners).toEqual([{ name: SECRETS.units.owners[0], share: '全部' }]);
    expect((await db.cases.findOne('case-enc').exec())?.applicants).toEqual([{ name: SECRETS.cases.applicants[0], idType: 'resident-id', idNumber: SECRETS.cases.applicants[1], side: 'holder' }]);
    expect((await db.caseEvents.findOne('event-enc').exec())?.payload).toMatchObject({ applicants: [{ name: SECRETS.caseEvents.payload[0], idNumber: SECRETS.caseEvents.payload[1] }] });
    expect((await db.receipts.findOne('receipt-enc').exec())?.payer).toBe(SECRETS.receipts.payer[0]);
    expect((await db.tripLedger.findOne('visit-enc').exec())?.toJSON()).toMatchObject({ note: SECRETS.tripLedger.note[0] });
    await db.close();

    const raw = await rawRecords(name);
    // The documents are on disk (their ids and the indexed fields in the clear), so a missing secret is not a missing document.
    for (const id of ['appt-enc', 'unit-enc', 'case-enc', 'event-enc', 'receipt-enc', 'visit-enc', '230803001001GB00001F00010001', '前进区友谊路1号']) expect(raw).toContain(id);
    const leaked = Object.entries(SECRETS).flatMap(([collection, fields]) =>
      Object.entries(fields).flatMap(([field, values]: [string, readonly string[]]) => values.filter((v) => raw.includes(v)).map((v) => `${collection}.${field}: ${v}`)),
    );
    expect(leaked).toEqual([]);
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
