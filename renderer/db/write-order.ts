import { type BulkWriteRow, type RxStorage, type RxStorageInstanceCreationParams } from 'rxdb';

/**
 * Which documents a read of the van's collections can be trusted to have seen, for the outbox's mark (outbox.ts).
 *
 * RxDB stamps a write's place in the write order (`_meta.lwt`, its clock, rising within a run) when the write
 * starts, and the storage stores it some time later; writes to different collections (and a pulled document and a
 * local one) are stored independently, so a document can be stored after one stamped later than it, and the outbox
 * reads the collections one after another. Either way a read can find a document without one stamped before it:
 * an event appended after the events were read and a receipt run pulled after it, read further on with the trip
 * ledger; or an event still on its way to the disk (the encryption of its payload, encrypted-storage.ts) while a
 * pulled document stamped after it is stored. Had the mark moved to the later document, the event would sit below
 * it, never sent and never counted as pending (tests/renderer/outbox-write-order.test.ts).
 *
 * So every write to the van collections is followed here from its stamp until it is stored, and a read is given
 * the lowest stamp of the writes under way at any moment while it ran (`cut`): every document stamped below it was
 * stored before the read began, so the read found it. The outbox takes only those; what is stamped at or above the
 * cut waits for the next round, which the write's own change starts (sync-controller.ts). Writes never wait.
 */
export class WriteOrder {
  private readonly underWay = new Map<number, number>();
  private readonly reads = new Set<{ cut: number }>();
  private ids = 0;

  /** A write stamped `lwt` starts; call what this returns once it is stored (or failed). */
  begin(lwt: number): () => void {
    const id = ++this.ids;
    this.underWay.set(id, lwt);
    for (const read of this.reads) read.cut = Math.min(read.cut, lwt);
    return () => void this.underWay.delete(id);
  }

  /** Runs `read` and answers with the stamp below which every document was stored before it began. */
  async whileReading<T>(read: () => Promise<T>): Promise<{ value: T; cut: number }> {
    let cut = Infinity;
    for (const lwt of this.underWay.values()) cut = Math.min(cut, lwt);
    const open = { cut };
    this.reads.add(open);
    try {
      const value = await read();
      return { value, cut: open.cut };
    } finally {
      this.reads.delete(open);
    }
  }
}

const orders = new WeakMap<object, WriteOrder>();

/** The write order of a database opened with `orderedWrites` (database.ts). */
export function writeOrderOf(db: object): WriteOrder {
  const order = orders.get(db);
  if (!order) throw new Error('this database was not opened with its writes followed (openVanDatabase)');
  return order;
}

export function keepWriteOrder(db: object, order: WriteOrder): void {
  orders.set(db, order);
}

/**
 * `storage` with the writes to `collections` followed by `order`. It must be the storage RxDB is given (the outermost
 * wrapper): RxDB stamps the rows and hands them to it in the same step, so no write is stamped unseen.
 */
export function orderedWrites<I, S>(storage: RxStorage<I, S>, order: WriteOrder, collections: readonly string[]): RxStorage<I, S> {
  return {
    ...storage,
    async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, S>) {
      const instance = await storage.createStorageInstance(params);
      if (!collections.includes(params.collectionName)) return instance;
      const bulkWrite = instance.bulkWrite.bind(instance);
      instance.bulkWrite = async (rows: BulkWriteRow<RxDocType>[], context: string) => {
        const stored = order.begin(lowestStamp(rows));
        try {
          return await bulkWrite(rows, context);
        } finally {
          stored();
        }
      };
      return instance;
    },
  };
}

/** The earliest stamp of a write's rows (RxDB gives all rows of one write the same). */
function lowestStamp(rows: readonly BulkWriteRow<unknown>[]): number {
  let lowest = Infinity;
  for (const { document } of rows) if (document._meta.lwt < lowest) lowest = document._meta.lwt;
  return lowest;
}
