import { type RxJsonSchema } from 'rxdb';
import { type StaffDoc } from '#protocol/documents/office.ts';
import { idField, stringArray, stringField, timeField } from './common.ts';

/**
 * Holds password hashes (PBKDF2) so staff can log in offline. Version 1: the optional van key (the public half of
 * the key pair derived from the password, sync/protocol/staff-key.ts); v0 documents are unchanged.
 */
export const staffSchema: RxJsonSchema<Omit<StaffDoc, '_deleted'>> = {
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    login: { type: 'string', maxLength: 64 },
    name: stringField,
    roles: stringArray,
    passwordHash: stringField,
    vanKey: {
      type: 'object',
      properties: { version: { type: 'integer' }, publicKey: stringField, salt: stringField, iterations: { type: 'integer' } },
    },
    active: { type: 'boolean' },
    updatedAt: timeField,
  },
  required: ['id', 'login', 'name', 'roles', 'passwordHash', 'active', 'updatedAt'],
  indexes: ['login'],
};
