import { type RxJsonSchema } from 'rxdb';
import { type ReceiptDoc } from '#protocol/documents/van.ts';
import { idField, stringField, timeField } from './common.ts';

/**
 * Version 3 (v1 the tripId index, v2 payment method and fee rules, v3 QR methods and transactionRef). Receipt
 * documents written before charges became one 收费 event (docs/receipt-numbers.md); kept until they reach the office.
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
