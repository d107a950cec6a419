import { type RxJsonSchema } from 'rxdb';
import { type FeeScheduleDoc } from '#protocol/documents/office.ts';
import { idField, stringField, timeField } from './common.ts';

/** Version 0. */
export const feeScheduleSchema: RxJsonSchema<Omit<FeeScheduleDoc, '_deleted'>> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    version: stringField,
    effectiveFrom: { type: 'string', maxLength: 10 },
    rules: { type: 'array', items: { type: 'object' } },
    updatedAt: timeField,
  },
  required: ['id', 'version', 'effectiveFrom', 'rules', 'updatedAt'],
};
