import { type RxJsonSchema } from 'rxdb';
import { idField, stringField, timeField } from './common.ts';

/**
 * A van document kept back because an earlier document of its case is quarantined (per-case order,
 * docs/sync-protocol.md). Still pending, never set aside; local only, never replicated.
 */
export type HeldBackEntry = {
  /** `${sourceCollection}:${docId}`. */
  id: string;
  sourceCollection: string;
  docId: string;
  caseId: string;
  /** The quarantined document it waits for (a `syncQuarantine` entry). */
  blockedByCollection: string;
  blockedByDocId: string;
  /** The quarantined event's seq, when the blocker is an event. */
  blockedBySeq: number | null;
  at: string;
};

/** Version 0. */
export const syncHeldBackSchema: RxJsonSchema<HeldBackEntry> = {
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
