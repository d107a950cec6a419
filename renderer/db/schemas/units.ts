import { type RxJsonSchema } from 'rxdb';
import { type UnitDoc } from '#protocol/documents/office.ts';
import { idField, stringField, timeField } from './common.ts';

/** Version 0. Indexed for the lookups the intake screen does: unit number, certificate number, address prefix. */
export const unitSchema: RxJsonSchema<Omit<UnitDoc, '_deleted'>> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    unitNumber: { type: 'string', maxLength: 28 },
    certificateNumber: { type: 'string', maxLength: 60 },
    districtCode: { type: 'string', maxLength: 6 },
    address: { type: 'string', maxLength: 300 },
    use: stringField,
    areaM2: { type: 'number' },
    owners: { type: 'array', items: { type: 'object', properties: { name: stringField, share: stringField } } },
    flags: {
      type: 'object',
      properties: {
        seized: { type: 'boolean' },
        mortgaged: { type: 'boolean' },
        advanceNotice: { type: 'boolean' },
        inProgress: { type: 'boolean' },
      },
    },
    snapshotAt: timeField,
  },
  required: ['id', 'unitNumber', 'certificateNumber', 'districtCode', 'address', 'use', 'areaM2', 'owners', 'flags', 'snapshotAt'],
  indexes: ['unitNumber', 'certificateNumber', 'address'],
};
