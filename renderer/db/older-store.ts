import { type RxCollection, type RxJsonSchema } from 'rxdb';
import { isSyncCollection, isVanCollection } from '#protocol/collections.ts';
import { type VanDatabase } from './database.ts';
import { type Position, lower, positionOf, readMark, sendAgainFrom, writeMark } from './outbox.ts';
import { idField, stringField, timeField } from './schemas/common.ts';

/**
 * What a store older versions wrote needs once before its outbox runs (a crash before a step's flag is written
 * does the step again, to the same effect):
 * - Until the hold-back was worked out from the quarantine, the van stored each held document in a `syncHeldBack`
 *   collection and moved its marks past it. A store such a version wrote may still hold some, with no quarantined
 *   document in front of them any more (a crash between the retry and their release): the mark goes back to just
 *   below each of them, so the outbox sends them (and what follows, again, as duplicates), then the collection is
 *   removed. The same step stores the mark of a store that kept one per collection in the single form (outbox.ts
 *   reads the older form until then).
 * - Until protocol 21 the van itself held back a case's later documents behind a refused case header or event: the
 *   mark passed them unsent, and nothing set them aside. The mark goes back to just below the first set-aside case
 *   header or event, so the outbox sends it and everything after it again: what the office has comes back as
 *   duplicates, the blocker is refused again (or taken, if the office has fixed the cause), and the office holds back
 *   or takes the rest itself.
 */
type LegacyHeldBack = { id: string; sourceCollection: string; docId: string; caseId: string; blockedByCollection: string; blockedByDocId: string; blockedBySeq: number | null; at: string };

/** The collection's schema as that version defined it, version 0 (RxDB opens a stored collection by its schema's hash). */
export const legacyHeldBackSchema: RxJsonSchema<LegacyHeldBack> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 200 },
    sourceCollection: stringField,
    docId: idField,
    caseId: idField,
    blockedByCollection: stringField,
    blockedByDocId: idField,
    blockedBySeq: { type: ['number', 'null'] },
    at: timeField,
  },
  required: ['id', 'sourceCollection', 'docId', 'caseId', 'blockedByCollection', 'blockedByDocId', 'blockedBySeq', 'at'],
  indexes: ['caseId'],
};

const HELD_COLLECTION_DONE = 'older-store-taken-over';
const CASE_ORDER_DONE = 'case-order-at-office';
const adopting = new WeakMap<VanDatabase, Promise<void>>();

/** Runs the takeover once per store (concurrent callers share it). */
export function adoptOlderStore(db: VanDatabase): Promise<void> {
  let run = adopting.get(db);
  if (!run) {
    run = adopt(db);
    adopting.set(db, run);
    run.catch(() => adopting.delete(db));
  }
  return run;
}

async function adopt(db: VanDatabase): Promise<void> {
  if (!(await db.getLocal(HELD_COLLECTION_DONE))) {
    await writeMark(db, await readMark(db), undefined);
    const added = await db.addCollections({ syncHeldBack: { schema: legacyHeldBackSchema } });
    const legacy = added['syncHeldBack'] as RxCollection<LegacyHeldBack>;
    for (const entry of await legacy.find().exec()) {
      const collection = entry.sourceCollection;
      const doc = isSyncCollection(collection) && isVanCollection(collection) ? await db[collection].findOne(entry.docId).exec() : null;
      if (doc) await sendAgainFrom(db, positionOf(doc));
    }
    await legacy.remove();
    await db.upsertLocal(HELD_COLLECTION_DONE, { at: new Date().toISOString() });
  }
  if (!(await db.getLocal(CASE_ORDER_DONE))) {
    let first: Position | undefined;
    for (const entry of await db.syncQuarantine.find({ selector: { sourceCollection: { $in: ['cases', 'caseEvents'] } } }).exec()) {
      const doc = await (entry.sourceCollection === 'cases' ? db.cases : db.caseEvents).findOne(entry.docId).exec();
      if (doc) first = first ? lower(first, positionOf(doc)) : positionOf(doc);
    }
    if (first) await sendAgainFrom(db, first);
    await db.upsertLocal(CASE_ORDER_DONE, { at: new Date().toISOString() });
  }
}
