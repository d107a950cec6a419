import { type RxJsonSchema } from 'rxdb';
import { type AppointmentDoc } from '#protocol/documents/office.ts';
import { idField, stringArray, stringField, timeField } from './common.ts';

/** Version 0. To change: bump `version` and add a migration strategy in database.ts. */
export const appointmentSchema: RxJsonSchema<Omit<AppointmentDoc, '_deleted'>> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    tripId: idField,
    applicantName: stringField,
    phone: stringField,
    address: stringField,
    category: stringField,
    businessKind: stringField,
    unitIds: stringArray,
    scheduledAt: timeField,
    notes: stringField,
    updatedAt: timeField,
  },
  required: ['id', 'tripId', 'applicantName', 'phone', 'address', 'category', 'businessKind', 'unitIds', 'scheduledAt', 'notes', 'updatedAt'],
  indexes: [['tripId', 'scheduledAt']],
};
