import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { type AppointmentDoc, type FeeScheduleDoc, type ScanAckDoc, type StaffDoc, type TripDoc, type UnitDoc } from '#protocol/documents/office.ts';
import { type CaseDoc, type CaseEventDoc, type ReceiptDoc, type ScanDoc } from '#protocol/documents/van.ts';
import { OFFICE_COLLECTIONS, VAN_COLLECTIONS } from '#protocol/collections.ts';
import { appointmentSchema } from './schemas/appointments.ts';
import { caseEventSchema } from './schemas/case-events.ts';
import { caseSchema } from './schemas/cases.ts';
import { feeScheduleSchema } from './schemas/fee-schedules.ts';
import { receiptSchema } from './schemas/receipts.ts';
import { scanAckSchema } from './schemas/scan-acks.ts';
import { scanSchema } from './schemas/scans.ts';
import { staffSchema } from './schemas/staff.ts';
import { type QuarantineEntry, syncQuarantineSchema } from './schemas/sync-quarantine.ts';
import { tripSchema } from './schemas/trips.ts';
import { type LedgerRow, tripLedgerSchema } from './schemas/trip-ledger.ts';
import { unitSchema } from './schemas/units.ts';
import { guardWriteClock } from './clock-guard.ts';
import { encryptedStorage } from './encrypted-storage.ts';
import { WriteOrder, keepWriteOrder, orderedWrites } from './write-order.ts';

addRxPlugin(RxDBLocalDocumentsPlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);

type Body<T> = Omit<T, '_deleted'>;

export type VanCollections = {
  trips: RxCollection<Body<TripDoc>>;
  appointments: RxCollection<Body<AppointmentDoc>>;
  units: RxCollection<Body<UnitDoc>>;
  feeSchedules: RxCollection<Body<FeeScheduleDoc>>;
  staff: RxCollection<Body<StaffDoc>>;
  scanAcks: RxCollection<Body<ScanAckDoc>>;
  cases: RxCollection<Body<CaseDoc>>;
  caseEvents: RxCollection<Body<CaseEventDoc>>;
  receipts: RxCollection<Body<ReceiptDoc>>;
  scans: RxCollection<Body<ScanDoc>>;
  tripLedger: RxCollection<LedgerRow>;
  syncQuarantine: RxCollection<QuarantineEntry>;
};

/**
 * The van's local database: 12 collections, of the 13 RxDB's open core allows per realm (docs/architecture.md).
 * A store an older version wrote also holds `syncHeldBack`, which the outbox takes over once (older-store.ts).
 */
export type VanDatabase = RxDatabase<VanCollections>;

export type OpenVanDatabaseOptions = {
  /** IndexedDB database name, e.g. `van` (one per device profile). */
  name: string;
  /** Defaults to Dexie on the browser's IndexedDB; tests pass Dexie on fake-indexeddb. */
  storage?: RxStorage<unknown, unknown>;
  /** The data key: personal fields are stored encrypted under it (encrypted-storage.ts); waited for until a login opens it. */
  encryptionKey?: () => Promise<CryptoKey>;
};

export class ReadOnlyCollectionError extends Error {}

/**
 * Opens (creating or migrating) the van database. Office-authored collections refuse local writes and
 * van-authored documents refuse edits and deletes: both rules run as collection hooks, which the
 * replication's own writes bypass (they go to the storage instance directly); nor does the van write its own
 * documents while the laptop's clock is earlier than one it holds (clock-guard.ts).
 */
export async function openVanDatabase(opts: OpenVanDatabaseOptions): Promise<VanDatabase> {
  const storage = opts.encryptionKey ? encryptedStorage(opts.storage ?? getRxStorageDexie(), opts.encryptionKey) : (opts.storage ?? getRxStorageDexie());
  // Outermost, so every write to the van's own collections is followed from its stamp on (write-order.ts).
  const order = new WriteOrder();
  const db = await createRxDatabase<VanCollections>({
    name: opts.name,
    storage: orderedWrites(storage, order, VAN_COLLECTIONS),
    // One page holds the store at a time (store-holder.ts), so RxDB need not share it across windows.
    multiInstance: false,
    localDocuments: true,
    eventReduce: true,
    ignoreDuplicate: false,
  });
  keepWriteOrder(db, order);
  // A schema bump adds `{ n: (old) => new }` here for that collection (RxDB keeps each document's `_meta.lwt`,
  // so the sync marks and checkpoints stay valid). receipts v1: index on tripId only; v2: optional method and rules; v3: QR methods and transactionRef; units v1: the optional register summary; staff v1: the optional van key; documents unchanged.
  await db.addCollections({
    trips: { schema: tripSchema, migrationStrategies: { 1: (doc: Body<TripDoc>) => doc } },
    appointments: { schema: appointmentSchema, migrationStrategies: {} },
    units: { schema: unitSchema, migrationStrategies: { 1: (doc: Body<UnitDoc>) => doc } },
    feeSchedules: { schema: feeScheduleSchema, migrationStrategies: {} },
    staff: { schema: staffSchema, migrationStrategies: { 1: (doc: Body<StaffDoc>) => doc } },
    scanAcks: { schema: scanAckSchema, migrationStrategies: {} },
    cases: { schema: caseSchema, migrationStrategies: {} },
    caseEvents: { schema: caseEventSchema, migrationStrategies: {} },
    receipts: { schema: receiptSchema, migrationStrategies: { 1: (doc: Body<ReceiptDoc>) => doc, 2: (doc: Body<ReceiptDoc>) => doc, 3: (doc: Body<ReceiptDoc>) => doc } },
    scans: { schema: scanSchema, migrationStrategies: {} },
    tripLedger: { schema: tripLedgerSchema, migrationStrategies: { 1: (doc: LedgerRow) => doc } },
    syncQuarantine: { schema: syncQuarantineSchema, migrationStrategies: {} },
  });
  for (const name of OFFICE_COLLECTIONS) {
    const refuse = () => {
      throw new ReadOnlyCollectionError(`${name} 由办公室维护，服务车不能修改`);
    };
    db[name].preInsert(refuse, false);
    db[name].preSave(refuse, false);
    db[name].preRemove(refuse, false);
  }
  for (const name of VAN_COLLECTIONS) {
    const refuse = () => {
      throw new ReadOnlyCollectionError(`${name} 一经写入不可修改或删除；更正请追加新事件`);
    };
    db[name].preSave(refuse, false);
    db[name].preRemove(refuse, false);
  }
  guardWriteClock(db);
  return db;
}
