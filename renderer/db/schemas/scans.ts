import { type RxJsonSchema } from 'rxdb';
import { type ScanDoc } from '#protocol/documents/van.ts';
import { idField, stringField, timeField } from './common.ts';

/** Version 0. Metadata only: the file lives on disk in the main process (electron/scans), named by SHA-256. */
export const scanSchema: RxJsonSchema<Omit<ScanDoc, '_deleted'>> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    caseId: idField,
    deviceId: idField,
    sha256: { type: 'string', maxLength: 64 },
    bytes: { type: 'integer' },
    mime: stringField,
    pages: { type: 'integer' },
    material: { type: 'object', properties: { name: stringField, original: { type: 'boolean' }, copies: { type: 'integer' } } },
    createdAt: timeField,
  },
  required: ['id', 'caseId', 'deviceId', 'sha256', 'bytes', 'mime', 'pages', 'material', 'createdAt'],
  indexes: ['caseId', 'sha256'],
};
