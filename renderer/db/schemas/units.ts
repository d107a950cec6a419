import { type RxJsonSchema } from 'rxdb';
import { type UnitDoc } from '#protocol/documents/office.ts';
import { idField, stringField, timeField } from './common.ts';

/**
 * Version 1: the optional register summary (v0 documents are unchanged). Indexed for the lookups the intake screen
 * does: unit number, certificate number, address prefix. To change: bump `version` and add a migration strategy in
 * database.ts; never edit a published version.
 */
export const unitSchema: RxJsonSchema<Omit<UnitDoc, '_deleted'>> = {
  version: 1,
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
    register: {
      type: 'object',
      properties: {
        asOf: stringField,
        status: stringField,
        holders: { type: 'array', items: { type: 'object', properties: { name: stringField, holding: stringField } } },
        mortgages: { type: 'array', items: { type: 'object', properties: { mortgagee: stringField, amountFen: { type: ['integer', 'null'] }, termTo: { type: ['string', 'null'] } } } },
        seizures: {
          type: 'array',
          items: { type: 'object', properties: { court: stringField, noticeNumber: stringField, standing: stringField, rank: { type: 'integer' }, to: { type: ['string', 'null'] } } },
        },
        advanceNotice: { type: 'boolean' },
        objection: { type: 'boolean' },
        contractFiling: { type: ['object', 'null'], properties: { contractNumber: stringField, filedOn: stringField, buyers: { type: 'array', items: stringField } } },
        courtActAt: { type: ['string', 'null'] },
      },
    },
    snapshotAt: timeField,
  },
  required: ['id', 'unitNumber', 'certificateNumber', 'districtCode', 'address', 'use', 'areaM2', 'owners', 'flags', 'snapshotAt'],
  indexes: ['unitNumber', 'certificateNumber', 'address'],
};
