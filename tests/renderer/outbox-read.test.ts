import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRevision, now, type RxDocumentData, type RxStorageInstance } from 'rxdb';
import { type OutboxResult, type OutboxRow } from '#protocol/messages.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { drainOutbox, entriesAbove, positionOf, readMark, writeMark } from '#renderer/db/outbox.ts';
import { countPending } from '#renderer/db/pending.ts';
import { appendMaterialsEvent, openTestVan, writeCaseHeader } from '../sync/helpers.ts';

const DEVICE = 'dev-read';
const OTHER = 'dev-other';
// One van open at a time: RxDB's open core counts collections across the realm.
let open: VanDatabase | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await open?.close();
  open = undefined;
});

type Plan = { index: string[]; startKeys: unknown[]; sortSatisfiedByIndex: boolean };

/**
 * Every storage read of the case headers and events from now on: its plan and how many documents it returned.
 * (The scans are read whole by the count, for the scans' own count; this van has none.)
 */
function spyReads(db: VanDatabase): { plan: Plan; returned: number }[] {
  const reads: { plan: Plan; returned: number }[] = [];
  for (const name of ['cases', 'caseEvents'] as const) {
    const storage = db[name].storageInstance as unknown as RxStorageInstance<unknown, unknown, unknown>;
    const query = storage.query.bind(storage);
    vi.spyOn(storage, 'query').mockImplementation(async (q) => {
      const result = await query(q);
      reads.push({ plan: q.queryPlan, returned: result.documents.length });
      return result;
    });
  }
  return reads;
}

/** An office that stores every row it is sent, and the rows it was sent. */
function storingOffice(): { sent: OutboxRow[]; outbox(rows: OutboxRow[]): Promise<OutboxResult[]> } {
  const sent: OutboxRow[] = [];
    const outbox = (rows: OutboxRow[]): Promise<OutboxResult[]> => {
    sent.push(...rows);
    return Promise.resolve(rows.map((r) => ({ collection: r.collection, id: r.doc.id, status: 'stored' as const })));
  };
  return { sent, outbox };
}

/** A pulled case header deleted as a pull deletes it: past the collection's hooks (the van's own are immutable). */
async function takenBack(db: VanDatabase, id: string): Promise<void> {
  const storage = db.cases.storageInstance as unknown as RxStorageInstance<{ id: string }, unknown, unknown>;
  const previous = (await db.cases.findOne(id).exec())!.toJSON(true) as RxDocumentData<{ id: string }>;
  const document = { ...previous, _deleted: true, _rev: createRevision(db.token, previous), _meta: { lwt: now() } };
  const { error } = await storage.bulkWrite([{ previous, document }], 'outbox-read-test');
  expect(error).toEqual([]);
}

describe('the outbox’s reads', () => {
  it('read only the documents above the mark, along the storage’s write-time index', async () => {
    const db = (open = await openTestVan());
    await writeCaseHeader(db, DEVICE, 'case-1');
    for (let n = 1; n <= 40; n++) await appendMaterialsEvent(db, DEVICE, `ev-${n}`, 'case-1');
    const at30 = positionOf((await db.caseEvents.findOne('ev-30').exec())!);
    await writeMark(db, at30, DEVICE);

    const reads = spyReads(db);
    expect((await entriesAbove(db, at30, 5)).map((e) => e.doc.id)).toEqual(['ev-31', 'ev-32', 'ev-33', 'ev-34', 'ev-35']);
    expect((await countPending(db)).pendingDocuments).toBe(10);

    expect(reads.length).toBeGreaterThan(0);
    // From the mark on, in index order: none of the 31 documents at or below it is read (a collection query
    // would be planned on another index and read every event, then sort them).
    for (const { plan } of reads) expect([plan.index, plan.startKeys[0], plan.sortSatisfiedByIndex]).toEqual([['_meta.lwt', 'id'], at30.lwt, true]);
    expect(reads.reduce((n, r) => n + r.returned, 0)).toBeLessThanOrEqual(5 + 10);
  });

  it('pass over deleted and pulled documents without ending a drain or a count early, and send what they sent before', async () => {
    const db = (open = await openTestVan());
    await writeCaseHeader(db, DEVICE, 'case-a');
    // Documents of another device (as pulled), then taken back: deleted, written after case-a.
    for (let n = 1; n <= 7; n++) await writeCaseHeader(db, OTHER, `gone-${n}`);
    for (let n = 1; n <= 7; n++) await takenBack(db, `gone-${n}`);
    await writeCaseHeader(db, DEVICE, 'case-b');
    await appendMaterialsEvent(db, DEVICE, 'ev-b1', 'case-b');
    for (let n = 1; n <= 4; n++) await writeCaseHeader(db, OTHER, `theirs-${n}`);
    await appendMaterialsEvent(db, DEVICE, 'ev-b2', 'case-b');
    await writeMark(db, { lwt: 0, id: '' }, DEVICE);

    expect((await countPending(db)).pendingDocuments).toBe(4);
    // Three at a time: the cases' second page of three holds only deleted documents.
    expect((await entriesAbove(db, await readMark(db), 3)).map((e) => e.doc.id)).toEqual(['case-a', 'case-b', 'ev-b1']);

    const office = storingOffice();
    await drainOutbox(db, office, DEVICE, 3, () => undefined);
    expect(office.sent.map((r) => r.doc.id)).toEqual(['case-a', 'case-b', 'ev-b1', 'ev-b2']);
    expect((await countPending(db)).pendingDocuments).toBe(0);
    // On the wire: the body without RxDB's meta fields, key for key as RxDocument's toJSON() gives it.
    for (const row of office.sent) {
      const doc = (await db[row.collection].findOne(row.doc.id).exec())!;
      expect(JSON.stringify(row.doc)).toBe(JSON.stringify({ ...(doc.toJSON() as object), _deleted: false }));
    }
  });
});
