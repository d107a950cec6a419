import { type RxJsonSchema } from 'rxdb';
import { idField, stringField, timeField } from './common.ts';

/** A van document the office keeps refusing, set aside with the office's reason. Local only, never replicated. */
export type QuarantineEntry = {
  id: string;
  sourceCollection: string;
  docId: string;
  code: string;
  reason: string;
  at: string;
};

/** Version 0. */
export const syncQuarantineSchema: RxJsonSchema<QuarantineEntry> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 200 },
    sourceCollection: stringField,
    docId: idField,
    code: stringField,
    reason: stringField,
    at: timeField,
  },
  required: ['id', 'sourceCollection', 'docId', 'code', 'reason', 'at'],
};
