import { type RxJsonSchema } from 'rxdb';
import { type CaseDoc } from '#protocol/documents/van.ts';
import { idField, stringArray, stringField, timeField } from './common.ts';

/** Version 0. Immutable once written: corrections are case events. */
export const caseSchema: RxJsonSchema<Omit<CaseDoc, '_deleted'>> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    tripId: idField,
    appointmentId: { type: ['string', 'null'] },
    deviceId: idField,
    businessKind: stringField,
    unitIds: stringArray,
    applicants: {
      type: 'array',
      items: { type: 'object', properties: { name: stringField, idNumber: stringField, role: stringField } },
    },
    createdAt: timeField,
    createdBy: idField,
  },
  required: ['id', 'tripId', 'appointmentId', 'deviceId', 'businessKind', 'unitIds', 'applicants', 'createdAt', 'createdBy'],
  indexes: [['tripId', 'createdAt']],
};
