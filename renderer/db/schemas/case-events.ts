import { type RxJsonSchema } from 'rxdb';
import { type CaseEventDoc } from '#protocol/documents/van.ts';
import { idField, stringField, timeField } from './common.ts';

/** Version 0. Append-only; `[deviceId, seq]` orders a device's hash chain, `[caseId, at]` a case's history. */
export const caseEventSchema: RxJsonSchema<Omit<CaseEventDoc, '_deleted'>> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    caseId: idField,
    deviceId: idField,
    seq: { type: 'integer', minimum: 1, maximum: 1_000_000_000, multipleOf: 1 },
    kind: stringField,
    at: timeField,
    actor: idField,
    payload: { type: 'object' },
    prevHash: { type: ['string', 'null'] },
    hash: stringField,
  },
  required: ['id', 'caseId', 'deviceId', 'seq', 'kind', 'at', 'actor', 'payload', 'prevHash', 'hash'],
  indexes: [['deviceId', 'seq'], ['caseId', 'at']],
};
