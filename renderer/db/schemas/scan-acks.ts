import { type RxJsonSchema } from 'rxdb';
import { type ScanAckDoc } from '#protocol/documents/office.ts';
import { timeField } from './common.ts';

/** Version 0. One per scan file the office has verified by SHA-256. */
export const scanAckSchema: RxJsonSchema<Omit<ScanAckDoc, '_deleted'>> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 64 },
    sha256: { type: 'string', maxLength: 64 },
    bytes: { type: 'integer' },
    verifiedAt: timeField,
  },
  required: ['id', 'sha256', 'bytes', 'verifiedAt'],
};
