import { type RxCollection, type RxJsonSchema } from 'rxdb';
import { isSyncCollection, isVanCollection } from '#protocol/collections.ts';
import { type VanDatabase } from './database.ts';
import { positionOf, readMark, sendAgainFrom, writeMark } from './outbox.ts';
import { idField, stringField, timeField } from './schemas/common.ts';

/**
 * Until the hold-back was worked out from the quarantine (hold-back.ts), the van stored each held document in a
 * `syncHeldBack` collection and moved its marks past it. A store such a version wrote may still hold some, with
 * no quarantined document in front of them any more (a crash between the retry and their release): once, the
 * mark goes back to just below each of them, so the outbox sends them (and what follows, again, as duplicates),
 * then the collection is removed. The same run stores the mark of a store that kept one per collection in the
 * single form (outbox.ts reads the older form until then). A crash before the flag is written does it again, to
 * the same effect.
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

const DONE_KEY = 'older-store-taken-over';
const adopting = new WeakMap<VanDatabase, Promise<void>>();

/** Runs the takeover once per store (concurrent callers share it). */
export function adoptLegacyHeldBack(db: VanDatabase): Promise<void> {
  let run = adopting.get(db);
  if (!run) {
    run = adopt(db);
    adopting.set(db, run);
    run.catch(() => adopting.delete(db));
  }
  return run;
}

async function adopt(db: VanDatabase): Promise<void> {
  if (await db.getLocal(DONE_KEY)) return;
  await writeMark(db, await readMark(db), undefined);
  const added = await db.addCollections({ syncHeldBack: { schema: legacyHeldBackSchema } });
  const legacy = added['syncHeldBack'] as RxCollection<LegacyHeldBack>;
  for (const entry of await legacy.find().exec()) {
    const collection = entry.sourceCollection;
    const doc = isSyncCollection(collection) && isVanCollection(collection) ? await db[collection].findOne(entry.docId).exec() : null;
    if (doc) await sendAgainFrom(db, positionOf(doc));
  }
  await legacy.remove();
  await db.upsertLocal(DONE_KEY, { at: new Date().toISOString() });
}
