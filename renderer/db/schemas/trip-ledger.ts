import { type RxJsonSchema } from 'rxdb';
import { type ReceiptGrantEntry, type VisitOutcomeEntry } from '#protocol/documents/ledger.ts';
import { idField, stringField, timeField } from './common.ts';

/** A trip ledger entry as stored: the union of both kinds' fields (documents/ledger.ts checks each kind). */
export type LedgerRow = Omit<ReceiptGrantEntry, '_deleted'> | Omit<VisitOutcomeEntry, '_deleted'>;
type StoredRow = { id: string; kind: string; tripId: string; deviceId: string } & Partial<Omit<ReceiptGrantEntry, '_deleted' | 'kind'> & Omit<VisitOutcomeEntry, '_deleted' | 'kind'>>;

/**
 * Receipt grants from the office and visit outcomes from the van, looked up per trip and kind. Version 1 adds the
 * time of day of a 改约 (`rescheduledTime`, protocol 11); older rows migrate unchanged.
 */
export const tripLedgerSchema: RxJsonSchema<StoredRow> = {
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    kind: { type: 'string', maxLength: 20 },
    tripId: idField,
    deviceId: idField,
    first: { type: 'integer' },
    last: { type: 'integer' },
    grantedAt: timeField,
    appointmentId: idField,
    outcome: stringField,
    note: stringField,
    rescheduledTo: stringField,
    rescheduledTime: stringField,
    at: timeField,
    actor: idField,
  },
  required: ['id', 'kind', 'tripId', 'deviceId'],
  indexes: [['tripId', 'kind']],
};
