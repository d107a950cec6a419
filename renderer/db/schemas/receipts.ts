import { type RxJsonSchema } from 'rxdb';
import { type ReceiptDoc } from '#protocol/documents/van.ts';
import { idField, stringField, timeField } from './common.ts';

/** Version 0. One per printed receipt number; a voided number stays (voiding is a case event). */
export const receiptSchema: RxJsonSchema<Omit<ReceiptDoc, '_deleted'>> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    tripId: idField,
    caseId: idField,
    deviceId: idField,
    number: { type: 'string', maxLength: 40 },
    amountFen: { type: 'integer' },
    items: { type: 'array', items: { type: 'object', properties: { code: stringField, label: stringField, amountFen: { type: 'integer' } } } },
    payer: stringField,
    issuedAt: timeField,
    issuedBy: idField,
  },
  required: ['id', 'tripId', 'caseId', 'deviceId', 'number', 'amountFen', 'items', 'payer', 'issuedAt', 'issuedBy'],
  indexes: ['number', 'caseId'],
};
