import { type RxJsonSchema } from 'rxdb';
import { type TripDoc } from '#protocol/documents/office.ts';
import { idField, stringArray, stringField, timeField } from './common.ts';

/**
 * Version 1: the optional 承诺时限 table (v0 documents are unchanged). To change: bump `version` and add a migration
 * strategy in database.ts; never edit a published version.
 */
export const tripSchema: RxJsonSchema<Omit<TripDoc, '_deleted'>> = {
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    date: { type: 'string', maxLength: 10 },
    vanId: idField,
    title: stringField,
    staffIds: stringArray,
    appointmentIds: stringArray,
    unitIds: stringArray,
    receiptBlock: {
      type: ['object', 'null'],
      properties: { prefix: stringField, first: { type: 'integer' }, last: { type: 'integer' }, width: { type: 'integer' } },
    },
    promisedLimits: { type: 'object', additionalProperties: { type: 'integer' } },
    updatedAt: timeField,
  },
  required: ['id', 'date', 'vanId', 'title', 'staffIds', 'appointmentIds', 'unitIds', 'receiptBlock', 'updatedAt'],
  indexes: ['date'],
};
