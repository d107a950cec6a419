import { type RxJsonSchema } from 'rxdb';
import { type ReceiptDoc } from '#protocol/documents/van.ts';
import { idField, stringField, timeField } from './common.ts';

/**
 * Version 3. v1 added the tripId index (issuing a receipt reads the trip's used numbers, and without it the
 * first receipt after a launch read every receipt on the van); v2 the optional payment method and fee rules,
 * from which a fee event lost to a crash is rebuilt (fee-repair.ts); v3 the QR payment methods and their
 * transaction reference (protocol 4). One per printed receipt number; a
 * voided number stays (voiding is a case event).
 */
export const receiptSchema: RxJsonSchema<Omit<ReceiptDoc, '_deleted'>> = {
  version: 3,
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
    method: { type: 'string', enum: ['cash', 'bank-card', 'wechat', 'alipay', 'unionpay'] },
    rules: stringField,
    transactionRef: stringField,
  },
  required: ['id', 'tripId', 'caseId', 'deviceId', 'number', 'amountFen', 'items', 'payer', 'issuedAt', 'issuedBy'],
  indexes: ['number', 'caseId', 'tripId'],
};
